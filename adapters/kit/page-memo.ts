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

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * SHA-256 of the page's body as it arrived (never decoded), and of the meaningful headers with it when there
 * are any: equal fingerprints, equal bytes.
 */
export async function pageFingerprint(answer: { bytes(): Uint8Array; headers: Headers }): Promise<string> {
  const body = await sha256Hex(answer.bytes());
  const headers = MEANINGFUL_HEADERS.flatMap((name) => {
    const value = answer.headers.get(name);
    return value === null ? [] : [`${name}: ${value}`];
  });
  return headers.length === 0 ? body : sha256Hex(encoder.encode(`${headers.join("\n")}\n\n${body}`));
}

/**
 * The context for a listing whose resources depend on `context` besides its pages (a nested listing's parent,
 * a scoped listing's scope): its pages are remembered apart from the same URL's under another one.
 */
export function memoWithin(ctx: ProviderContext, context: unknown): ProviderContext {
  return ctx.pageMemo ? { ...ctx, pageMemo: ctx.pageMemo.within(JSON.stringify(context)) } : ctx;
}
