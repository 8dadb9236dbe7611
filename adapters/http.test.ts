import { describe, expect, it } from "vitest";
import { z } from "zod";
import { classifyDigitalOcean, digitalOceanHttp } from "./digitalocean/client";
import { ProviderError } from "./errors";
import { acceptedPermissions, githubHttp } from "./github/client";
import { hetznerHttp, READ_WRITE_PERMISSION } from "./hetzner/client";
import { backoffDelay, getJson, requestJson } from "./http";
import type { HttpMethod, ProviderHttp } from "./http";
import { readRateLimit, retryAfterMs } from "./rate-limit";
import type { ProviderContext } from "./types";

const http: ProviderHttp = {
  provider: "Example",
  headers: { authorization: "Bearer t" },
  readRateLimit: (h) => readRateLimit(h, { limit: "x-limit", remaining: "x-remaining", reset: "x-reset", resetUnit: "epoch-seconds" }),
  errorMessage: (body) => (body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : null),
};
const schema = z.object({ ok: z.boolean() });
/** The dock's base URL: requests go to its origin, a public host the default (production) policy lets through. */
const BASE = "https://api.example.com";

/** A scripted provider: each call answers with the next response. */
function scripted(responses: (() => Response)[]) {
  const calls: RequestInit[] = [];
  const urls: string[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push(init);
    urls.push(url);
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next();
  }) as unknown as typeof fetch;
  return { fetchFn, calls, urls };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const noSleep = async () => {};

describe("getJson", () => {
  it("sends auth, validates the body and reports rate-limit state", async () => {
    const { fetchFn, calls } = scripted([json({ ok: true }, 200, { "x-limit": "100", "x-remaining": "99", "x-reset": "1700000000" })]);
    const seen: unknown[] = [];
    const { data } = await getJson({ baseUrl: BASE, fetch: fetchFn, onRateLimit: (s) => seen.push(s) }, http, `${BASE}/v1/x`, schema);
    expect(data).toEqual({ ok: true });
    expect(new Headers(calls[0]!.headers).get("authorization")).toBe("Bearer t");
    expect(seen).toEqual([expect.objectContaining({ limit: 100, remaining: 99, resetAt: "2023-11-14T22:13:20.000Z" })]);
  });

  it("retries 5xx and network errors, then gives up: a provider still failing is down, one never reached transient", async () => {
    const ok = scripted([json({}, 503), () => { throw new TypeError("network"); }, json({ ok: true })]);
    expect((await getJson({ baseUrl: BASE, fetch: ok.fetchFn, sleep: noSleep }, http, `${BASE}/y`, schema)).data.ok).toBe(true);
    expect(ok.calls).toHaveLength(3);

    const down = scripted([json({}, 500), json({}, 502), json({}, 503), json({ message: "still down" }, 500)]);
    const err = await getJson({ baseUrl: BASE, fetch: down.fetchFn, sleep: noSleep }, http, `${BASE}/y`, schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "provider_down", status: 500, message: "Example failed with 500 (GET /y): still down", outcomeUnknown: false });
    expect(down.calls).toHaveLength(4);

    const unreachable = scripted(Array.from({ length: 4 }, () => () => { throw new TypeError("network"); }));
    const gone = await getJson({ baseUrl: BASE, fetch: unreachable.fetchFn, sleep: noSleep }, http, `${BASE}/y`, schema).catch((e: unknown) => e);
    expect(gone).toMatchObject({ kind: "transient", message: "Example could not be reached (GET /y)" });
    expect(unreachable.calls).toHaveLength(4);
  });

  it("sits out a short 429 and fails a long one with the time to retry", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const short = scripted([json({}, 429, { "retry-after": "2" }), json({ ok: true })]);
    await getJson({ baseUrl: BASE, fetch: short.fetchFn, sleep, maxRateLimitWaitMs: 60_000 }, http, `${BASE}/y`, schema);
    expect(waits).toEqual([2000]);

    const long = scripted([json({ message: "slow down" }, 429, { "retry-after": "600" })]);
    const before = Date.now();
    const err = await getJson({ baseUrl: BASE, fetch: long.fetchFn, sleep, maxRateLimitWaitMs: 60_000 }, http, `${BASE}/y`, schema).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited" });
    const retryAt = (err as ProviderError).retryAt!.getTime();
    expect(retryAt - before).toBeGreaterThanOrEqual(600_000);
    expect(retryAt - before).toBeLessThan(601_000);
  });

  it("maps 401 to rejected credentials with the provider's reason", async () => {
    const { fetchFn } = scripted([json({ message: "bad token" }, 401)]);
    await expect(getJson({ baseUrl: BASE, fetch: fetchFn }, http, `${BASE}/y`, schema)).rejects.toMatchObject({
      kind: "credentials_rejected",
      message: "Example rejected the credentials: bad token",
    });
  });

  it("reports malformed JSON and unexpected fields as contract violations naming the field", async () => {
    const garbled = scripted([() => new Response("{nope", { status: 200 })]);
    await expect(getJson({ baseUrl: BASE, fetch: garbled.fetchFn }, http, `${BASE}/y`, schema)).rejects.toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/malformed JSON/) });
    const wrong = scripted([json({ ok: "yes" })]);
    await expect(getJson({ baseUrl: BASE, fetch: wrong.fetchFn }, http, `${BASE}/y`, schema)).rejects.toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/: ok: /) });
  });
});

