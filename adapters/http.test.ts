import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "./errors";
import { backoffDelay, getJson } from "./http";
import type { ProviderHttp } from "./http";
import { readRateLimit, retryAfterMs } from "./rate-limit";

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
  const fetchFn = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next();
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
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

  it("retries 5xx and network errors, then gives up as transient", async () => {
    const ok = scripted([json({}, 503), () => { throw new TypeError("network"); }, json({ ok: true })]);
    expect((await getJson({ baseUrl: BASE, fetch: ok.fetchFn, sleep: noSleep }, http, `${BASE}/y`, schema)).data.ok).toBe(true);
    expect(ok.calls).toHaveLength(3);

    const down = scripted([json({}, 500), json({}, 502), json({}, 503), json({ message: "still down" }, 500)]);
    const err = await getJson({ baseUrl: BASE, fetch: down.fetchFn, sleep: noSleep }, http, `${BASE}/y`, schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "transient", status: 500, message: "Example failed with 500 (GET /y): still down" });
    expect(down.calls).toHaveLength(4);
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

  it("maps 401/403 to rejected credentials with the provider's reason", async () => {
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
