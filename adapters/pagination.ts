import type { NormalizedResource } from "../shared/resources";
import { ProviderError } from "./errors";
import type { ResourcePage } from "./types";

/** Pages requested ahead of the one being written, when the provider says how many pages there are. */
export const PREFETCH_PAGES = 4;

export interface NumberedPage<T> {
  items: T[];
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

/** Restarts a listing whose total keeps changing may take before the kind fails, to be listed next run. */
export const MAX_LISTING_RESTARTS = 3;

/** A page cursor: the page to fetch next, and the total the listing had when it was saved (`"4"` or `"4:873"`). */
function parseCursor(cursor: string | null): { page: number; total: number | null } {
  if (cursor === null) return { page: 1, total: null };
  const [pageText, totalText] = cursor.split(":");
  const page = Number(pageText);
  const total = totalText === undefined ? null : Number(totalText);
  if (!Number.isInteger(page) || page < 1 || (total !== null && !Number.isInteger(total))) throw new Error(`invalid page cursor ${cursor}`);
  return { page, total };
}

/**
 * Walks a page-numbered listing to its end. The cursor is the page to fetch next, so a sync cut short
 * resumes at the page after the last one it wrote. Pages ahead are requested while the caller writes the
 * current one — up to PREFETCH_PAGES when the last page is known — so provider latency overlaps the writes.
 */
export async function* pagesByNumber<T>(
  cursor: string | null,
  fetchPage: (page: number) => Promise<NumberedPage<T>>,
  normalize: (item: T) => NormalizedResource,
  provider = "provider",
): AsyncGenerator<ResourcePage> {
  let { page, total } = parseCursor(cursor);
  let inflight = new Map<number, Promise<NumberedPage<T>>>();
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
    const { items, nextPage, lastPage, total: reported } = await request(page);
    inflight.delete(page);
    if (reported !== undefined && reported !== null) {
      if (total !== null && reported !== total && page > 1) {
        // Items came or went since the listing began: later pages shifted. Pages already yielded stay
        // written (the sync counts a repeated item once); listing again from page 1 misses nothing.
        if (++restarts > MAX_LISTING_RESTARTS) {
          throw new ProviderError(provider, "transient", `${provider}'s listing kept changing while it was paged (its total moved ${restarts} times); it is listed again on the next run`);
        }
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
    yield { resources: items.map(normalize), next: next === null ? null : total === null ? String(next) : `${next}:${total}` };
    if (next === null) return;
    page = next;
  }
}
