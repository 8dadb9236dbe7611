import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import { readRateLimit } from "../rate-limit";
import type { LinodeCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "Linode";

/**
 * Linode's refusals: 401 is a token it does not accept at all ("Invalid Token"); 403 is a token whose scopes
 * do not cover the endpoint ("Your OAuth token is not authorized to use this endpoint."). Responses carry
 * `X-Accepted-OAuth-Scopes`, the scopes the endpoint needs, which names what to grant when it is there.
 */
export function classifyLinode(status: number, headers: Headers): ReturnType<NonNullable<ProviderHttp["classify"]>> {
  if (status === 401) return { kind: "credentials_rejected" };
  if (status === 403) {
    const accepted = headers.get("x-accepted-oauth-scopes")?.trim();
    return { kind: "permission_missing", scope: accepted ? accepted : null };
  }
  if (status === 404) return { kind: "not_found" };
  return null;
}

/** Every `reason` of the `errors` array, joined: Linode may list several problems at once. */
const reasons = messageFrom(errorBodySchema, (b) => b.errors.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason)).join("; "));

export function linodeHttp(credentials: LinodeCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.token}` },
    // X-RateLimit-Reset is the epoch second at which the window resets; Retry-After (seconds) comes with a 429
    // and is read by the HTTP layer before the reset header.
    readRateLimit: (headers) =>
      readRateLimit(headers, { limit: "x-ratelimit-limit", remaining: "x-ratelimit-remaining", reset: "x-ratelimit-reset", resetUnit: "epoch-seconds" }),
    errorMessage: reasons,
    classify: (status, _body, _message, headers) => classifyLinode(status, headers),
  };
}
