/**
 * Page-numbered listings (DigitalOcean, Linode, Cloudflare, Hetzner, GridPane, PlanetScale, Better Stack):
 * `?page=N&per_page=M`, the provider telling the next or last page and usually the total.
 *
 * Cursor: the page to fetch next, and the total the listing had when it was saved — `"4"` or `"4:873"`.
 */
import { invalidCursor, keptChanging, MAX_LISTING_RESTARTS, pagingViolation, plainInteger } from "./core";
import type { Paging, WalkedPage } from "./core";

export { MAX_LISTING_RESTARTS };

/** Pages requested ahead of the one being written, when the provider says how many pages there are. */
export const PREFETCH_PAGES = 4;

/** One numbered page: the page as the listing uses it, and what its body says of the listing. */
export interface NumberedPage<P> {
  page: P;
  nextPage: number | null;
  /** The last page number, when the provider tells: it lets later pages be requested in parallel. */
  lastPage?: number | null;
  /**
   * How many items the whole listing holds, when the provider tells. A total that changes between pages means
   * items were added or removed meanwhile, which shifts every later page: an item could be skipped (and then
   * swept as deleted), so the listing starts again from the first page.
   */
  total?: number | null;
}

function parsePageCursor(cursor: string | null): { page: number; total: number | null } {
  if (cursor === null) return { page: 1, total: null };
  const [pageText, totalText, ...rest] = cursor.split(":");
  const page = plainInteger(pageText);
  const total = totalText === undefined ? null : plainInteger(totalText);
  if (page === null || page < 1 || (totalText !== undefined && total === null) || rest.length > 0) throw invalidCursor("page", cursor);
  return { page, total };
}

const pageCursor = (page: number, total: number | null) => (total === null ? String(page) : `${page}:${total}`);

/**
 * Walks a page-numbered listing to its end. The cursor is the page to fetch next, so a sync cut short resumes
 * at the page after the last one it wrote. Pages ahead are requested while the caller writes the current one —
 * up to PREFETCH_PAGES when the last page is known — so provider latency overlaps the writes.
 */
export async function* numberedPages<P>(cursor: string | null, fetchPage: (page: number) => Promise<NumberedPage<P>>, provider = "provider"): AsyncGenerator<WalkedPage<P>> {
  let { page, total } = parsePageCursor(cursor);
  let inflight = new Map<number, Promise<NumberedPage<P>>>();
  const request = (n: number) => {
    let pending = inflight.get(n);
    if (!pending) {
      pending = fetchPage(n);
      // If the caller stops early (its time slice is up), nobody awaits a prefetch: its failure is moot.
      pending.catch(() => undefined);
      inflight.set(n, pending);
    }
    return pending;
  };
  let last: number | null = null;
  let restarts = 0;
  for (;;) {
    const { page: fetched, nextPage, lastPage, total: reported } = await request(page);
    inflight.delete(page);
    if (reported !== undefined && reported !== null) {
      if (total !== null && reported !== total && page > 1) {
        // Items came or went since the listing began: later pages shifted. Pages already yielded stay
        // written (the sync counts a repeated item once); listing again from page 1 misses nothing.
        if (++restarts > MAX_LISTING_RESTARTS) throw keptChanging(provider, restarts);
        inflight = new Map();
        total = null;
        last = null;
        page = 1;
        continue;
      }
      total = reported;
    }
    last = lastPage ?? last;
    // A provider that repeats a page number would loop forever; only forward is progress.
    const next = nextPage !== null && nextPage > page ? nextPage : null;
    if (next !== null) {
      const until = last !== null ? Math.min(last, next + PREFETCH_PAGES - 1) : next;
      for (let n = next; n <= until; n++) request(n);
    }
    yield { page: fetched, next: next === null ? null : pageCursor(next, total), at: page === 1 ? null : pageCursor(page, total) };
    if (next === null) return;
    page = next;
  }
}

export interface PageNumberOptions<Body> {
  /** Asked for on every page; the provider's maximum, so the listing costs the fewest requests. */
  perPage: number;
  /** Default `page`. */
  pageParam?: string;
  /** Default `per_page` (Linode: `page_size`). */
  perPageParam?: string;
  /** The next page as the provider states it (Hetzner `next_page`, DigitalOcean `links.pages.next`); null or absent: none. */
  nextPage?: (body: Body) => number | null | undefined;
  /** The last page (Linode `pages`, Cloudflare `total_pages`, Hetzner `last_page`): lets later pages be prefetched. */
  lastPage?: (body: Body) => number | null | undefined;
  /** How many items the whole listing holds (Linode `results`, Cloudflare `total_count`, DigitalOcean `meta.total`). */
  total?: (body: Body) => number | null | undefined;
}

/**
 * Page numbers for a declarative `listing`. Where the listing ends, in order of what the provider tells:
 * its stated next page; else the last page; else the total (an empty page before the total is reached is the
 * provider contradicting itself and fails the kind); else a page shorter than `perPage`.
 */
export function pageNumber<Body>(options: PageNumberOptions<Body>): Paging<Body> {
  const { perPage, pageParam = "page", perPageParam = "per_page" } = options;
  if (!Number.isSafeInteger(perPage) || perPage < 1) throw new Error(`perPage must be a positive integer, not ${perPage}`);
  return {
    walk: (cursor, fetch, { provider }) =>
      numberedPages(
        cursor,
        async (page) => {
          const { step, page: fetched } = await fetch({ query: { [pageParam]: page, [perPageParam]: perPage } }, ({ body, items }) => ({
            nextPage: options.nextPage?.(body) ?? null,
            lastPage: options.lastPage?.(body) ?? null,
            total: options.total?.(body) ?? null,
            count: items.length,
          }));
          const { lastPage, total } = step;
          let nextPage: number | null;
          if (options.nextPage) nextPage = step.nextPage;
          else if (lastPage !== null) nextPage = page < lastPage ? page + 1 : null;
          else if (total !== null) {
            if (page * perPage >= total) nextPage = null;
            else if (step.count === 0) throw pagingViolation(provider, `page ${page} is empty although the listing reports ${total} items`);
            else nextPage = page + 1;
          } else nextPage = step.count >= perPage ? page + 1 : null;
          return { page: fetched, nextPage, lastPage, total };
        },
        provider,
      ),
  };
}
