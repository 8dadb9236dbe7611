import type { z } from "zod";
import { ApiError } from "./errors";

const WHERE: Record<string, string> = { json: "body", query: "query", param: "path", header: "header", cookie: "cookie" };

/** At most this many issues are listed: a body of thousands of wrong values must not answer with thousands. */
export const MAX_LISTED_ISSUES = 20;
const MAX_SEGMENT = 64;
const MAX_ISSUE_MESSAGE = 200;

// Control and formatting characters (bidirectional overrides included) and lone surrogate halves. Field
// names and zod's messages can quote the caller's own keys; echoed into a toast, a log line or a terminal,
// these could hide or reorder what a reader sees.
const UNSAFE_ECHO = /[\p{Cc}\p{Cf}\u2028\u2029\uD800-\uDFFF]/gu;

/** Text taken from the request, fit to be quoted back: unsafe characters shown as U+FFFD, length capped. */
function fitToEcho(text: string, max: number): string {
  const clean = text.replace(UNSAFE_ECHO, "\uFFFD");
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Turns a zod failure into a 400 whose message names the first offending field; the first issues go in details. */
export function invalidInput(error: z.ZodError, target: string, pathPrefix: readonly string[] = []): ApiError {
  const issues = error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => ({
    field: [...pathPrefix, ...issue.path.map((segment) => fitToEcho(String(segment), MAX_SEGMENT))].join(".") || null,
    message: fitToEcho(issue.message, MAX_ISSUE_MESSAGE),
  }));
  const first = issues[0];
  const where = WHERE[target] ?? target;
  const message = first?.field
    ? `invalid ${where}: ${first.field}: ${first.message}`
    : `invalid ${where}: ${first?.message ?? "malformed input"}`;
  const omitted = error.issues.length - issues.length;
  return new ApiError("bad_request", message, { details: omitted > 0 ? { issues, omittedIssues: omitted } : { issues } });
}
