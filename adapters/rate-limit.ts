import type { RateLimitState } from "../shared/docks";

function intHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return null;
  return Number(raw);
}

/**
 * Reads the common `limit / remaining / reset` header trio. Providers disagree on names and on whether
 * reset is epoch seconds, epoch milliseconds or seconds from now, so each adapter names its own.
 */
export function readRateLimit(
  headers: Headers,
  names: { limit: string; remaining: string; reset: string; resetUnit: "epoch-seconds" | "epoch-ms" | "delta-seconds" },
  now = Date.now(),
): RateLimitState | null {
  const limit = intHeader(headers, names.limit);
  const remaining = intHeader(headers, names.remaining);
  const reset = intHeader(headers, names.reset);
  if (limit === null && remaining === null && reset === null) return null;
  let resetAt: string | null = null;
  if (reset !== null) {
    const ms = names.resetUnit === "epoch-seconds" ? reset * 1000 : names.resetUnit === "epoch-ms" ? reset : now + reset * 1000;
    resetAt = new Date(ms).toISOString();
  }
  return { limit, remaining, resetAt, observedAt: new Date(now).toISOString() };
}

/** `Retry-After` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const raw = headers.get("retry-after");
  if (raw === null) return null;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
