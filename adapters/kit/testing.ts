/**
 * What the kit's tests share: a provider standing in as a Hono app or a plain function behind the shared
 * HTTP client, a `ProviderHttp` for it, a minimal resource, and a way to drain a listing that records where
 * it stopped. Test-only: nothing outside `adapters/kit/*.test.ts` imports it.
 */
import type { Hono } from "hono";
import type { NormalizedResource } from "../../shared/resources";
import type { ProviderHttp } from "../http";
import { ProviderError } from "../errors";
import { collectPages, recordingFetch } from "../test-kit";
import type { ListedPage, Lister, ProviderContext, ResourcePage } from "../types";
import type { FetchPage, ItemsPage, PageRequest, Paging, WalkedPage } from "./core";

/** A public-looking host: the production outbound policy (no `outbound` in the context) lets it through. */
export const BASE = "https://api.dockprovider.com";
export const PROVIDER = "Testprov";
export const TOKEN = "tp_secret_token_0123456789";

export const testHttp = (credentials: { token: string }): ProviderHttp => ({
  provider: PROVIDER,
  headers: { authorization: `Bearer ${credentials.token}` },
  readRateLimit: () => null,
  errorMessage: () => null,
});

/** A context whose requests reach `app` in-process, every URL recorded, backoff sleeps skipped. */
export function viaApp(app: Hono, baseUrl = BASE): { ctx: ProviderContext; urls: URL[] } {
  const { fetch: fetchFn, urls } = recordingFetch(app);
  return { ctx: { baseUrl, fetch: fetchFn, sleep: async () => {} }, urls };
}

/** A minimal valid resource, told apart by its external id. */
export function resource(externalId: string): NormalizedResource {
  return {
    kind: "domain",
    externalId,
    name: externalId,
    status: "active",
    providerStatus: null,
    region: null,
    url: null,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    attributes: { expiresAt: null, nameservers: [], ttl: null },
  };
}

/**
 * Drains pages, recording where it stopped. Listings here run without remembered pages, so a lister's pages
 * are all read ones; a reused one would be a bug and fails the drain.
 */
export function collect(pages: AsyncIterable<ResourcePage>): Promise<{ pages: ListedPage[]; error: unknown }>;
export function collect<T>(pages: AsyncIterable<T>): Promise<{ pages: T[]; error: unknown }>;
export function collect(pages: AsyncIterable<unknown>): Promise<{ pages: unknown[]; error: unknown }> {
  return collectPages(onlyRead(pages));
}

async function* onlyRead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const page of pages) {
    if (page && typeof page === "object" && "reused" in page) throw new Error("a listing without remembered pages handed on a reused one");
    yield page;
  }
}

/** The first `count` pages, then the listing is left as a sync leaves it when its time slice is up. */
export async function firstPages<T>(pages: AsyncIterable<T>, count: number): Promise<T[]> {
  const seen: T[] = [];
  if (count <= 0) return seen;
  for await (const page of pages) {
    seen.push(page);
    if (seen.length >= count) break;
  }
  return seen;
}

export const idsOf = (pages: ListedPage[]) => pages.flatMap((p) => p.resources.map((r) => r.externalId));
export const nextsOf = (pages: { next: string | null }[]) => pages.map((p) => p.next);

/**
 * A scheme driven without HTTP: `respond` answers each request with a body and headers; the items are the
 * body's `items`. Every request is recorded.
 */
export function stubPages<Body extends { items: string[] }>(respond: (request: PageRequest, n: number) => Body | { body: Body; headers: Record<string, string> }) {
  const requests: PageRequest[] = [];
  const fetch: FetchPage<Body, string[]> = async (request, read) => {
    requests.push(request);
    const answer = respond(request, requests.length);
    const { body, headers } = "body" in answer ? answer : { body: answer, headers: {} };
    return { step: read({ body, headers: new Headers(headers), items: body.items, url: `${BASE}/things` }), page: body.items };
  };
  const walk = (paging: Paging<Body>, cursor: string | null = null): AsyncGenerator<ItemsPage<string>> => itemsOf(paging.walk(cursor, fetch, { provider: PROVIDER, baseUrl: BASE }));
  return { fetch, requests, walk };
}

/** A scheme's walked pages of items as `itemPages` yields them. */
export async function* itemsOf<Item>(pages: AsyncIterable<WalkedPage<Item[]>>): AsyncGenerator<ItemsPage<Item>> {
  for await (const { page, next, at } of pages) yield { items: page, next, at };
}

/** `count` ids, `prefix-000` onwards: zero-padded so code-unit order is numeric order. */
export const ids = (prefix: string, count: number, from = 0) => Array.from({ length: count }, (_, i) => `${prefix}-${String(from + i).padStart(3, "0")}`);

/**
 * A lister over an in-memory list, `size` a page, its cursor the next offset; `state.gone` makes it answer
 * like a provider whose parent or scope was deleted (a 404). Requests are recorded as `label@cursor`.
 */
export function memoryLister(label: string, items: () => readonly string[], size: number, state: { gone?: boolean; requests: string[] }): Lister<unknown> {
  return async function* (_credentials, _ctx, cursor) {
    for (let offset = cursor === null ? 0 : Number(cursor); ; ) {
      state.requests.push(`${label}@${offset}`);
      if (state.gone) throw new ProviderError(PROVIDER, "request_failed", `${PROVIDER} refused GET /${label} with 404`, { status: 404 });
      const page = items().slice(offset, offset + size);
      const following = offset + size < items().length ? offset + size : null;
      yield { resources: page.map(resource), next: following === null ? null : String(following) };
      if (following === null) return;
      offset = following;
    }
  };
}
