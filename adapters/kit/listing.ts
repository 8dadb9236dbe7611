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
import { getJson, joinUrl } from "../http";
import type { ProviderHttp } from "../http";
import type { Lister, ProviderContext } from "../types";
import type { FetchPage, ItemPager, ItemsPage, Paging, Query } from "./core";
import { resolvePath } from "./link-header";

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
  paging: Paging<NoInfer<Body>, NoInfer<Item>>;
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

async function* kept<Item>(pages: AsyncGenerator<ItemsPage<Item>>, keep: ((item: Item) => boolean) | undefined): AsyncGenerator<ItemsPage<Item>> {
  if (!keep) return yield* pages;
  for await (const page of pages) yield { ...page, items: page.items.filter(keep) };
}

/** The raw items of a listing, page by page with their cursors: the parents of a nested listing, or a scope list. */
export function itemPages<Credentials, Body, Item>(schema: z.ZodType<Body>, spec: ItemPagesSpec<Credentials, Body, Item>): ItemPager<Credentials, Item> {
  return (credentials, ctx, cursor) => {
    const http = spec.http(credentials);
    const path = typeof spec.path === "function" ? spec.path(credentials) : spec.path;
    const query = (typeof spec.query === "function" ? spec.query(credentials) : spec.query) ?? {};
    const fetch: FetchPage<Body, Item> = async (request) => {
      // A scheme's path (a next link, possibly from storage) is checked to be on the base URL before use.
      const url = request.path !== undefined ? resolvePath(ctx.baseUrl, request.path) : joinUrl(ctx.baseUrl, path, { ...query, ...request.query });
      const { data, headers } = await getJson(ctx, http, url, schema);
      return { body: data, headers, items: spec.items(data), url };
    };
    return kept(spec.paging.walk(cursor, fetch, { provider: http.provider, baseUrl: ctx.baseUrl }), spec.keep);
  };
}

/** A lister for one kind: every page of the listing, each item normalized. */
export function listing<Credentials, Body, Item, Lookups = never>(schema: z.ZodType<Body>, spec: ListingSpec<Credentials, Body, Item, Lookups>): Lister<Credentials> {
  const pages = itemPages(schema, spec);
  return async function* (credentials, ctx, cursor) {
    let normalize: (item: Item) => Normalized;
    if (spec.lookups === undefined) normalize = spec.normalize;
    else {
      const lookups = spec.lookups(credentials, ctx);
      const withLookups = spec.normalize;
      normalize = (item) => withLookups(item, lookups);
    }
    for await (const page of pages(credentials, ctx, cursor)) {
      yield { resources: await Promise.all(page.items.map((item) => normalize(item))), next: page.next };
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
