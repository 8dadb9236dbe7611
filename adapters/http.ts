import type { z } from "zod";
import type { RateLimitState } from "../shared/docks";
import { cleanErrorText, credentialValues } from "../shared/error-text";
import { PRODUCTION_OUTBOUND, refusedUrlReason } from "../shared/outbound-policy";
import { ProviderError } from "./errors";
import type { ProviderContext } from "./types";
import { retryAfterMs } from "./rate-limit";

/** What differs between providers in talking HTTP; everything else is this one client. */
export interface ProviderHttp {
  provider: string;
  headers: Record<string, string>;
  readRateLimit: (headers: Headers) => RateLimitState | null;
  /** The human message inside the provider's error body, if it has one. */
  errorMessage: (body: unknown) => string | null;
  /**
   * For providers that signal rate limits with statuses other than 429 (GitHub's 403s): whether this
   * response is one, and how long it asks to wait when its headers do not say (null: read them).
   */
  rateLimited?: (status: number, headers: Headers, message: string | null) => { waitMs: number | null } | null;
  /**
   * For providers whose quota refills continuously (Hetzner: one request a second): how long to wait after
   * the n-th rate-limited answer in a row (0-based), used instead of the reset header, which only says when
   * the whole quota is back. `Retry-After`, when sent, still wins.
   */
  rateLimitBackoffMs?: (consecutive: number) => number;
}

/** `errorMessage` for a provider whose error body has a schema: the message where the schema says, else null. */
export function messageFrom<T>(schema: z.ZodType<T>, pick: (body: T) => string): (body: unknown) => string | null {
  return (body) => {
    const parsed = schema.safeParse(body);
    return parsed.success ? pick(parsed.data) : null;
  };
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_ATTEMPTS = 4;
const MAX_RATE_LIMIT_WAITS = 3;
const BASE_BACKOFF_MS = 200;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full jitter: a random delay up to the exponential ceiling, so many clients do not retry in step. */
export function backoffDelay(attempt: number, base = BASE_BACKOFF_MS, cap = 5_000, random = Math.random): number {
  return Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}

export function joinUrl(baseUrl: string, path: string, query?: Record<string, string | number | undefined>): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid body";
  const field = issue.path.map(String).join(".") || "(body)";
  return `${field}: ${issue.message}`;
}

/** Redirects followed within the dock's origin before a request counts as failed. */
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** An origin for a message: never a path or query, which is where signatures and tokens travel. */
function originOf(url: URL): string {
  return url.origin === "null" ? `a ${url.protocol} URL` : url.origin;
}

/**
 * Refuses, before anything is sent, a request the credentials must not go with: to another origin than the
 * dock's base URL (a `next` link, a stored cursor or a redirect pointing elsewhere), or to a host the
 * outbound policy refuses.
 */
function assertSendable(http: ProviderHttp, url: URL, base: URL, ctx: ProviderContext): void {
  if (url.origin !== base.origin) {
    throw new ProviderError(http.provider, "destination_refused", `${http.provider} request to ${originOf(url)} refused: credentials are only sent to the dock's base URL (${originOf(base)})`);
  }
  const reason = refusedUrlReason(url, ctx.outbound ?? PRODUCTION_OUTBOUND);
  if (reason) throw new ProviderError(http.provider, "destination_refused", `${http.provider} request to ${originOf(url)} refused: ${reason}`);
}

/**
 * One GET with redirects handled here rather than by `fetch`: a same-origin redirect is followed (each hop
 * checked like the first) at most MAX_REDIRECTS times; one to another origin is a refusal naming it, so
 * neither the credentials nor the request ever reach a host the dock was not pointed at.
 */
async function sendFollowingRedirects(ctx: ProviderContext, http: ProviderHttp, start: URL, base: URL, doFetch: typeof fetch): Promise<Response> {
  const signal = AbortSignal.timeout(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let url = start;
  for (let hop = 0; ; hop++) {
    assertSendable(http, url, base, ctx);
    ctx.onRequest?.();
    const res = await doFetch(url.toString(), { headers: { accept: "application/json", ...http.headers }, redirect: "manual", signal });
    const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get("location") : null;
    if (location === null) return res;
    await res.body?.cancel();
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new ProviderError(http.provider, "request_failed", `${http.provider} answered GET ${url.pathname} with an unreadable redirect`, { status: res.status });
    }
    if (next.origin !== base.origin) {
      throw new ProviderError(http.provider, "destination_refused", `${http.provider} redirected GET ${url.pathname} to ${originOf(next)}; redirects to another origin than the dock's base URL are not followed`, {
        status: res.status,
      });
    }
    if (hop >= MAX_REDIRECTS) {
      throw new ProviderError(http.provider, "request_failed", `${http.provider} redirected GET ${start.pathname} more than ${MAX_REDIRECTS} times`, { status: res.status });
    }
    url = next;
  }
}

