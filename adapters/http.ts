import type { z } from "zod";
import type { RateLimitState } from "../shared/docks";
import { cleanErrorText, credentialValues } from "../shared/error-text";
import { PRODUCTION_OUTBOUND, refusedUrlReason } from "../shared/outbound-policy";
import { ProviderError } from "./errors";
import type { ProviderErrorKind } from "./errors";
import type { ProviderContext } from "./types";
import { retryAfterMs } from "./rate-limit";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * What a provider's classifier may say a refusal is. Rate limits have their own hook (`rateLimited`), with
 * the wait that goes with them, and refused destinations are decided before anything is sent.
 */
export type ClassifiedKind = Exclude<ProviderErrorKind, "rate_limited" | "destination_refused">;

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
  /**
   * What a refusal that is not a rate limit means, in the provider's own terms (its error codes, its 403
   * wording, a header naming the permission to grant); null leaves it to the status: 401 rejected
   * credentials, 403 a missing permission, 404 not found, 5xx the provider down, any other a failed request.
   * `message` is the provider's message, already cleaned.
   */
  classify?: (status: number, body: unknown, message: string | null, headers: Headers) => { kind: ClassifiedKind; scope?: string | null } | null;
  /**
   * Whether GET responses may be kept in `ProviderContext.httpCache` for conditional requests. Only for a
   * provider that documents ETags and whose bodies carry no secrets: the cache holds the raw bodies.
   */
  conditional?: boolean;
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

/**
 * Methods retried after a 5xx, a dropped connection or a timeout: sending them twice leaves the provider as
 * sending them once. POST and PATCH are not: a retry could create or change something twice.
 */
const RETRIED_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "PUT", "DELETE"]);
const NOT_RETRIED = "; not retried, as it may or may not have been applied";

/** A body larger than this is not kept for conditional requests (the Durable Object's SQLite caps a value at 2 MB). */
export const MAX_CACHED_BODY_CHARS = 1_000_000;
/**
 * Response headers a page's meaning depends on besides its body, kept with it: a 304 need not repeat them
 * (RFC 9110 lists the ones it must), and without GitHub's `link` a reused page would look like the last.
 */
const KEPT_HEADERS = ["link"] as const;

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

interface Outgoing {
  method: HttpMethod;
  url: URL;
  /** The JSON body, already serialized. */
  body?: string;
  /** The stored ETag to send as `If-None-Match`. */
  etag?: string;
}

/**
 * One request with redirects handled here rather than by `fetch`: a same-origin redirect is followed (each
 * hop checked like the first) at most MAX_REDIRECTS times; one to another origin is a refusal naming it, so
 * neither the credentials nor the request ever reach a host the dock was not pointed at. As `fetch` would,
 * a 303 (and a 301 or 302 answering a POST) continues as a GET without the body; 307 and 308 repeat the
 * request as it was.
 */
async function sendFollowingRedirects(ctx: ProviderContext, http: ProviderHttp, start: Outgoing, base: URL, doFetch: typeof fetch): Promise<Response> {
  const signal = AbortSignal.timeout(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let { method, url, body } = start;
  for (let hop = 0; ; hop++) {
    assertSendable(http, url, base, ctx);
    ctx.onRequest?.();
    const headers: Record<string, string> = { accept: "application/json", ...http.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (start.etag !== undefined && method === "GET") headers["if-none-match"] = start.etag;
    const res = await doFetch(url.toString(), { method, headers, body, redirect: "manual", signal });
    const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get("location") : null;
    if (location === null) return res;
    await res.body?.cancel();
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new ProviderError(http.provider, "request_failed", `${http.provider} answered ${method} ${url.pathname} with an unreadable redirect`, { status: res.status });
    }
    if (next.origin !== base.origin) {
      throw new ProviderError(http.provider, "destination_refused", `${http.provider} redirected ${method} ${url.pathname} to ${originOf(next)}; redirects to another origin than the dock's base URL are not followed`, {
        status: res.status,
      });
    }
    if (hop >= MAX_REDIRECTS) {
      throw new ProviderError(http.provider, "request_failed", `${http.provider} redirected ${start.method} ${start.url.pathname} more than ${MAX_REDIRECTS} times`, { status: res.status });
    }
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
    }
    url = next;
  }
}

/** The status alone, for a provider without a classifier or one that left this refusal to it. */
function defaultKind(status: number): ClassifiedKind {
  if (status === 401) return "credentials_rejected";
  if (status === 403) return "permission_missing";
  if (status === 404) return "not_found";
  if (status >= 500) return "provider_down";
  return "request_failed";
}

