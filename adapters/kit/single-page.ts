/**
 * Unpaged listings (Coolify, Fly.io, Turso, Supabase's project list, DigitalOcean's databases, and a kind
 * read as one page on purpose, such as a repository's most recent deployments): one request, complete.
 *
 * Cursor: none is ever handed out; a listing resumed with one is refused, since it cannot be this one's.
 */
import { invalidCursor } from "./core";
import type { Paging } from "./core";

export function singlePage(): Paging<unknown> {
  return {
    async *walk(cursor, fetch) {
      if (cursor !== null) throw invalidCursor("single-page", cursor);
      const { page } = await fetch({ query: {} }, () => null);
      yield { page, next: null, at: null };
    },
  };
}
