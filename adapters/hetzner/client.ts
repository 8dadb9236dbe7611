import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import { readRateLimit } from "../rate-limit";
import type { HetznerCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "Hetzner Cloud";

export function hetznerHttp(credentials: HetznerCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.token}` },
    // RateLimit-Reset is the epoch second at which the whole hourly quota is back. The quota refills one
    // request at a time, so after a 429 this is the latest moment to retry, not the earliest.
    readRateLimit: (headers) =>
      readRateLimit(headers, { limit: "ratelimit-limit", remaining: "ratelimit-remaining", reset: "ratelimit-reset", resetUnit: "epoch-seconds" }),
    errorMessage: messageFrom(errorBodySchema, (b) => b.error.message),
  };
}