/** The error for a refusal that is not a rate limit, in words that say what to do about it. */
function refusal(http: ProviderHttp, res: Response, body: unknown, message: string | null, label: string, retried: boolean, secrets: readonly string[]): ProviderError {
  const custom = http.classify?.(res.status, body, message, res.headers) ?? null;
  const kind = custom?.kind ?? defaultKind(res.status);
  // A scope may come from a header: provider text like any other, so it is cleaned the same way.
  const scope = custom?.scope ? cleanErrorText(custom.scope, { secrets, max: 200 }) || undefined : undefined;
  const detail = message ? `: ${message}` : "";
  const options = { status: res.status, scope };
  const p = http.provider;
  switch (kind) {
    case "credentials_rejected":
      return new ProviderError(p, kind, `${p} rejected the credentials${detail}`, options);
    case "permission_missing":
      return new ProviderError(p, kind, `${p} refused ${label}: the credentials lack ${scope ? `the permission ${scope}` : "a permission it needs"}${detail}`, options);
    case "provider_down":
      if (!retried) return new ProviderError(p, kind, `${p} failed with ${res.status} (${label})${detail}${NOT_RETRIED}`, { ...options, outcomeUnknown: true });
      return new ProviderError(p, kind, `${p} failed with ${res.status} (${label})${detail}`, options);
    default:
      return new ProviderError(p, kind, `${p} refused ${label} with ${res.status}${detail}`, options);
  }
}

/** The 304's headers (current rate-limit state, a fresh ETag) with what the stored page kept where it has none. */
function withKeptHeaders(fresh: Headers, kept: Record<string, string>): Headers {
  const headers = new Headers(fresh);
  for (const [name, value] of Object.entries(kept)) if (!headers.has(name)) headers.set(name, value);
  return headers;
}

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** A body known as bytes or as text, the other form made on first use and kept. */
function lazyBody(known: { bytes: Uint8Array } | { text: string }): Pick<TextResponse, "bytes" | "text"> {
  let bytes = "bytes" in known ? known.bytes : null;
  let text = "text" in known ? known.text : null;
  return {
    bytes: () => (bytes ??= utf8Encoder.encode(text ?? "")),
    text: () => (text ??= utf8.decode(bytes ?? new Uint8Array())),
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export interface TextRequest {
  method: HttpMethod;
  url: string;
  /** Sent as JSON. */
  body?: unknown;
}

export interface JsonRequest<T> extends TextRequest {
  /** The response body's schema; a 204 (no content) is validated as `null`. */
  schema: z.ZodType<T>;
}

/** A successful answer before its body is read as JSON. */
export interface TextResponse {
  /**
   * The body as sent (empty for a 204), or for a 304 the stored body of the same URL: as bytes, and decoded as
   * UTF-8 (on first use: a page recognised by its bytes is never decoded).
   */
  bytes(): Uint8Array;
  text(): string;
  headers: Headers;
  status: number;
  /** The provider answered 304 and `text` is the stored body of the same URL. */
  notModified: boolean;
  /** Keeps the body for conditional requests, where the provider and the context allow it: call once it has been validated. */
  keep(): void;
}

export interface JsonResponse<T> {
  data: T;
  headers: Headers;
  status: number;
  /** The provider answered 304 and `data` is the stored body of the same URL. */
  notModified: boolean;
}

/** The request's method and path, as errors name it (never its query, where signatures travel). */
export function requestLabel(method: HttpMethod, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return method;
  }
}

/** Reads a successful answer's body as JSON and validates it: a body that is not the contract's is a contract violation. */
export function decodeBody<T>(http: ProviderHttp, label: string, response: Pick<TextResponse, "text" | "status">, schema: z.ZodType<T>): T {
  const body = response.status === 204 ? { ok: true as const, value: null } : parseJson(response.text());
  if (!body.ok) throw new ProviderError(http.provider, "contract_violation", `${http.provider} sent malformed JSON for ${label}`, { status: response.status });
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) throw new ProviderError(http.provider, "contract_violation", `${http.provider} sent an unexpected response for ${label}: ${describeIssue(parsed.error)}`, { status: response.status });
  return parsed.data;
}

/**
 * One request to a provider, up to a successful answer's text: sets auth, refuses destinations the credentials
 * must not go to, times out, retries 5xx and network errors with jittered backoff (GET, PUT and DELETE only: a
 * POST or PATCH fails at once, saying it may or may not have been applied), sits out short rate-limit waits (for
 * every method: a rate-limited request was refused before it was processed), reports rate-limit state, and makes
 * GETs conditional where the provider and the context allow it (`conditional: false` asks unconditionally).
 * Error text from the provider is cleaned before it is kept, and the provider's classifier decides what a
 * refusal means.
 */