describe("backoff and rate-limit headers", () => {
  it("full jitter stays under an exponential ceiling with a cap", () => {
    expect(backoffDelay(0, 200, 5000, () => 0.999)).toBe(199);
    expect(backoffDelay(3, 200, 5000, () => 0.999)).toBe(1598);
    expect(backoffDelay(10, 200, 5000, () => 0.999)).toBe(4995);
    expect(backoffDelay(4, 200, 5000, () => 0)).toBe(0);
  });
  it("reads Retry-After as seconds or an HTTP date, and reset in each unit", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "29" }), now)).toBe(29_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:01:00 GMT" }), now)).toBe(60_000);
    expect(retryAfterMs(new Headers(), now)).toBeNull();
    const names = { limit: "l", remaining: "r", reset: "t" } as const;
    expect(readRateLimit(new Headers({ t: "1767225660000" }), { ...names, resetUnit: "epoch-ms" }, now)?.resetAt).toBe("2026-01-01T00:01:00.000Z");
    expect(readRateLimit(new Headers({ t: "60" }), { ...names, resetUnit: "delta-seconds" }, now)?.resetAt).toBe("2026-01-01T00:01:00.000Z");
    expect(readRateLimit(new Headers(), { ...names, resetUnit: "epoch-seconds" }, now)).toBeNull();
  });
});

const ctxWith = (fetchFn: typeof fetch, extra: Partial<ProviderContext> = {}): ProviderContext => ({ baseUrl: BASE, fetch: fetchFn, sleep: noSleep, ...extra });
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected the request to fail"); }, (e: unknown) => e);
const timeout = () => () => {
  throw new DOMException("The operation timed out.", "TimeoutError");
};
const down = (status = 503) => json({ message: "try later" }, status);

