/**
 * Per-item cursors (Render): the body is a list of entries, each carrying its own `cursor` beside the
 * resource; the next page is asked for with the last entry's cursor, and a page shorter than `limit` (or
 * empty) is the end. There is no total and no next link, so a last page that is exactly full costs one more
 * request, which answers empty.
 *
 * Cursor: the last entry's cursor, verbatim (percent-encoded in the query like every cursor).
 */
import { parseOpaqueCursor } from "./body-cursor";
import { MAX_CURSOR_LENGTH, pagingViolation } from "./core";
import type { Paging } from "./core";

export interface ItemCursorOptions<Body, Entry> {
  /** Every entry of the page as sent (the short-page rule counts them, so nothing may be filtered out here). */
  entries: (body: Body) => readonly Entry[];
  cursor: (entry: Entry) => string;
  limit: number;
  /** Default `cursor`. */
  param?: string;
  /** Default `limit`. */
  limitParam?: string;
}

export function itemCursor<Body, Entry>(options: ItemCursorOptions<Body, Entry>): Paging<Body> {
  const { limit, param = "cursor", limitParam = "limit" } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, not ${limit}`);
  return {
    async *walk(cursor, fetch, { provider }) {
      let current = cursor === null ? null : parseOpaqueCursor("item", cursor);
      for (;;) {
        const { step, page } = await fetch({ query: { [limitParam]: limit, [param]: current ?? undefined } }, ({ body }) => {
          const entries = options.entries(body);
          const last = entries.at(-1);
          return { count: entries.length, lastCursor: last === undefined ? null : options.cursor(last) };
        });
        // A full page goes on from its last entry's cursor; a short or empty one is the end.
        const next = step.count < limit ? null : step.lastCursor;
        if (next !== null) {
          if (next === "") throw pagingViolation(provider, "the last entry of a full page carries no cursor");
          if (next === current) throw pagingViolation(provider, "the last entry's cursor repeats the one just sent");
          if (next.length > MAX_CURSOR_LENGTH) throw pagingViolation(provider, `an entry's cursor is longer than ${MAX_CURSOR_LENGTH} characters`);
        }
        yield { page, next, at: current };
        if (next === null) return;
        current = next;
      }
    },
  };
}
