/**
 * The conditional-request cache of the organization's docks, in the hub's SQLite: per dock and URL, the
 * last body a provider sent with its `ETag`, so the next sync asks "changed since?" and a 304 costs neither
 * the download nor (on GitHub) the hourly quota. Only sync runs use it; it goes with the dock.
 */
import type { ProviderContext } from "../adapters/types";
import { migrate } from "./hub/migrations";
import type { ModuleSchema } from "./hub/migrations";

export type HttpCache = NonNullable<ProviderContext["httpCache"]>;

/**
 * Bounds per dock. A GitHub sync asks one URL per repository and per deployment, so thousands of entries
 * are normal; beyond these the oldest stored go first, and their next request is simply unconditional.
 */
export const HTTP_CACHE_LIMITS = { entries: 5_000, chars: 20_000_000 };
export type HttpCacheLimits = typeof HTTP_CACHE_LIMITS;

interface CacheRow {
  etag: string;
  body: string;
  headers: string;
  [key: string]: SqlStorageValue;
}

interface UsageRow {
  entries: number;
  chars: number;
  [key: string]: SqlStorageValue;
}

const SCHEMA: ModuleSchema = {
  module: "http_cache",
  steps: [
    (sql) => {
      sql.exec(`CREATE TABLE IF NOT EXISTS http_cache (
        dock_id TEXT NOT NULL,
        url TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        headers TEXT NOT NULL DEFAULT '{}',
        -- The body's length as the bounds count it (UTF-16 units, JavaScript's), so the totals never drift.
        chars INTEGER NOT NULL,
        stored_at INTEGER NOT NULL,
        PRIMARY KEY (dock_id, url)
      )`);
      sql.exec("CREATE INDEX IF NOT EXISTS http_cache_dock_age ON http_cache (dock_id, stored_at)");
      // Running totals, so a put checks the bounds with one row read instead of summing the dock's entries.
      sql.exec("CREATE TABLE IF NOT EXISTS http_cache_usage (dock_id TEXT PRIMARY KEY, entries INTEGER NOT NULL, chars INTEGER NOT NULL)");
    },
  ],
};

/** Makes the cache's tables (once per storage). */
export function createHttpCacheTable(sql: SqlStorage): void {
  migrate(sql, SCHEMA);
}

function parseHeaders(raw: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}

/** Entries evicted per statement while a dock is over its bounds. */
const EVICT_BATCH = 50;

/** One dock's view of the cache, as the provider context takes it. */
export function httpCacheFor(sql: SqlStorage, dockId: string, limits: HttpCacheLimits = HTTP_CACHE_LIMITS, now = Date.now): HttpCache {
  const adjust = (entries: number, chars: number) =>
    sql.exec(
      `INSERT INTO http_cache_usage (dock_id, entries, chars) VALUES (?1, ?2, ?3)
       ON CONFLICT (dock_id) DO UPDATE SET entries = entries + ?2, chars = chars + ?3`,
      dockId,
      entries,
      chars,
    );
  return {
    get(url) {
      const row = sql.exec<CacheRow>("SELECT etag, body, headers FROM http_cache WHERE dock_id = ? AND url = ?", dockId, url).toArray()[0];
      return row ? { etag: row.etag, body: row.body, headers: parseHeaders(row.headers) } : null;
    },
    put(url, entry) {
      const previous = sql.exec<{ chars: number; [key: string]: SqlStorageValue }>("SELECT chars FROM http_cache WHERE dock_id = ? AND url = ?", dockId, url).toArray()[0];
      sql.exec(
        `INSERT INTO http_cache (dock_id, url, etag, body, headers, chars, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dock_id, url) DO UPDATE SET etag = excluded.etag, body = excluded.body, headers = excluded.headers, chars = excluded.chars, stored_at = excluded.stored_at`,
        dockId,
        url,
        entry.etag,
        entry.body,
        JSON.stringify(entry.headers),
        entry.body.length,
        now(),
      );
      adjust(previous ? 0 : 1, entry.body.length - (previous?.chars ?? 0));
      // Oldest first, until the dock is within its bounds again; the entry just stored is never taken.
      for (;;) {
        const usage = sql.exec<UsageRow>("SELECT entries, chars FROM http_cache_usage WHERE dock_id = ?", dockId).toArray()[0];
        if (!usage || (usage.entries <= limits.entries && usage.chars <= limits.chars)) return;
        const oldest = sql
          .exec<{ url: string; chars: number; [key: string]: SqlStorageValue }>(
            "SELECT url, chars FROM http_cache WHERE dock_id = ? AND url <> ? ORDER BY stored_at, url LIMIT ?",
            dockId,
            url,
            usage.entries > limits.entries ? Math.min(EVICT_BATCH, usage.entries - limits.entries) : 1,
          )
          .toArray();
        if (oldest.length === 0) return;
        for (const row of oldest) sql.exec("DELETE FROM http_cache WHERE dock_id = ? AND url = ?", dockId, row.url);
        adjust(-oldest.length, -oldest.reduce((sum, row) => sum + row.chars, 0));
      }
    },
  };
}

/** Forgets everything kept for a dock: when it is removed, its bodies have no reader left. */
export function dropHttpCache(sql: SqlStorage, dockId: string): void {
  sql.exec("DELETE FROM http_cache WHERE dock_id = ?", dockId);
  sql.exec("DELETE FROM http_cache_usage WHERE dock_id = ?", dockId);
}