describe("requestJson: methods with a body", () => {
  it("sends the method and the body as JSON, with auth, and validates the answer", async () => {
    const { fetchFn, calls, urls } = scripted([json({ ok: true }, 201)]);
    const { data, status } = await requestJson(ctxWith(fetchFn), http, { method: "POST", url: `${BASE}/v1/things`, body: { name: "a" }, schema });
    expect({ data, status }).toEqual({ data: { ok: true }, status: 201 });
    expect(urls).toEqual([`${BASE}/v1/things`]);
    expect(calls[0]).toMatchObject({ method: "POST", body: JSON.stringify({ name: "a" }), redirect: "manual" });
    const headers = new Headers(calls[0]!.headers);
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("authorization")).toBe("Bearer t");
  });

  it("never retries a POST or PATCH on a 5xx: it fails at once, saying it may or may not have been applied", async () => {
    for (const method of ["POST", "PATCH"] as const) {
      const { fetchFn, calls } = scripted([down(503), json({ ok: true })]);
      const err = await failure(requestJson(ctxWith(fetchFn), http, { method, url: `${BASE}/v1/things`, body: {}, schema }));
      expect(err, method).toMatchObject({ kind: "provider_down", status: 503, outcomeUnknown: true, message: `Example failed with 503 (${method} /v1/things): try later; not retried, as it may or may not have been applied` });
      expect(calls, method).toHaveLength(1);
    }
  });

  it("never retries a POST on a network error or a timeout", async () => {
    const dropped = scripted([() => { throw new TypeError("network"); }, json({ ok: true })]);
    const err = await failure(requestJson(ctxWith(dropped.fetchFn), http, { method: "POST", url: `${BASE}/v1/things`, body: {}, schema }));
    expect(err).toMatchObject({ kind: "transient", outcomeUnknown: true, message: "Example could not be reached (POST /v1/things); not retried, as it may or may not have been applied" });
    expect(dropped.calls).toHaveLength(1);

    const slow = scripted([timeout(), json({ ok: true })]);
    await expect(requestJson(ctxWith(slow.fetchFn), http, { method: "POST", url: `${BASE}/v1/things`, body: {}, schema })).rejects.toMatchObject({
      kind: "transient",
      outcomeUnknown: true,
      message: expect.stringMatching(/^Example timed out \(POST \/v1\/things\); not retried/),
    });
    expect(slow.calls).toHaveLength(1);
  });

  it("retries GET, PUT and DELETE on a 5xx, a network error and a timeout, as sending them twice changes nothing", async () => {
    for (const method of ["GET", "PUT", "DELETE"] as HttpMethod[]) {
      const { fetchFn, calls } = scripted([down(503), () => { throw new TypeError("network"); }, timeout(), json({ ok: true })]);
      const { data } = await requestJson(ctxWith(fetchFn), http, { method, url: `${BASE}/v1/things/1`, body: method === "PUT" ? { name: "b" } : undefined, schema });
      expect(data, method).toEqual({ ok: true });
      expect(calls.map((c) => c.method), method).toEqual([method, method, method, method]);
    }
  });

  it("gives a DELETE's 204 to the schema as null", async () => {
    const { fetchFn } = scripted([() => new Response(null, { status: 204 })]);
    const { data, status } = await requestJson(ctxWith(fetchFn), http, { method: "DELETE", url: `${BASE}/v1/things/1`, schema: z.null() });
    expect({ data, status }).toEqual({ data: null, status: 204 });
  });

  it("waits out a short 429 on a POST, which the provider refused before doing anything", async () => {
    const waits: number[] = [];
    const { fetchFn, calls } = scripted([json({ message: "slow down" }, 429, { "retry-after": "1" }), json({ ok: true }, 201)]);
    const ctx = ctxWith(fetchFn, { maxRateLimitWaitMs: 5_000, sleep: async (ms) => void waits.push(ms) });
    expect((await requestJson(ctx, http, { method: "POST", url: `${BASE}/v1/things`, body: { n: 1 }, schema })).data).toEqual({ ok: true });
    expect(waits).toEqual([1000]);
    expect(calls.map((c) => [c.method, c.body])).toEqual([["POST", '{"n":1}'], ["POST", '{"n":1}']]);
  });

  it("follows a 303 after a POST as a GET without the body, and repeats the POST with its body on a 307", async () => {
    const seeOther = scripted([() => new Response(null, { status: 303, headers: { location: "/v1/things/9" } }), json({ ok: true })]);
    await requestJson(ctxWith(seeOther.fetchFn), http, { method: "POST", url: `${BASE}/v1/things`, body: { n: 1 }, schema });
    expect(seeOther.calls.map((c) => [c.method, c.body])).toEqual([["POST", '{"n":1}'], ["GET", undefined]]);
    expect(seeOther.urls).toEqual([`${BASE}/v1/things`, `${BASE}/v1/things/9`]);

    const temporary = scripted([() => new Response(null, { status: 307, headers: { location: "/v2/things" } }), json({ ok: true })]);
    await requestJson(ctxWith(temporary.fetchFn), http, { method: "POST", url: `${BASE}/v1/things`, body: { n: 1 }, schema });
    expect(temporary.calls.map((c) => [c.method, c.body])).toEqual([["POST", '{"n":1}'], ["POST", '{"n":1}']]);
  });

  it("checks a POST's destination like a GET's: another origin is refused before anything is sent", async () => {
    const { fetchFn, calls } = scripted([json({ ok: true })]);
    await expect(requestJson(ctxWith(fetchFn), http, { method: "POST", url: "https://elsewhere.example.com/v1/things", body: {}, schema })).rejects.toMatchObject({ kind: "destination_refused" });
    const redirected = scripted([() => new Response(null, { status: 307, headers: { location: "https://elsewhere.example.com/v1/things" } })]);
    await expect(requestJson(ctxWith(redirected.fetchFn), http, { method: "POST", url: `${BASE}/v1/things`, body: {}, schema })).rejects.toMatchObject({
      kind: "destination_refused",
      message: "Example redirected POST /v1/things to https://elsewhere.example.com; redirects to another origin than the dock's base URL are not followed",
    });
    expect(calls).toEqual([]);
    expect(redirected.calls).toHaveLength(1);
  });
});

