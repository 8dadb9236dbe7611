/**
 * The in-process harness of the GitHub adapter's own tests: the fake with every request and the status it
 * was answered with recorded, and the listings' pages collected.
 */
import { expect } from "vitest";
import type { NormalizedResource } from "../../shared/resources";
import { collectPages } from "../test-kit";
import { readPages } from "../types";
import type { ListedPage, ProviderContext, ResourcePage } from "../types";
import { createGithubFake, initialState } from "./fake";
import type { GithubFakeState } from "./fake";

/** The dock's base URL in these tests: not api.github.com, so following a link's host would show. */
export const BASE = "https://github.fake.test";
/** `.test` is a special-use name production refuses; these tests reach it in process, as a test policy may. */
export const TEST_POLICY = { allowPrivateHosts: true };
export const TOKEN = "github_pat_11AAAAAAA0edgedock_test_token_0000000000000000";
export const creds = { token: TOKEN };

/** The fake in process, recording every request it is sent. */
export function harness(state: GithubFakeState = initialState(), extra: Partial<ProviderContext> = {}) {
  state.tokens.add(TOKEN);
  const app = createGithubFake(state);
  const requests: Request[] = [];
  /** The status the fake answered each request with, in the order of `requests`. */
  const statuses: number[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    requests.push(req.clone());
    const res = await app.fetch(req);
    statuses.push(res.status);
    return res;
  }) as typeof fetch;
  const ctx: ProviderContext = { baseUrl: BASE, fetch: fetchFn, sleep: async () => {}, outbound: TEST_POLICY, ...extra };
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await app.fetch(new Request(`${BASE}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
    expect(res.status).toBeLessThan(300);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const urls = () => requests.map((r) => new URL(r.url));
  return { app, state, ctx, requests, statuses, urls, control };
}

export async function collect(pages: AsyncIterable<ResourcePage>): Promise<ListedPage[]> {
  const out: ListedPage[] = [];
  for await (const page of readPages(pages)) out.push(page);
  return out;
}

/** Pages read until the listing throws, and what it threw. */
export const collectUntilError = (pages: AsyncIterable<ResourcePage>) => collectPages(readPages(pages));

export const all = (pages: ListedPage[]): NormalizedResource[] => pages.flatMap((p) => p.resources);
/** Requests of one listing path, whatever their query. */
export const onPath = (urls: URL[], pathname: string) => urls.filter((u) => u.pathname === pathname);

/**
 * An in-memory stand-in for the hub's HTTP cache, so conditional requests can be counted; it reports what it
 * holds, to check against the hub's bounds (an entry evicted there would make its next request a full one).
 */
export function memoryCache() {
  const entries = new Map<string, { etag: string; body: string; headers: Record<string, string> }>();
  const cache: NonNullable<ProviderContext["httpCache"]> = { get: (url) => entries.get(url) ?? null, put: (url, entry) => void entries.set(url, entry) };
  const usage = () => ({ entries: entries.size, chars: [...entries.values()].reduce((sum, e) => sum + e.body.length, 0) });
  return { cache, usage };
}
