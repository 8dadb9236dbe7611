/**
 * Each dock's sync index — per kind, external id → (resource id, content hash, deleted) — kept in the hub's
 * own SQLite, so an unchanged re-sync classifies its listing without reading D1 at all.
 *
 * D1 stays the source of truth: the index is written only after the D1 batch carrying the same rows has
 * succeeded, and a (dock, kind) the hub holds no index for — never built, lost, or invalidated because a
 * write to D1 was under way when the object stopped — is rebuilt once from D1. Which (dock, kind) pairs
 * are complete is recorded in `sync_hash_index_kinds`: a kind with no resources has no entries, yet must not
 * be read from D1 on every run.
 */
import type { ResourceKind } from "../../shared/resources";
import type { IndexEntry } from "./resource-store";
import { migrate } from "../hub/migrations";
import type { ModuleSchema } from "../hub/migrations";

/** One dock's index for one kind, keyed by external id. */
export type KindIndex = Map<string, IndexEntry>;

/** What the sync needs of the index; `hashIndexFor` is the hub's SQLite one. */
export interface HashIndex {
  /**
   * The stored index of the kind — all of it, or only the named external ids (a webhook's) — or null when the
   * hub holds none for it (rebuild it from D1).
   */
  load(dockId: string, kind: ResourceKind, only?: readonly string[]): KindIndex | null;
  /** Replaces the kind's index with one read from D1, and records it as complete. */
  rebuild(dockId: string, kind: ResourceKind, entries: KindIndex): void;
  /**
   * Called before a D1 write of the kind: until `write` follows, the hub's index may be behind D1, so it is
   * not trusted. Should the object stop between the two, the next run rebuilds the kind from D1 instead of
   * taking a resource D1 holds for a new one.
   */
  begin(dockId: string, kind: ResourceKind): void;
  /** After the D1 batch succeeded: these entries as D1 now holds them, and the kind's index trusted again. */
  write(dockId: string, kind: ResourceKind, entries: Iterable<[string, IndexEntry]>): void;
  /** The dock is gone: all its entries go with it. */
  dropDock(dockId: string): void;
}

interface EntryRow {
  external_id: string;
  resource_id: string;
  hash: string;
  deleted: number;
  [key: string]: SqlStorageValue;
}

/**
 * Entries per INSERT: they travel as one JSON parameter read by `json_each`, so a page of a thousand writes
 * is one statement instead of a thousand calls across the SQLite boundary.
 */
const ENTRIES_PER_STATEMENT = 2_000;

const SCHEMA: ModuleSchema = {
  module: "hash_index",
  steps: [
    (sql) => {
      // The primary key (dock_id, kind, external_id) is the index on (dock, kind) that loading a kind scans; a
      // separate one would only double every write. WITHOUT ROWID keeps each entry in that one b-tree.
      sql.exec(`CREATE TABLE IF NOT EXISTS sync_hash_index (
        dock_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        external_id TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        PRIMARY KEY (dock_id, kind, external_id)
      ) WITHOUT ROWID`);
      sql.exec("CREATE TABLE IF NOT EXISTS sync_hash_index_kinds (dock_id TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (dock_id, kind)) WITHOUT ROWID");
    },
  ],
};

function createTables(sql: SqlStorage): void {
  migrate(sql, SCHEMA);
}

function insertEntries(sql: SqlStorage, dockId: string, kind: ResourceKind, entries: Iterable<[string, IndexEntry]>): void {
  let batch: [string, string, string, number][] = [];
  const flush = () => {
    if (batch.length === 0) return;
    sql.exec(
      `INSERT INTO sync_hash_index (dock_id, kind, external_id, resource_id, hash, deleted)
        SELECT ?, ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?) AS j WHERE true
        ON CONFLICT (dock_id, kind, external_id) DO UPDATE SET resource_id = excluded.resource_id, hash = excluded.hash, deleted = excluded.deleted`,
      dockId,
      kind,
      JSON.stringify(batch),
    );
    batch = [];
  };
  for (const [externalId, entry] of entries) {
    batch.push([externalId, entry.id, entry.hash, entry.deleted ? 1 : 0]);
    if (batch.length === ENTRIES_PER_STATEMENT) flush();
  }
  flush();
}

/** The hub's index, in its SQLite (`ctx.storage.sql`). Every method is synchronous: nothing interleaves with it. */
export function hashIndexFor(sql: SqlStorage): HashIndex {
  createTables(sql);
  return {
    load(dockId, kind, only) {
      const complete = sql.exec("SELECT 1 FROM sync_hash_index_kinds WHERE dock_id = ? AND kind = ?", dockId, kind).toArray().length > 0;
      if (!complete) return null;
      // Rows as arrays (`raw()`): a kind of 10,000 entries is read on every re-sync, and an object per row costs.
      const rows = only
        ? sql.exec<EntryRow>(
            "SELECT external_id, resource_id, hash, deleted FROM sync_hash_index WHERE dock_id = ? AND kind = ? AND external_id IN (SELECT value FROM json_each(?))",
            dockId,
            kind,
            JSON.stringify(only),
          )
        : sql.exec<EntryRow>("SELECT external_id, resource_id, hash, deleted FROM sync_hash_index WHERE dock_id = ? AND kind = ?", dockId, kind);
      const out: KindIndex = new Map();
      for (const [externalId, resourceId, hash, deleted] of rows.raw()) out.set(String(externalId), { id: String(resourceId), hash: String(hash), deleted: deleted !== 0 });
      return out;
    },
    rebuild(dockId, kind, entries) {
      sql.exec("DELETE FROM sync_hash_index WHERE dock_id = ? AND kind = ?", dockId, kind);
      insertEntries(sql, dockId, kind, entries);
      sql.exec("INSERT OR IGNORE INTO sync_hash_index_kinds (dock_id, kind) VALUES (?, ?)", dockId, kind);
    },
    begin(dockId, kind) {
      sql.exec("DELETE FROM sync_hash_index_kinds WHERE dock_id = ? AND kind = ?", dockId, kind);
    },
    write(dockId, kind, entries) {
      insertEntries(sql, dockId, kind, entries);
      sql.exec("INSERT OR IGNORE INTO sync_hash_index_kinds (dock_id, kind) VALUES (?, ?)", dockId, kind);
    },
    dropDock(dockId) {
      sql.exec("DELETE FROM sync_hash_index WHERE dock_id = ?", dockId);
      sql.exec("DELETE FROM sync_hash_index_kinds WHERE dock_id = ?", dockId);
    },
  };
}
