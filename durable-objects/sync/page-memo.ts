/**
 * Each dock's remembered pages, in the hub's SQLite: per kind and page key (URL within its listing's context),
 * the fingerprint of the page's bytes, what its paging scheme read of it, and the resources it held with the
 * content hash written for each. A listing that fetches the same bytes again hands the page on unread; the
 * engine accepts it only while its index still holds every one of those resources under that hash, and reads
 * the page otherwise. So the memo can make a sync cheaper, never wrong: it is a cache in front of reading a
 * page, checked against the index the sync trusts anyway.
 *
 * Pages are remembered per version of the Worker (its version id): a new version may read a page differently,
 * so what an older one remembered is not used. Without a version (no version binding) nothing is remembered.
 */
import type { PageMemo, PageSource, RememberedPage } from "../../adapters/types";
import type { ResourceKind } from "../../shared/resources";
import { migrate } from "../hub/migrations";
import type { ModuleSchema } from "../hub/migrations";
import { fnv64 } from "./fingerprint";

/** What the sync needs of the memo; `pageMemoFor` is the hub's SQLite one. */
export interface PageMemoStore {
  /** The kind's memo as its listing reads it. */
  forKind(kind: ResourceKind): PageMemo;
  /** Remembers a page just written: every resource it held, with the hash the index now holds for it. */
  remember(kind: ResourceKind, source: PageSource, resources: readonly (readonly [string, string])[], at: number): void;
  /** A remembered page was accepted again: it stays remembered. */
  used(kind: ResourceKind, key: string, at: number): void;
  /** After a complete listing of the kind: forgets its pages that listing did not fetch (a shorter listing's last pages, old cursors). */
  prune(kind: ResourceKind, listedSince: number): void;
  /** The dock is gone. */
  dropDock(): void;
}

const SCHEMA: ModuleSchema = {
  module: "page_memo",
  steps: [
    (sql) => {
      sql.exec(`CREATE TABLE IF NOT EXISTS sync_page_memo (
        dock_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        version TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        step TEXT NOT NULL,
        resources TEXT NOT NULL,
        used_at INTEGER NOT NULL,
        PRIMARY KEY (dock_id, kind, key)
      ) WITHOUT ROWID`);
    },
  ],
};

interface MemoRow {
  version: string;
  fingerprint: string;
  step: string;
  resources: string;
  [key: string]: SqlStorageValue;
}

/**
 * A page's resources as stored: one flat JSON array of strings, external id then hash, read back with a plain
 * check rather than a schema — this runs for every page of every re-sync, and the hub wrote it itself.
 */
function storedResources(resources: readonly (readonly [string, string])[]): string {
  return JSON.stringify(resources.flat());
}

function parseResources(raw: string): RememberedPage["resources"] | null {
  let flat: unknown;
  try {
    flat = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(flat) || flat.length % 2 !== 0) return null;
  const pairs: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const externalId: unknown = flat[i];
    const hash: unknown = flat[i + 1];
    if (typeof externalId !== "string" || typeof hash !== "string") return null;
    pairs.push([externalId, hash]);
  }
  return pairs;
}

/** One dock's memo. `version` is the running Worker's version id; null remembers nothing. */
export function pageMemoFor(sql: SqlStorage, dockId: string, version: string | null): PageMemoStore {
  migrate(sql, SCHEMA);
  const memoOf = (kind: ResourceKind, prefix: string): PageMemo => ({
    key: (url) => prefix + url,
    get(key) {
      if (version === null) return null;
      const row = sql.exec<MemoRow>("SELECT version, fingerprint, step, resources FROM sync_page_memo WHERE dock_id = ? AND kind = ? AND key = ?", dockId, kind, key).toArray()[0];
      if (!row || row.version !== version) return null;
      const resources = parseResources(row.resources);
      return resources ? { fingerprint: row.fingerprint, step: row.step, resources } : null;
    },
    // Contexts can be long (a parent's JSON): the key carries their hash.
    within: (context) => memoOf(kind, `${prefix}${fnv64(context)} `),
  });
  return {
    forKind: (kind) => memoOf(kind, ""),
    remember(kind, source, resources, at) {
      if (version === null) return;
      sql.exec(
        `INSERT INTO sync_page_memo (dock_id, kind, key, version, fingerprint, step, resources, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dock_id, kind, key) DO UPDATE SET version = excluded.version, fingerprint = excluded.fingerprint, step = excluded.step,
           resources = excluded.resources, used_at = excluded.used_at`,
        dockId,
        kind,
        source.key,
        version,
        source.fingerprint,
        source.step,
        storedResources(resources),
        at,
      );
    },
    used(kind, key, at) {
      sql.exec("UPDATE sync_page_memo SET used_at = ? WHERE dock_id = ? AND kind = ? AND key = ?", at, dockId, kind, key);
    },
    prune(kind, listedSince) {
      sql.exec("DELETE FROM sync_page_memo WHERE dock_id = ? AND kind = ? AND (used_at < ? OR version <> ?)", dockId, kind, listedSince, version ?? "");
    },
    dropDock() {
      sql.exec("DELETE FROM sync_page_memo WHERE dock_id = ?", dockId);
    },
  };
}