/**
 * GETs JSON from a provider: sets auth, refuses destinations the credentials must not go to, times out,
 * retries 5xx and network errors with jittered backoff, sits out short rate-limit waits, reports rate-limit
 * state, and validates the body with zod. Error text from the provider is cleaned before it is kept.
 */
export async function getJson<T>(
  ctx: ProviderContext,
  http: ProviderHttp,
  url: string,
  schema: z.ZodType<T>,
): Promise<{ data: T; headers: Headers }> {
  const doFetch = ctx.fetch ?? fetch;
  const sleep = ctx.sleep ?? defaultSleep;
  let base: URL;
  let target: URL;
  try {
    base = new URL(ctx.baseUrl);
    target = new URL(url);
  } catch {
    throw new ProviderError(http.provider, "destination_refused", `${http.provider} request refused: the dock's base URL or the request URL is not a valid URL`);
  }
  const path = target.pathname;
  const secrets = credentialValues(http.headers);
  let rateLimitWaits = 0;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await sendFollowingRedirects(ctx, http, target, base, doFetch);
    } catch (err) {
      // A refusal is the dock's configuration, not the network: retrying would only be refused again.
      if (err instanceof ProviderError) throw err;
      const reason = err instanceof Error && err.name === "TimeoutError" ? "timed out" : "could not be reached";
      if (attempt + 1 < MAX_ATTEMPTS) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      throw new ProviderError(http.provider, "transient", `${http.provider} ${reason} (GET ${path})`);
    }

    const rateLimit = http.readRateLimit(res.headers);
    if (rateLimit) ctx.onRateLimit?.(rateLimit);

    if (res.ok) {
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new ProviderError(http.provider, "contract_violation", `${http.provider} sent malformed JSON for GET ${path}`, { status: res.status });
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new ProviderError(http.provider, "contract_violation", `${http.provider} sent an unexpected response for GET ${path}: ${describeIssue(parsed.error)}`, {
          status: res.status,
        });
      }
      return { data: parsed.data, headers: res.headers };
    }

    // The provider's words are shown to every member and stored: cleaned here, once, for every adapter.
    const raw = http.errorMessage(await res.json().catch(() => null));
    const message = raw === null ? null : cleanErrorText(raw, { secrets }) || null;
    const detail = message ? `: ${message}` : "";
    const limited = res.status === 429 ? { waitMs: null } : (http.rateLimited?.(res.status, res.headers, message) ?? null);
    if (limited) {
      const now = Date.now();
      const resetMs = rateLimit?.resetAt && rateLimit.remaining === 0 ? Date.parse(rateLimit.resetAt) - now : null;
      const backoffMs = http.rateLimitBackoffMs?.(rateLimitWaits) ?? null;
      const waitMs = Math.max(0, retryAfterMs(res.headers, now) ?? backoffMs ?? resetMs ?? limited.waitMs ?? 60_000);
      if (waitMs <= (ctx.maxRateLimitWaitMs ?? 0) && rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
        rateLimitWaits++;
        await sleep(waitMs);
        attempt--;
        continue;
      }
      throw new ProviderError(http.provider, "rate_limited", `${http.provider} is rate limiting this account${detail}`, {
        status: res.status,
        retryAt: new Date(now + waitMs),
      });
    }
    if (res.status === 401 || res.status === 403) {
      throw new ProviderError(http.provider, "credentials_rejected", `${http.provider} rejected the credentials${detail}`, { status: res.status });
    }
    if (res.status >= 500) {
      if (attempt + 1 < MAX_ATTEMPTS) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      throw new ProviderError(http.provider, "transient", `${http.provider} failed with ${res.status} (GET ${path})${detail}`, { status: res.status });
    }
    throw new ProviderError(http.provider, "request_failed", `${http.provider} refused GET ${path} with ${res.status}${detail}`, { status: res.status });
  }
}
