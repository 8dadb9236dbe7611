/**
 * Timestamp cursors (Vercel): the body's `pagination.next` is a millisecond timestamp, sent back as `until`
 * ("created before"); `next: null` is the end, even after a full page.
 *
 * Cursor: the timestamp in decimal, e.g. `"1609492210000"`.
 */
import { invalidCursor, pagingViolation, plainInteger } from "./core";
import type { Paging } from "./core";

export interface TimestampOptions<Body> {
  /** The next page's timestamp as the body carries it; null or absent on the last page. */
  next: (body: Body) => number | null | undefined;
  /** Default `until`. */
  param?: string;
  limit?: number;
  /** Default `limit`. */
  limitParam?: string;
}

export function timestampCursor<Body>(options: TimestampOptions<Body>): Paging<Body> {
  const { param = "until", limit, limitParam = "limit" } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new Error(`limit must be a positive integer, not ${limit}`);
  return {
    async *walk(cursor, fetch, { provider }) {
      let current: number | null = null;
      if (cursor !== null) {
        current = plainInteger(cursor);
        if (current === null) throw invalidCursor("timestamp", cursor);
      }
      for (;;) {
        const { step: next, page } = await fetch({ query: { [limitParam]: limit, [param]: current ?? undefined } }, ({ body }) => options.next(body) ?? null);
        if (next !== null) {
          if (!Number.isSafeInteger(next) || next < 0) throw pagingViolation(provider, `its next timestamp ${next} is not a whole number of milliseconds`);
          // The same timestamp again would fetch the same page forever.
          if (next === current) throw pagingViolation(provider, "its next timestamp repeats the one just sent");
        }
        yield { page, next: next === null ? null : String(next), at: current === null ? null : String(current) };
        if (next === null) return;
        current = next;
      }
    },
  };
}
