/**
 * Opaque cursors in the body, sent back as a query parameter: Vultr (`meta.links.next`, `""` at the end),
 * Neon (`pagination.cursor`/`next`, present even on the last page), Convex (`pagination.nextCursor` with
 * `hasMore`), Cloudflare R2 (`result_info.cursor`), Vercel projects (`from`).
 *
 * Cursor: the provider's cursor, verbatim. It is put in the query through `URLSearchParams`, so it is
 * percent-encoded whatever it holds.
 */
import { invalidCursor, MAX_CURSOR_LENGTH, pagingViolation } from "./core";
import type { Paging } from "./core";

/**
 * How the provider says the listing is over:
 * - `"absent"`: the next cursor is null or missing (an empty string is not in the contract and fails);
 * - `"blank"`: null, missing or `""` (Vultr: an empty string is not a cursor);
 * - `"short-page"`: a page shorter than `limit`, or empty (Neon hands out a cursor on the last page too, so
 *   its presence says nothing; a full page without one fails, since there is no way on);
 * - a function of the body that is true on the last page (Convex: `!pagination.hasMore`).
 */
export type CursorEnd<Body> = "absent" | "blank" | "short-page" | ((body: Body) => boolean);

export interface BodyCursorOptions<Body> {
  /** The next page's cursor as the body carries it. */
  next: (body: Body) => string | null | undefined;
  endsWhen?: CursorEnd<Body>;
  /** Query parameter the cursor goes back in; default `cursor` (Vercel projects: `from`). */
  param?: string;
  /** Page size asked for; required with `"short-page"`, which compares against it. */
  limit?: number;
  /** Default `limit` (Vultr: `per_page`). */
  limitParam?: string;
}

export function parseOpaqueCursor(scheme: string, cursor: string): string {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor(scheme, cursor);
  return cursor;
}

export function bodyCursor<Body>(options: BodyCursorOptions<Body>): Paging<Body> {
  const { endsWhen = "absent", param = "cursor", limit, limitParam = "limit" } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new Error(`limit must be a positive integer, not ${limit}`);
  if (endsWhen === "short-page" && limit === undefined) throw new Error(`a listing that ends on a short page needs its limit`);
  return {
    async *walk(cursor, fetch, { provider }) {
      let current = cursor === null ? null : parseOpaqueCursor("body", cursor);
      for (;;) {
        const { step, page } = await fetch({ query: { [limitParam]: limit, [param]: current ?? undefined } }, ({ body, items }) => ({
          next: options.next(body) ?? null,
          count: items.length,
          last: typeof endsWhen === "function" ? endsWhen(body) : null,
        }));
        const raw = step.next;
        let done: boolean;
        if (endsWhen === "absent") {
          if (raw === "") throw pagingViolation(provider, "its next cursor is an empty string");
          done = raw === null;
        } else if (endsWhen === "blank") done = raw === null || raw === "";
        else if (endsWhen === "short-page") done = step.count < limit!;
        else done = step.last === true;
        if (!done) {
          if (raw === null || raw === "") throw pagingViolation(provider, "a page that is not the last carries no next cursor");
          // The same cursor again would fetch the same page forever.
          if (raw === current) throw pagingViolation(provider, "its next cursor repeats the one just sent");
          if (raw.length > MAX_CURSOR_LENGTH) throw pagingViolation(provider, `its next cursor is longer than ${MAX_CURSOR_LENGTH} characters`);
        }
        yield { page, next: done ? null : raw, at: current };
        if (done) return;
        current = raw;
      }
    },
  };
}
