import type { z } from "zod";
import { ApiError } from "./errors";

const WHERE: Record<string, string> = { json: "body", query: "query", param: "path", header: "header", cookie: "cookie" };

/** Turns a zod failure into a 400 whose message names the first offending field; all issues go in details. */
export function invalidInput(error: z.ZodError, target: string, pathPrefix: readonly string[] = []): ApiError {
  const issues = error.issues.map((issue) => ({
    field: [...pathPrefix, ...issue.path.map(String)].join(".") || null,
    message: issue.message,
  }));
  const first = issues[0];
  const where = WHERE[target] ?? target;
  const message = first?.field
    ? `invalid ${where}: ${first.field}: ${first.message}`
    : `invalid ${where}: ${first?.message ?? "malformed input"}`;
  return new ApiError("bad_request", message, { details: { issues } });
}

/** Cursors that are a row's integer position (audit id, event seq): anything else was not issued by us. */
export function numericCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,15}$/.test(cursor)) throw new ApiError("bad_request", "invalid query: cursor: not a cursor this endpoint returned");
  return Number(cursor);
}
