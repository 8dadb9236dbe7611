/**
 * Offset/limit listings (Supabase's organization projects: `?offset=N&limit=M`, body `pagination.count`).
 *
 * Cursor: the offset to fetch next, and the count the listing reported when it was saved — `"200"` or
 * `"200:873"`. As with page numbers, a count that moved means items came or went and every later offset
 * shifted, so the listing starts again from offset 0.
 */
import { invalidCursor, keptChanging, MAX_LISTING_RESTARTS, pagingViolation, plainInteger } from "./core";
import type { Paging } from "./core";

export interface OffsetOptions<Body> {
  /** Asked for on every page; the provider's maximum. */
  limit: number;
  /** Default `offset`. */
  offsetParam?: string;
  /** Default `limit`. */
  limitParam?: string;
  /**
   * How many items the whole listing holds, when the provider says. With it the listing ends once the offset
   * reaches it; without it, at the first page shorter than `limit`.
   */
  total?: (body: Body) => number | null | undefined;
}

function parseOffsetCursor(cursor: string | null): { offset: number; total: number | null } {
  if (cursor === null) return { offset: 0, total: null };
  const [offsetText, totalText, ...rest] = cursor.split(":");
  const offset = plainInteger(offsetText);
  const total = totalText === undefined ? null : plainInteger(totalText);
  if (offset === null || (totalText !== undefined && total === null) || rest.length > 0) throw invalidCursor("offset", cursor);
  return { offset, total };
}

const offsetCursor = (offset: number, total: number | null) => (total === null ? String(offset) : `${offset}:${total}`);

export function offsetLimit<Body>(options: OffsetOptions<Body>): Paging<Body> {
  const { limit, offsetParam = "offset", limitParam = "limit" } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, not ${limit}`);
  return {
    async *walk(cursor, fetch, { provider }) {
      let { offset, total } = parseOffsetCursor(cursor);
      let restarts = 0;
      for (;;) {
        const { step, page } = await fetch({ query: { [offsetParam]: offset, [limitParam]: limit } }, ({ body, items }) => ({
          total: options.total?.(body) ?? null,
          count: items.length,
        }));
        const reported = step.total;
        if (reported !== null && total !== null && reported !== total && offset > 0) {
          // The same rule as page numbers: what was already yielded stays written, and listing again from the
          // start is the only way not to skip an item that moved to an offset already passed.
          if (++restarts > MAX_LISTING_RESTARTS) throw keptChanging(provider, restarts);
          offset = 0;
          total = null;
          continue;
        }
        if (reported !== null) total = reported;
        const at = offset === 0 ? null : offsetCursor(offset, total);
        // Forward by what arrived rather than by `limit`: a provider that caps the page lower skips nothing.
        const following = offset + step.count;
        let done: boolean;
        if (total !== null) {
          done = following >= total;
          if (!done && step.count === 0) throw pagingViolation(provider, `the page at offset ${offset} is empty although the listing reports ${total} items`);
        } else done = step.count < limit;
        yield { page, next: done ? null : offsetCursor(following, total), at };
        if (done) return;
        offset = following;
      }
    },
  };
}
