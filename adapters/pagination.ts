import type { NormalizedResource } from "../shared/resources";
import type { ResourcePage } from "./types";

/**
 * Walks a page-numbered listing to its end. The cursor is the page to fetch next, so a sync cut short
 * resumes at the page after the last one it wrote.
 */
export async function* pagesByNumber<T>(
  cursor: string | null,
  fetchPage: (page: number) => Promise<{ items: T[]; nextPage: number | null }>,
  normalize: (item: T) => NormalizedResource,
): AsyncGenerator<ResourcePage> {
  let page = cursor === null ? 1 : Number(cursor);
  if (!Number.isInteger(page) || page < 1) throw new Error(`invalid page cursor ${cursor}`);
  for (;;) {
    const { items, nextPage } = await fetchPage(page);
    // A provider that repeats a page number would loop forever; only forward is progress.
    const next = nextPage !== null && nextPage > page ? nextPage : null;
    yield { resources: items.map(normalize), next: next === null ? null : String(next) };
    if (next === null) return;
    page = next;
  }
}
