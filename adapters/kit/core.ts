/**
 * What every paging scheme of the kit shares: the shape of a page as the schemes hand it on, how a scheme asks
 * for a page, and the errors that keep a listing from claiming completion when it cannot be sure it saw
 * everything. The sync only sweeps (marks unseen resources deleted) after a listing ran to its end, so every
 * doubt here is an error, never an early end.
 */
import { ProviderError } from "../errors";
import type { ProviderContext } from "../types";

/** Query parameters as `joinUrl` takes them; `undefined` leaves a parameter out. */
export type Query = Record<string, string | number | undefined>;

/**
 * What a scheme asks the listing to fetch: its own query parameters added to the listing's, or — for schemes
 * whose provider hands out the next request whole (a `Link` header) — a path and query relative to the dock's
 * base URL that replaces the listing's.
 */
export type PageRequest = { readonly query: Query; readonly path?: undefined } | { readonly path: string; readonly query?: undefined };

/** One fetched page as a scheme reads it: the validated body, the response headers, its entries, and its URL. */
export interface FetchedPage<Body> {
  body: Body;
  headers: Headers;
  /** Every entry of the page, as the listing counts them (short-page rules compare their number). */
  items: readonly unknown[];
  /** The URL that was fetched: a relative next link resolves against it. */
  url: string;
}

/** What a scheme may keep of a page: plain JSON, so it can be stored with the page's fingerprint. */
export type StepValue = string | number | boolean | null | readonly StepValue[] | { readonly [key: string]: StepValue };

/**
 * Fetches one page for a scheme. `read` is everything the scheme learns of the page, as plain JSON (its
 * `step`): a page whose bytes are the same as a page remembered from an earlier run is not read again, and
 * its remembered step is handed back instead. `P` is the page as the listing uses it (its raw items, or the
 * resources made of them); the scheme hands it on untouched — being generic in it, it cannot look inside.
 */
export type FetchPage<Body, P> = <Step extends StepValue>(request: PageRequest, read: (page: FetchedPage<Body>) => Step) => Promise<{ step: Step; page: P }>;

/**
 * One page as a scheme yields it. `next` is where to resume after this page (null once the listing is
 * complete); `at` is the cursor this page was fetched with (null for the first page), so a compound listing can
 * save "this page, from this item on".
 */
export interface WalkedPage<P> {
  page: P;
  next: string | null;
  at: string | null;
}

/** One page of raw items with its cursors: what a compound listing iterates as its parents. */
export interface ItemsPage<Item> {
  items: Item[];
  next: string | null;
  at: string | null;
}

/**
 * A paging scheme. `walk` follows the provider's pages from `cursor` (null: from the start) to the end, asking
 * `fetch` for each one and deciding where to go on from what its `read` kept of the page.
 */
export interface Paging<Body> {
  walk<P>(cursor: string | null, fetch: FetchPage<Body, P>, context: WalkContext): AsyncGenerator<WalkedPage<P>>;
}

/** What a scheme may need beside the pages: the provider's name for its errors, and the dock's base URL. */
export interface WalkContext {
  provider: string;
  baseUrl: string;
}

/** Walks the pages of raw items of one listing: what a compound listing iterates as its parents. */
export type ItemPager<Credentials, Item> = (credentials: Credentials, ctx: ProviderContext, cursor: string | null) => AsyncIterable<ItemsPage<Item>>;

/**
 * A stored cursor the lister cannot read: corrupted, or saved by another version of the lister. It fails the
 * run (the hub then drops the continuation, so the next run lists from the start) instead of being read as
 * "from the start" now, which would mix two listings' views in one sweep.
 */
export class CursorError extends Error {
  override name = "CursorError";
}

/** Longest cursor the kit accepts back from storage: continuations live in the hub's SQLite, and a longer one is not ours. */
export const MAX_CURSOR_LENGTH = 4096;

export function invalidCursor(scheme: string, cursor: string): CursorError {
  // The cursor came from storage; quoting all of a long one would only flood the run's error.
  const shown = cursor.length > 80 ? `${cursor.slice(0, 80)}…` : cursor;
  return new CursorError(`invalid ${scheme} cursor ${JSON.stringify(shown)}`);
}

/** Restarts a listing whose total keeps changing may take before the kind fails, to be listed next run. */
export const MAX_LISTING_RESTARTS = 3;

export function keptChanging(provider: string, restarts: number): ProviderError {
  return new ProviderError(provider, "transient", `${provider}'s listing kept changing while it was paged (its total moved ${restarts} times); it is listed again on the next run`);
}

/** The provider said something about its pages that cannot be followed without risking a skipped item. */
export function pagingViolation(provider: string, detail: string): ProviderError {
  return new ProviderError(provider, "contract_violation", `${provider} paged its listing inconsistently: ${detail}`);
}

/** The default for "the thing asked about is gone": the provider's 404. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ProviderError && err.status === 404;
}

/** A non-negative integer written plainly (no sign, spaces, exponent or leading zeros), else null. */
export function plainInteger(text: string | undefined): number | null {
  if (text === undefined || !/^(0|[1-9]\d{0,15})$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}
