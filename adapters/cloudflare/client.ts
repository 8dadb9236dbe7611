import type { RateLimitState } from "../../shared/docks";
import { messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import type { CloudflareCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "Cloudflare";

/**
 * Codes of the v4 envelope that say what a refusal is (Cloudflare documents no per-status list):
 * 1000 "Invalid API Token" and 6003/6111 (a malformed `Authorization` header) mean the token itself is not
 * accepted; 10000 "Authentication error" on a 403 is a working token without the permission the endpoint needs;
 * 1001 is an account-owned token on an endpoint that takes only user tokens ("List accounts endpoint does not
 * support account owned tokens").
 */
const REJECTED_CODES = new Set([1000, 6003, 6111]);

export function classifyCloudflare(status: number, body: unknown): ReturnType<NonNullable<ProviderHttp["classify"]>> {
  const codes = errorBodySchema.safeParse(body).data?.errors.map((e) => e.code) ?? [];
  if (status === 401 || codes.some((c) => REJECTED_CODES.has(c))) return { kind: "credentials_rejected" };
  if (status === 403) return { kind: "permission_missing" };
  if (status === 404) return { kind: "not_found" };
  return null;
}

/** The first item of a structured-field list header: `"default";r=50;t=30` → { r: 50, t: 30 }. */
function firstItemParams(value: string | null): Record<string, number> {
  const params: Record<string, number> = {};
  if (value === null) return params;
  const item = value.split(",")[0] ?? "";
  for (const part of item.split(";").slice(1)) {
    const [key, raw] = part.trim().split("=");
    if (key && raw !== undefined && /^\d+$/.test(raw.trim())) params[key] = Number(raw.trim());
  }
  return params;
}

/**
 * Cloudflare's rate-limit headers (2025-09): `Ratelimit: "<name>";r=<remaining>;t=<seconds to reset>` and
 * `Ratelimit-Policy: "<name>";q=<quota>;w=<window seconds>`. The reset is a delta in seconds.
 */
export function readCloudflareRateLimit(headers: Headers, now = Date.now()): RateLimitState | null {
  const state = firstItemParams(headers.get("ratelimit"));
  const policy = firstItemParams(headers.get("ratelimit-policy"));
  const limit = policy.q ?? null;
  const remaining = state.r ?? null;
  const reset = state.t ?? null;
  if (limit === null && remaining === null && reset === null) return null;
  return { limit, remaining, resetAt: reset === null ? null : new Date(now + reset * 1000).toISOString(), observedAt: new Date(now).toISOString() };
}

export function cloudflareHttp(credentials: CloudflareCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: { authorization: `Bearer ${credentials.token}` },
    readRateLimit: (headers) => readCloudflareRateLimit(headers),
    errorMessage: messageFrom(errorBodySchema, (b) => b.errors.map((e) => `${e.message} (code ${e.code})`).join("; ")),
    classify: (status, body) => classifyCloudflare(status, body),
  };
}
