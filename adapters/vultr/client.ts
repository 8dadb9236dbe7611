import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import type { VultrCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "Vultr";

/** The longest wait between retries after a 429: the quota is per second, so a few seconds is plenty. */
export const MAX_RATE_LIMIT_BACKOFF_MS = 8_000;

/**
 * Vultr sends no rate-limit headers and no `Retry-After`, and its quota refills every second: after the n-th
 * 429 in a row wait 0.5 s, 1 s, 2 s, … up to 8 s (the official Go client retries after about half a second).
 */
export const vultrRateLimitBackoffMs = (consecutive: number) => Math.min(MAX_RATE_LIMIT_BACKOFF_MS, 500 * 2 ** consecutive);

export function vultrHttp(credentials: VultrCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.apiKey}` },
    // No rate-limit headers to read (the documented limit is 30 requests a second per source IP): a dock
    // shows no observed state rather than one made up from the documentation.
    readRateLimit: () => null,
    rateLimitBackoffMs: vultrRateLimitBackoffMs,
    errorMessage: messageFrom(errorBodySchema, (b) => b.error),
    // The defaults fit: 401 is an unknown key (or a source IP the key does not allow), 403 a user without the
    // permission (ACL) the endpoint needs, 404 a missing resource.
  };
}
