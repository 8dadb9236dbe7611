/**
 * Recognising an unchanged page by its bytes. An unchanged re-sync used to parse, validate and normalize every
 * page only to find every resource's hash equal to the stored one; the fingerprint of the raw answer tells the
 * same before any of that, and the engine's memo of the page (its step and its resources' hashes) stands in
 * for reading it.
 */
import type { ProviderContext } from "../types";

/**
 * Response headers a page's meaning depends on besides its body (a `Link` header is where link-header paging
 * goes on): they are part of its fingerprint.
 */
const MEANINGFUL_HEADERS = ["link"] as const;

const encoder = new TextEncoder();

/** SHA-256 of the page's body and meaningful headers, hex: equal fingerprints, equal bytes. */
export async function pageFingerprint(answer: { text: string; headers: Headers }): Promise<string> {
  const headers = MEANINGFUL_HEADERS.map((name) => `${name}: ${answer.headers.get(name) ?? ""}`).join("\n");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${headers}\n\n${answer.text}`)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * The context for a listing whose resources depend on `context` besides its pages (a nested listing's parent,
 * a scoped listing's scope): its pages are remembered apart from the same URL's under another one.
 */
export function memoWithin(ctx: ProviderContext, context: unknown): ProviderContext {
  return ctx.pageMemo ? { ...ctx, pageMemo: ctx.pageMemo.within(JSON.stringify(context)) } : ctx;
}