export async function requestText(ctx: ProviderContext, http: ProviderHttp, request: TextRequest, options: { conditional?: boolean } = {}): Promise<TextResponse> {
  const doFetch = ctx.fetch ?? fetch;
  const sleep = ctx.sleep ?? defaultSleep;
  const { method } = request;
  let base: URL;
  let target: URL;
  try {
    base = new URL(ctx.baseUrl);
    target = new URL(request.url);
  } catch {
    throw new ProviderError(http.provider, "destination_refused", `${http.provider} request refused: the dock's base URL or the request URL is not a valid URL`);
  }
  const label = `${method} ${target.pathname}`;
  const secrets = credentialValues(http.headers);
  const retried = RETRIED_METHODS.has(method);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const cache = method === "GET" && http.conditional ? ctx.httpCache : undefined;
  const cacheKey = target.toString();
  const cached = options.conditional === false ? null : (cache?.get(cacheKey) ?? null);

  let rateLimitWaits = 0;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await sendFollowingRedirects(ctx, http, { method, url: target, body: payload, etag: cached?.etag }, base, doFetch);
    } catch (err) {
      // A refusal is the dock's configuration, not the network: retrying would only be refused again.
      if (err instanceof ProviderError) throw err;
      const reason = err instanceof Error && err.name === "TimeoutError" ? "timed out" : "could not be reached";
      // The request may have reached the provider before the connection broke: only a repeatable one is sent again.
      if (!retried) throw new ProviderError(http.provider, "transient", `${http.provider} ${reason} (${label})${NOT_RETRIED}`, { outcomeUnknown: true });
      if (attempt + 1 < MAX_ATTEMPTS) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      throw new ProviderError(http.provider, "transient", `${http.provider} ${reason} (${label})`);
    }

    const rateLimit = http.readRateLimit(res.headers);
    if (rateLimit) ctx.onRateLimit?.(rateLimit);

    if (res.status === 304 && cached) {
      await res.body?.cancel();
      const { body } = cached;
      return { ...lazyBody({ text: body }), headers: withKeptHeaders(res.headers, cached.headers), status: 304, notModified: true, keep: () => undefined };
    }

    if (res.ok) {
      let bytes: Uint8Array;
      try {
        bytes = res.status === 204 ? new Uint8Array() : new Uint8Array(await res.arrayBuffer());
      } catch {
        throw new ProviderError(http.provider, "contract_violation", `${http.provider} sent malformed JSON for ${label}`, { status: res.status });
      }
      const etag = res.headers.get("etag");
      const headers = res.headers;
      const body = lazyBody({ bytes });
      // Stored only once the caller validated it: a body that could not be used is not worth a 304 later.
      const keep = () => {
        if (!cache || !etag) return;
        const text = body.text();
        if (text.length <= MAX_CACHED_BODY_CHARS) cache.put(cacheKey, { etag, body: text, headers: keptHeaders(headers) });
      };
      return { ...body, headers, status: res.status, notModified: false, keep };
    }

    // The provider's words are shown to every member and stored: cleaned here, once, for every adapter.
    const errorBody: unknown = await res.json().catch(() => null);
    const raw = http.errorMessage(errorBody);
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
    if (res.status >= 500 && retried && attempt + 1 < MAX_ATTEMPTS) {
      await sleep(backoffDelay(attempt));
      continue;
    }
    throw refusal(http, res, errorBody, message, label, retried, secrets);
  }
}

/**
 * A successful answer's body, validated. A stored body (a 304) the schema no longer accepts — the adapter
 * changed since it was kept — is asked for again without the condition; a body is kept for conditional
 * requests only once it validated.
 */
export async function decodeResponse<T>(ctx: ProviderContext, http: ProviderHttp, request: TextRequest, response: TextResponse, schema: z.ZodType<T>): Promise<{ data: T; response: TextResponse }> {
  const label = requestLabel(request.method, request.url);
  if (response.notModified) {
    try {
      return { data: decodeBody(http, label, response, schema), response };
    } catch {
      response = await requestText(ctx, http, request, { conditional: false });
    }
  }
  const data = decodeBody(http, label, response, schema);
  response.keep();
  return { data, response };
}

/** One JSON request to a provider: `requestText`, then the body validated with zod (`decodeResponse`). */
export async function requestJson<T>(ctx: ProviderContext, http: ProviderHttp, request: JsonRequest<T>): Promise<JsonResponse<T>> {
  const { data, response } = await decodeResponse(ctx, http, request, await requestText(ctx, http, request), request.schema);
  return { data, headers: response.headers, status: response.status, notModified: response.notModified };
}

/** GETs JSON from a provider through `requestJson`: everything it does, conditional requests included. */
export function getJson<T>(ctx: ProviderContext, http: ProviderHttp, url: string, schema: z.ZodType<T>): Promise<JsonResponse<T>> {
  return requestJson(ctx, http, { method: "GET", url, schema });
}
