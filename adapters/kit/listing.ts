/**
 * The declarative lister: a kind's path, query, response schema, where its items sit in the body, how each
 * becomes a resource, and its paging scheme. Requests go through the shared client (`getJson`: auth headers,
 * origin and outbound checks, retries, rate limits, body validation), so a lister for a simple kind is a few
 * lines:
 *
 *     export const listServers = listing(serversPageSchema, {
 *       http: hetznerHttp,
 *       path: "/servers",
 *       query: { sort: "id:asc" },
 *       items: (b) => b.servers,
 *       normalize: normalizeServer,
 *       paging: pageNumber({ perPage: 50, nextPage: (b) => b.meta.pagination.next_page, total: (b) => b.meta.pagination.total_entries }),
 *     });
 *
 * The schema comes first, apart from the rest, so that TypeScript knows the body's type before it reads the
 * paging scheme's readers (`(b) => b.meta…` needs no annotation that way).
 */
import type { z } from "zod";
import type { NormalizedResource } from "../../shared/resources";
import { decodeResponse, getJson, joinUrl, requestText } from "../http";
import type { ProviderHttp } from "../http";
import type { Lister, PageSource, ProviderContext, RememberedPage } from "../types";
import type { FetchPage, ItemPager, PageRequest, Paging, Query } from "./core";
import { resolvePath } from "./link-header";
import { pageFingerprint } from "./page-memo";

export interface ItemPagesSpec<Credentials, Body, Item> {
  /** The provider's HTTP details for these credentials (auth header, rate-limit headers, error body). */
  http: (credentials: Credentials) => ProviderHttp;
  /** Relative to the dock's base URL; a function when it names something in the credentials (an account id). */
  path: string | ((credentials: Credentials) => string);
  /** Sent on every page beside the scheme's own parameters (sort order, filters, a fixed page size). */
  query?: Query | ((credentials: Credentials) => Query);
  /** The page's entries, all of them: schemes that end on a short page count these. */
  items: (body: Body) => Item[];
  /** Entries to leave out, decided after paging has counted them. */
  keep?: (item: Item) => boolean;
  paging: Paging<NoInfer<Body>>;
}

type Normalized = NormalizedResource | Promise<NormalizedResource>;

interface PlainNormalize<Item> {
  lookups?: undefined;
  normalize: (item: Item) => Normalized;
}

interface NormalizeWithLookups<Credentials, Item, Lookups> {
  /**
   * Made once per listing run and handed to `normalize`: what several items share and should be fetched at
   * most once, and lazily (Hetzner's price list, asked for only once there is something to price).
   */
  lookups: (credentials: Credentials, ctx: ProviderContext) => Lookups;
  normalize: (item: Item, lookups: Lookups) => Normalized;
}

export type ListingSpec<Credentials, Body, Item, Lookups = never> = ItemPagesSpec<Credentials, Body, Item> & (PlainNormalize<Item> | NormalizeWithLookups<Credentials, Item, Lookups>);

/** The URL a scheme's request names: its path (a next link, possibly from storage) checked to be on the base URL, or the listing's path with the scheme's query. */
function requestUrl(ctx: ProviderContext, path: string, query: Query, request: PageRequest): string {
  return request.path !== undefined ? resolvePath(ctx.baseUrl, request.path) : joinUrl(ctx.baseUrl, path, { ...query, ...request.query });
}

function resolved<Credentials>(spec: Pick<ItemPagesSpec<Credentials, unknown, unknown>, "path" | "query">, credentials: Credentials): { path: string; query: Query } {
  return { path: typeof spec.path === "function" ? spec.path(credentials) : spec.path, query: (typeof spec.query === "function" ? spec.query(credentials) : spec.query) ?? {} };
}

/** The raw items of a listing, page by page with their cursors: the parents of a nested listing, or a scope list. */
export function itemPages<Credentials, Body, Item>(schema: z.ZodType<Body>, spec: ItemPagesSpec<Credentials, Body, Item>): ItemPager<Credentials, Item> {
  return async function* (credentials, ctx, cursor) {
    const http = spec.http(credentials);
    const { path, query } = resolved(spec, credentials);
    const fetch: FetchPage<Body, Item[]> = async (request, read) => {
      const url = requestUrl(ctx, path, query, request);
      const { data, headers } = await getJson(ctx, http, url, schema);
      const items = spec.items(data);
      return { step: read({ body: data, headers, items, url }), page: items };
    };
    for await (const { page, next, at } of spec.paging.walk(cursor, fetch, { provider: http.provider, baseUrl: ctx.baseUrl })) {
      yield { items: spec.keep ? page.filter(spec.keep) : page, next, at };
    }
  };
}

