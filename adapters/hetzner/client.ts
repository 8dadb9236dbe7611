import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import { readRateLimit } from "../rate-limit";
import type { HetznerCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "Hetzner Cloud";

/** The longest wait after a 429, as the official client (hcloud-go) caps its backoff. */
export const MAX_RATE_LIMIT_BACKOFF_MS = 60_000;

/** 1 s, 2 s, 4 s, … up to a minute: the quota has refilled by a request a second meanwhile. */
export const hetznerRateLimitBackoffMs = (consecutive: number) => Math.min(MAX_RATE_LIMIT_BACKOFF_MS, 1000 * 2 ** consecutive);

/** The token permission Hetzner's console offers besides "Read": what a read-only token lacks for any write. */
export const READ_WRITE_PERMISSION = "Read & Write";

/**
 * Hetzner's refusals by their error `code`, which its documentation lists without statuses: `unauthorized`
 * (an unknown or revoked token), `forbidden` (insufficient permissions), `token_readonly` (a read-only token
 * asked to change something) and `not_found`.
 */
export function classifyHetzner(status: number, body: unknown): ReturnType<NonNullable<ProviderHttp["classify"]>> {
  const code = errorBodySchema.safeParse(body).data?.error.code;
  if (code === "unauthorized" || (code === undefined && status === 401)) return { kind: "credentials_rejected" };
  if (code === "token_readonly") return { kind: "permission_missing", scope: READ_WRITE_PERMISSION };
  if (code === "forbidden" || (code === undefined && status === 403)) return { kind: "permission_missing" };
  if (code === "not_found") return { kind: "not_found" };
  return null;
}

export function hetznerHttp(credentials: HetznerCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.token}` },
    // RateLimit-Reset is the epoch second at which the whole hourly quota is back. The quota refills one
    // request at a time, so after a 429 this is the latest moment to retry, not the earliest: it is kept
    // as the dock's rate-limit state, and the wait is the backoff below.
    readRateLimit: (headers) =>
      readRateLimit(headers, { limit: "ratelimit-limit", remaining: "ratelimit-remaining", reset: "ratelimit-reset", resetUnit: "epoch-seconds" }),
    rateLimitBackoffMs: hetznerRateLimitBackoffMs,
    errorMessage: messageFrom(errorBodySchema, (b) => b.error.message),
    classify: (status, body) => classifyHetzner(status, body),
  };
}