/** An in-memory stand-in for the hub's cache, as the provider context takes it. */
function memoryCache() {
  const entries = new Map<string, { etag: string; body: string; headers: Record<string, string> }>();
  const cache: NonNullable<ProviderContext["httpCache"]> = {
    get: (url) => entries.get(url) ?? null,
    put: (url, entry) => void entries.set(url, entry),
  };
  return { cache, entries };
}

describe("conditional requests", () => {
  const conditional: ProviderHttp = { ...http, conditional: true };
  const notModified = (headers: Record<string, string> = {}) => () => new Response(null, { status: 304, headers: { etag: 'W/"1"', ...headers } });

  it("stores a 200 with an ETag, then sends If-None-Match and reuses the stored body (and its link) on a 304", async () => {
    const { cache, entries } = memoryCache();
    const { fetchFn, calls } = scripted([
      json({ ok: true }, 200, { etag: 'W/"1"', link: '<https://api.example.com/y?page=2>; rel="next"' }),
      notModified({ "x-remaining": "42" }),
    ]);
    let requests = 0;
    const ctx = ctxWith(fetchFn, { httpCache: cache, onRequest: () => requests++ });
    const first = await getJson(ctx, conditional, `${BASE}/y?page=1`, schema);
    expect(first).toMatchObject({ data: { ok: true }, status: 200, notModified: false });
    expect(entries.get(`${BASE}/y?page=1`)).toEqual({ etag: 'W/"1"', body: '{"ok":true}', headers: { link: '<https://api.example.com/y?page=2>; rel="next"' } });
    expect(new Headers(calls[0]!.headers).get("if-none-match")).toBeNull();

    const again = await getJson(ctx, conditional, `${BASE}/y?page=1`, schema);
    expect(new Headers(calls[1]!.headers).get("if-none-match")).toBe('W/"1"');
    expect(again).toMatchObject({ data: { ok: true }, status: 304, notModified: true });
    // The 304 did not repeat the link; the stored one stands in, so a reused page still points onward.
    expect(again.headers.get("link")).toBe('<https://api.example.com/y?page=2>; rel="next"');
    expect(again.headers.get("x-remaining")).toBe("42");
    expect(requests).toBe(2);
  });

  it("parses a reused body with the request's schema: a stored body it refuses is fetched again without the condition", async () => {
    const { cache, entries } = memoryCache();
    entries.set(`${BASE}/y`, { etag: 'W/"old"', body: '{"ok":"yes"}', headers: {} });
    const { fetchFn, calls } = scripted([notModified(), json({ ok: false }, 200, { etag: 'W/"2"' })]);
    const { data, notModified: reused } = await getJson(ctxWith(fetchFn, { httpCache: cache }), conditional, `${BASE}/y`, schema);
    expect({ data, reused }).toEqual({ data: { ok: false }, reused: false });
    expect(calls.map((c) => new Headers(c.headers).get("if-none-match"))).toEqual(['W/"old"', null]);
    expect(entries.get(`${BASE}/y`)?.etag).toBe('W/"2"');
  });

  it("replaces the stored body when the ETag changed, and stores nothing without an ETag", async () => {
    const { cache, entries } = memoryCache();
    entries.set(`${BASE}/y`, { etag: 'W/"1"', body: '{"ok":true}', headers: {} });
    const { fetchFn } = scripted([json({ ok: false }, 200, { etag: 'W/"2"' }), json({ ok: true })]);
    const ctx = ctxWith(fetchFn, { httpCache: cache });
    expect((await getJson(ctx, conditional, `${BASE}/y`, schema)).data).toEqual({ ok: false });
    expect(entries.get(`${BASE}/y`)).toEqual({ etag: 'W/"2"', body: '{"ok":false}', headers: {} });
    await getJson(ctx, conditional, `${BASE}/z`, schema);
    expect(entries.has(`${BASE}/z`)).toBe(false);
  });

  it("is used only by providers that opt in, and only for GET", async () => {
    const { cache, entries } = memoryCache();
    entries.set(`${BASE}/y`, { etag: 'W/"1"', body: '{"ok":true}', headers: {} });
    const plain = scripted([json({ ok: true }, 200, { etag: 'W/"9"' })]);
    await getJson(ctxWith(plain.fetchFn, { httpCache: cache }), http, `${BASE}/y`, schema);
    expect(new Headers(plain.calls[0]!.headers).get("if-none-match")).toBeNull();
    expect(entries.get(`${BASE}/y`)?.etag).toBe('W/"1"');

    const put = scripted([json({ ok: true }, 200, { etag: 'W/"9"' })]);
    await requestJson(ctxWith(put.fetchFn, { httpCache: cache }), conditional, { method: "PUT", url: `${BASE}/y`, body: {}, schema });
    expect(new Headers(put.calls[0]!.headers).get("if-none-match")).toBeNull();
    expect(entries.get(`${BASE}/y`)?.etag).toBe('W/"1"');
  });
});

