import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import { readRateLimit } from "../rate-limit";
import type { DigitalOceanCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "DigitalOcean";

export function digitalOceanHttp(credentials: DigitalOceanCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.token}` },
    // ratelimit-reset is the epoch second at which the oldest counted request leaves the sliding hour.
    readRateLimit: (headers) =>
      readRateLimit(headers, { limit: "ratelimit-limit", remaining: "ratelimit-remaining", reset: "ratelimit-reset", resetUnit: "epoch-seconds" }),
    errorMessage: messageFrom(errorBodySchema, (b) => b.message),
  };
}
