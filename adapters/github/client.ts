import type { z } from "zod";
import { getJson, messageFrom } from "../http";
import type { ProviderHttp } from "../http";
import { resolvePath } from "../kit";
import { readRateLimit } from "../rate-limit";
import type { ProviderContext } from "../types";
import type { GithubCredentials } from "./credentials";
import { errorBodySchema } from "./schemas";

export const PROVIDER_NAME = "GitHub";
export const API_VERSION = "2022-11-28";
// GitHub refuses requests without a User-Agent; it asks for one that names the application.
export const USER_AGENT = "EdgeDock (github adapter)";

/** Wait GitHub asks for after a secondary limit that names no time: "wait at least one minute". */
const SECONDARY_DEFAULT_WAIT_SECONDS = 60;

export function githubHttp(credentials: GithubCredentials): ProviderHttp {
  return {
    provider: PROVIDER_NAME,
    headers: {
      authorization: `Bearer ${credentials.token}`,
      // Lower-case so it replaces the shared client's default accept rather than joining it.
      accept: "application/vnd.github+json",
      "x-github-api-version": API_VERSION,
      "user-agent": USER_AGENT,
    },
    readRateLimit: (headers) =>
      readRateLimit(headers, { limit: "x-ratelimit-limit", remaining: "x-ratelimit-remaining", reset: "x-ratelimit-reset", resetUnit: "epoch-seconds" }),
    errorMessage: messageFrom(errorBodySchema, (b) => b.message),
    rateLimited: classifyRateLimit,
    classify: (status, _body, message, headers) => classifyGithub(status, message, headers),
    // GitHub documents ETags on its responses and does not count a 304 against the primary limit.
    conditional: true,
  };
}

/** What GitHub's fine-grained tokens and GitHub Apps are told when a permission is missing (its troubleshooting guide). */
const NOT_ACCESSIBLE = /resource not accessible by (?:personal access token|integration)/i;

/**
 * The permissions GitHub says an endpoint needs, from `X-Accepted-GitHub-Permissions`: comma-separated
 * `name=level` pairs, with `;` between alternative sets ("contents=read; issues=read" reads "either").
 */
export function acceptedPermissions(headers: Headers): string | null {
  const raw = headers.get("x-accepted-github-permissions");
  if (raw === null) return null;
  const sets = raw
    .split(";")
    .map((set) => set.split(",").map((p) => p.trim()).filter(Boolean).join(","))
    .filter(Boolean);
  return sets.length > 0 ? sets.join(" or ") : null;
}

/**
 * GitHub's refusals once rate limits are ruled out (those 403s are `rateLimited`'s): 401 is a token GitHub
 * does not accept; a 403 saying the resource is not accessible by the token, or naming the permissions the
 * endpoint accepts, is a permission the token was not given, and the header names it. Other 403s are left to
 * the default (a missing permission). A private resource the token may not see comes as 404, which cannot be
 * told from one that is gone.
 */
export function classifyGithub(status: number, message: string | null, headers: Headers): ReturnType<NonNullable<ProviderHttp["classify"]>> {
  if (status === 401) return { kind: "credentials_rejected" };
  if (status === 403 && ((message !== null && NOT_ACCESSIBLE.test(message)) || headers.has("x-accepted-github-permissions"))) {
    return { kind: "permission_missing", scope: acceptedPermissions(headers) };
  }
  return null;
}

/**
 * How GitHub tells a rate limit apart from a refusal, both of which may come as 403: `retry-after` or
 * `x-ratelimit-remaining: 0` present (the shared client reads those headers for the wait), or — for a
 * secondary limit that gives no time — a message saying so, which asks for at least a minute.
 */
export function classifyRateLimit(status: number, headers: Headers, message: string | null): { waitMs: number | null } | null {
  if (status !== 403) return null;
  if (headers.has("retry-after") || headers.get("x-ratelimit-remaining")?.trim() === "0") return { waitMs: null };
  if (message !== null && /rate limit/i.test(message)) return { waitMs: SECONDARY_DEFAULT_WAIT_SECONDS * 1000 };
  return null;
}

/** GETs a path (with its query) on the dock's base URL through the shared client. */
export function githubGet<T>(credentials: GithubCredentials, ctx: ProviderContext, pathAndQuery: string, schema: z.ZodType<T>) {
  return getJson(ctx, githubHttp(credentials), resolvePath(ctx.baseUrl, pathAndQuery), schema);
}