/** A page as the listing's fetch hands it to the scheme: its items, or the remembered page its bytes match. */
type FetchedListingPage<Item> = { items: Item[]; source?: PageSource } | { reused: RememberedPage; source: PageSource; read: () => Promise<Item[]> };

/**
 * A lister for one kind: every page of the listing, each item normalized. Given the kind's remembered pages
 * (`ctx.pageMemo`, during a sync), a page whose bytes match the remembered page of the same URL is handed on
 * unread — neither parsed nor validated nor normalized — with the step its scheme read of it last time; the
 * engine reads it after all should what it holds differ. A listing with lookups does not remember pages: its
 * resources depend on more than the page (a price list).
 */
export function listing<Credentials, Body, Item, Lookups = never>(schema: z.ZodType<Body>, spec: ListingSpec<Credentials, Body, Item, Lookups>): Lister<Credentials> {
  return async function* (credentials, ctx, cursor) {
    let normalize: (item: Item) => Normalized;
    if (spec.lookups === undefined) normalize = spec.normalize;
    else {
      const lookups = spec.lookups(credentials, ctx);
      const withLookups = spec.normalize;
      normalize = (item) => withLookups(item, lookups);
    }
    const memo = spec.lookups === undefined ? ctx.pageMemo : undefined;
    const http = spec.http(credentials);
    const { path, query } = resolved(spec, credentials);
    const toResources = (items: Item[]) => Promise.all((spec.keep ? items.filter(spec.keep) : items).map((item) => normalize(item)));
    const fetch: FetchPage<Body, FetchedListingPage<Item>> = async (request, read) => {
      const url = requestUrl(ctx, path, query, request);
      const get = { method: "GET" as const, url };
      const answer = await requestText(ctx, http, get);
      const key = memo?.key(url);
      const fingerprint = memo ? await pageFingerprint(answer) : null;
      const known = key === undefined ? null : memo!.get(key);
      if (known && key !== undefined && fingerprint === known.fingerprint) {
        answer.keep();
        // The step was read from these very bytes by this version of the lister (the engine keeps a version's pages only).
        const step = JSON.parse(known.step) as ReturnType<typeof read>;
        const items = async () => spec.items((await decodeResponse(ctx, http, get, answer, schema)).data);
        return { step, page: { reused: known, source: { key, fingerprint, step: known.step }, read: items } };
      }
      const { data, response } = await decodeResponse(ctx, http, get, answer, schema);
      const items = spec.items(data);
      const step = read({ body: data, headers: response.headers, items, url });
      // A page read again unconditionally (its stored body no longer valid) has other bytes: it is not remembered.
      const source = key !== undefined && fingerprint !== null && response === answer ? { key, fingerprint, step: JSON.stringify(step) } : undefined;
      return { step, page: { items, source } };
    };
    for await (const { page, next } of spec.paging.walk(cursor, fetch, { provider: http.provider, baseUrl: ctx.baseUrl })) {
      if ("reused" in page) yield { reused: page.reused, source: page.source, read: async () => toResources(await page.read()), next };
      else yield { resources: await toResources(page.items), next, ...(page.source ? { source: page.source } : {}) };
    }
  };
}

/**
 * `listing` and `itemPages` with the provider's `http` filled in, for an adapter's listers file:
 * `const { listing } = listingsFor(hetznerHttp)`.
 */
export function listingsFor<Credentials>(http: (credentials: Credentials) => ProviderHttp) {
  return {
    listing: <Body, Item, Lookups = never>(schema: z.ZodType<Body>, spec: DistributiveOmit<ListingSpec<Credentials, Body, Item, Lookups>, "http">): Lister<Credentials> =>
      listing<Credentials, Body, Item, Lookups>(schema, { ...spec, http }),
    itemPages: <Body, Item>(schema: z.ZodType<Body>, spec: Omit<ItemPagesSpec<Credentials, Body, Item>, "http">): ItemPager<Credentials, Item> => itemPages(schema, { ...spec, http }),
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
