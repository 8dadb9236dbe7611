import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import { readRateLimit } from "../rate-limit";
import type { DigitalOceanCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "DigitalOcean";

/**
 * DigitalOcean's refusals by status and error `id`: 401 `unauthorized` is a token it does not accept at all;
 * 403 `forbidden` is a custom-scoped token without the scope an endpoint lists ("You are not authorized to
 * perform this operation." in practice, "You do not have permission to perform this action." in the spec's
 * example). The 403 body never names the scope, so the adapter's per-kind scope stands in for it.
 */
export function classifyDigitalOcean(status: number, body: unknown): ReturnType<NonNullable<ProviderHttp["classify"]>> {
  const id = errorBodySchema.safeParse(body).data?.id;
  if (status === 401 || id === "unauthorized") return { kind: "credentials_rejected" };
  if (status === 403 || id === "forbidden") return { kind: "permission_missing" };
  return null;
}

export function digitalOceanHttp(credentials: DigitalOceanCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.token}` },
    // ratelimit-reset is the epoch second at which the oldest counted request leaves the sliding hour.
    readRateLimit: (headers) =>
      readRateLimit(headers, { limit: "ratelimit-limit", remaining: "ratelimit-remaining", reset: "ratelimit-reset", resetUnit: "epoch-seconds" }),
    errorMessage: messageFrom(errorBodySchema, (b) => b.message),
    classify: (status, body) => classifyDigitalOcean(status, body),
  };
}