describe("classifying refusals", () => {
  const refusedWith = async (provider: ProviderHttp, response: () => Response, method: HttpMethod = "GET") => {
    const { fetchFn } = scripted([response, response, response, response]);
    return failure(requestJson(ctxWith(fetchFn), provider, { method, url: `${BASE}/v2/things`, schema }));
  };

  it("by status when the provider says nothing else: 401, 403, 404, 5xx and the other 4xx", async () => {
    expect(await refusedWith(http, json({ message: "who?" }, 401))).toMatchObject({ kind: "credentials_rejected", status: 401, message: "Example rejected the credentials: who?" });
    expect(await refusedWith(http, json({ message: "not for you" }, 403))).toMatchObject({
      kind: "permission_missing",
      status: 403,
      scope: undefined,
      message: "Example refused GET /v2/things: the credentials lack a permission it needs: not for you",
    });
    expect(await refusedWith(http, json({ message: "no such thing" }, 404))).toMatchObject({ kind: "not_found", status: 404, message: "Example refused GET /v2/things with 404: no such thing" });
    expect(await refusedWith(http, json({ message: "boom" }, 502))).toMatchObject({ kind: "provider_down", status: 502 });
    for (const status of [400, 409, 422]) expect(await refusedWith(http, json({ message: "no" }, status)), String(status)).toMatchObject({ kind: "request_failed", status });
  });

  it("by the provider's classifier where it has one, with the scope to grant", async () => {
    const custom: ProviderHttp = { ...http, classify: (status, body) => (status === 400 && typeof body === "object" && body !== null && "code" in body ? { kind: "permission_missing", scope: "things:read" } : null) };
    expect(await refusedWith(custom, json({ code: "scope", message: "nope" }, 400))).toMatchObject({
      kind: "permission_missing",
      scope: "things:read",
      message: "Example refused GET /v2/things: the credentials lack the permission things:read: nope",
    });
    expect(await refusedWith(custom, json({ message: "nope" }, 400))).toMatchObject({ kind: "request_failed" });
  });

  it("DigitalOcean: 401 rejects the credentials; a custom-scoped token's 403 is a missing permission", async () => {
    const digitalocean = digitalOceanHttp({ token: "dop_v1_classifier_token_0000" });
    expect(await refusedWith(digitalocean, json({ id: "unauthorized", message: "Unable to authenticate you." }, 401))).toMatchObject({ kind: "credentials_rejected" });
    expect(await refusedWith(digitalocean, json({ id: "forbidden", message: "You are not authorized to perform this operation." }, 403))).toMatchObject({
      kind: "permission_missing",
      message: "DigitalOcean refused GET /v2/things: the credentials lack a permission it needs: You are not authorized to perform this operation.",
    });
    expect(classifyDigitalOcean(403, { id: "forbidden", message: "You do not have permission to perform this action." })).toEqual({ kind: "permission_missing" });
  });

  it("GitHub: a fine-grained token's 403 names the permission from X-Accepted-GitHub-Permissions; a rate-limit 403 stays a rate limit", async () => {
    const github = githubHttp({ token: "ghp_classifier_token_000000000000" });
    const notAccessible = json({ message: "Resource not accessible by personal access token", documentation_url: "https://docs.github.com/rest" }, 403, { "x-accepted-github-permissions": "deployments=read" });
    expect(await refusedWith(github, notAccessible)).toMatchObject({
      kind: "permission_missing",
      scope: "deployments=read",
      message: "GitHub refused GET /v2/things: the credentials lack the permission deployments=read: Resource not accessible by personal access token",
    });
    const app = json({ message: "Resource not accessible by integration" }, 403);
    expect(await refusedWith(github, app)).toMatchObject({ kind: "permission_missing", scope: undefined });
    const primary = json({ message: "API rate limit exceeded for user ID 1." }, 403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 600) });
    expect(await refusedWith(github, primary)).toMatchObject({ kind: "rate_limited" });
    expect(await refusedWith(github, json({ message: "Bad credentials" }, 401))).toMatchObject({ kind: "credentials_rejected" });
    expect(acceptedPermissions(new Headers({ "x-accepted-github-permissions": "pull_requests=read, contents=read; issues=read,contents=read" }))).toBe(
      "pull_requests=read,contents=read or issues=read,contents=read",
    );
  });

  it("Hetzner: by error code — unauthorized, forbidden, and a read-only token's write naming Read & Write", async () => {
    const hetzner = hetznerHttp({ token: "hcloud_classifier_token_0000000000" });
    const body = (code: string, message: string) => ({ error: { code, message, details: null } });
    expect(await refusedWith(hetzner, json(body("unauthorized", "unable to authenticate"), 401))).toMatchObject({ kind: "credentials_rejected" });
    expect(await refusedWith(hetzner, json(body("forbidden", "insufficient permissions"), 403))).toMatchObject({ kind: "permission_missing", scope: undefined });
    expect(await refusedWith(hetzner, json(body("token_readonly", "the token is only allowed to perform GET requests"), 403), "POST")).toMatchObject({
      kind: "permission_missing",
      scope: READ_WRITE_PERMISSION,
    });
    expect(await refusedWith(hetzner, json(body("not_found", "resource not found"), 404))).toMatchObject({ kind: "not_found" });
  });

  it("cleans what the provider says: no credential in any error, whatever it echoes", async () => {
    const token = "ghp_SecretTokenValue1234567890abcdef";
    const github = githubHttp({ token });
    const echo = (status: number, headers: Record<string, string> = {}) =>
      json({ message: `bad token ${token} for authorization: Bearer ${token}\u202e at https://api.example.com/x?access_token=${token}` }, status, headers);
    const errors = [
      await refusedWith(github, echo(401)),
      await refusedWith(github, echo(403, { "x-accepted-github-permissions": `contents=read,${token}=read` })),
      await refusedWith(github, echo(404)),
      await refusedWith(github, echo(422)),
      await refusedWith(github, echo(500)),
      await refusedWith(github, echo(503), "POST"),
      await refusedWith(github, echo(429, { "retry-after": "600" })),
    ];
    for (const err of errors) {
      expect(err).toBeInstanceOf(ProviderError);
      const { message, scope } = err as ProviderError;
      expect(message).not.toContain(token);
      expect(message).not.toContain("\u202e");
      expect(scope ?? "").not.toContain(token);
    }
    expect((errors[1] as ProviderError).scope).toBe("contents=read,[redacted]=read");
  });
});
