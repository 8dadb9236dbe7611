import type { NormalizedResource } from "../shared/resources";
import type { ResourcePage } from "./types";

/** Pages requested ahead of the one being written, when the provider says how many pages there are. */
export const PREFETCH_PAGES = 4;

export interface NumberedPage<T> {
  items: T[];
  nextPage: number | null;
  /** The last page number, when the provider tells: it lets later pages be requested in parallel. */
  lastPage?: number | null;
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
): AsyncGenerator<ResourcePage> {
  let page = cursor === null ? 1 : Number(cursor);
  if (!Number.isInteger(page) || page < 1) throw new Error(`invalid page cursor ${cursor}`);
  const inflight = new Map<number, Promise<NumberedPage<T>>>();
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
  for (;;) {
    const { items, nextPage, lastPage } = await request(page);
    inflight.delete(page);
    last = lastPage ?? last;
    // A provider that repeats a page number would loop forever; only forward is progress.
    const next = nextPage !== null && nextPage > page ? nextPage : null;
    if (next !== null) {
      const until = last !== null ? Math.min(last, next + PREFETCH_PAGES - 1) : next;
      for (let n = next; n <= until; n++) request(n);
    }
    yield { resources: items.map(normalize), next: next === null ? null : String(next) };
    if (next === null) return;
    page = next;
  }
}
