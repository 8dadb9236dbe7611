/**
 * What a provider folder gives the test suite, `npm run sim` and the benches, beside its manifest: its fake
 * and how to drive it. It lives in `adapters/<id>/testkit.ts`, found by the provider's registry id, so the
 * Worker's bundle never carries a fake and registering a provider is still one line.
 */
import type { Hono } from "hono";
import type { ResourceKind } from "../shared/resources";
import type { PageMemo, RememberedPage, ResourcePage } from "./types";

/** A fake's control routes, reached in-process (`app.request`) or over HTTP (a fake started on loopback). */
export type FakeControl = (method: string, path: string, body?: unknown) => Promise<Response>;

export interface ProviderTestKit {
  /** A fake with state of its own. */
  createFake(): Hono;
  /** Appended to the fake's address to form the dock's base URL (where the provider's API sits under a prefix). */
  apiPath: string;
  /** A token `npm run sim` registers from the start and prints. */
  simToken: string;
  /** A token in the provider's format, different on every call, not yet known to any fake. */
  newToken(): string;
  /** The dock's credentials for a token. */
  credentials(token: string): Record<string, string>;
  /** Makes the fake accept the token. */
  register(control: FakeControl, token: string): Promise<void>;
  /**
   * Makes the fake accept the token with every read permission the adapter uses except these, in the
   * provider's names (the adapter's `scopes`). For providers whose tokens are granted per kind; absent where
   * they are not (Hetzner).
   */
  registerWithout?(control: FakeControl, token: string, withheld: readonly string[]): Promise<void>;
  /**
   * Per kind the fake can fill: replace what the token's account has of that kind with `count` generated
   * resources (for a nested kind, under one parent). The conformance suite pages each of these to the end.
   */
  seed: Partial<Record<ResourceKind, (control: FakeControl, token: string, count: number) => Promise<void>>>;
  /** The provider's maximum page size per seedable kind: the size the adapter must ask for. */
  maxPageSize: Partial<Record<ResourceKind, number>>;
  /** The API path a kind's listing reads, relative to the base URL (for faults aimed at that kind). */
  listPath: Partial<Record<ResourceKind, string>>;
  /**
   * The provider's quota refills continuously (Hetzner: a request a second), so after a 429 the adapter may
   * come back before the reset the provider names, backing off instead; it must never come back later.
   */
  rateLimitRefillsContinuously?: boolean;
  /** The provider sends no rate-limit headers at all (Vultr): there is no state to record, and none may be made up. */
  noRateLimitHeaders?: boolean;
  /** What the provider answers an unknown token with: the words the connect form must show. */
  rejectedMessage: string;
}

/** Sends one control request and insists it worked, so a kit's setup never fails silently. */
export async function controlOk(control: FakeControl, method: string, path: string, body?: unknown): Promise<void> {
  const res = await control(method, path, body);
  if (!res.ok) throw new Error(`fake control ${method} ${path} answered ${res.status}: ${await res.text()}`);
}

/** A control over an in-process fake. */
export function inProcess(app: Hono): FakeControl {
  return (method, path, body) =>
    Promise.resolve(app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
}

/** A control over a fake listening at `url`. */
export function overHttp(url: string): FakeControl {
  return (method, path, body) => fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A random suffix for tokens, so tests sharing a fake never share an account. */
export const randomHex = (length: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2))), (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, length);

/** A `fetch` that hands every request to an in-process fake, recording each URL it was asked for. */
export function recordingFetch(app: Hono): { fetch: typeof fetch; urls: URL[] } {
  const urls: URL[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    urls.push(new URL(request.url));
    return app.fetch(request);
  };
  return { fetch: fetchFn, urls };
}

/** Every page a listing yields, and the error it ended with (null when it completed). */
export async function collectPages<T>(pages: AsyncIterable<T>): Promise<{ pages: T[]; error: unknown }> {
  const seen: T[] = [];
  try {
    for await (const page of pages) seen.push(page);
    return { pages: seen, error: null };
  } catch (error) {
    return { pages: seen, error };
  }
}

/**
 * A kind's remembered pages in memory, filled as the engine fills them: each read page under its source, every
 * resource hashed "h" (the engine's hashes matter only to the engine's own check).
 */
export function memoryMemo() {
  const entries = new Map<string, RememberedPage>();
  const memoOf = (prefix: string): PageMemo => ({ key: (url) => prefix + url, get: (key) => entries.get(key) ?? null, within: (context) => memoOf(`${prefix}${context} `) });
  const remember = (pages: ResourcePage[]) => {
    for (const page of pages) {
      if ("reused" in page || !page.source) continue;
      entries.set(page.source.key, { fingerprint: page.source.fingerprint, step: page.source.step, resources: page.resources.map((r) => [r.externalId, "h"] as const) });
    }
  };
  return { memo: memoOf(""), entries, remember };
}
