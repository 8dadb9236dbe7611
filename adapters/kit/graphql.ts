/**
 * GraphQL connections (GitLab): `pageInfo { hasNextPage endCursor }`, the next page asked for with
 * `after: endCursor`. The kit does not send the query itself: it takes a function that performs it for an
 * `after` cursor (a POST through the shared HTTP client, with the adapter's query and variables), so it
 * depends only on what a connection answers.
 *
 * Cursor: `endCursor`, verbatim.
 */
import { z } from "zod";
import type { NormalizedResource } from "../../shared/resources";
import type { Lister, ProviderContext } from "../types";
import { parseOpaqueCursor } from "./body-cursor";
import { MAX_CURSOR_LENGTH, pagingViolation } from "./core";
import type { ItemsPage } from "./core";

/** The part of a connection's `pageInfo` paging forward needs; for adapters' response schemas. */
export const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
export type PageInfo = z.infer<typeof pageInfoSchema>;

/** A connection as the adapter's schema reads it: `nodes` (or edges mapped to nodes) and `pageInfo`. */
export interface Connection<Item> {
  nodes: Item[];
  pageInfo: PageInfo;
}

/** A connection schema for a node schema: `{ nodes: [...], pageInfo: {...} }`. */
export function connectionSchema<Item>(node: z.ZodType<Item>) {
  return z.object({ nodes: z.array(node), pageInfo: pageInfoSchema });
}

/** Walks a connection from `cursor` to the page whose `hasNextPage` is false. */
export async function* connectionPages<Item>(cursor: string | null, query: (after: string | null) => Promise<Connection<Item>>, provider: string): AsyncGenerator<ItemsPage<Item>> {
  let after = cursor === null ? null : parseOpaqueCursor("graphql", cursor);
  for (;;) {
    const { nodes, pageInfo } = await query(after);
    let next: string | null = null;
    if (pageInfo.hasNextPage) {
      next = pageInfo.endCursor;
      if (next === null || next === "") throw pagingViolation(provider, "hasNextPage is true but endCursor is empty");
      if (next === after) throw pagingViolation(provider, "endCursor repeats the cursor just sent");
      if (next.length > MAX_CURSOR_LENGTH) throw pagingViolation(provider, `endCursor is longer than ${MAX_CURSOR_LENGTH} characters`);
    }
    yield { items: nodes, next, at: after };
    if (next === null) return;
    after = next;
  }
}

export interface GraphqlListingSpec<Credentials, Item> {
  provider: string;
  /** Performs the query for one page: `after` is null for the first. */
  query: (credentials: Credentials, ctx: ProviderContext, after: string | null) => Promise<Connection<Item>>;
  normalize: (item: Item) => NormalizedResource | Promise<NormalizedResource>;
}

/** A lister over one GraphQL connection. */
export function graphqlListing<Credentials, Item>(spec: GraphqlListingSpec<Credentials, Item>): Lister<Credentials> {
  return async function* (credentials, ctx, cursor) {
    for await (const page of connectionPages(cursor, (after) => spec.query(credentials, ctx, after), spec.provider)) {
      yield { resources: await Promise.all(page.items.map((item) => spec.normalize(item))), next: page.next };
    }
  };
}
