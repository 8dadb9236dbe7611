import { and, eq, inArray, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { FieldChange, ResourceKind } from "../../shared/resources";
import type { Db } from "../../core/db/client";
import type { ResourceRecord } from "../../core/db/resource-rows";
import { type resourceEvents, resources } from "../../core/db/schema";
import { chunk, chunkByBytes, MAX_PAYLOAD_BYTES, rowsPerStatement, STATEMENTS_PER_BATCH } from "./d1-writes";

export type ResourceRow = typeof resources.$inferInsert;
export type EventRow = typeof resourceEvents.$inferInsert;

const ID_LOOKUP_CHUNK = 90;

/** What a sync needs to know of each stored resource to classify a listing: no full rows. */
export interface IndexEntry {
  id: string;
  hash: string;
  deleted: boolean;
}

/** The dock's stored index for a kind: all of it for a listing, or only the named external ids. */
export async function loadIndex(db: Db, dockId: string, kind: ResourceKind, only?: string[]): Promise<Map<string, IndexEntry>> {
  const select = () => db.select({ id: resources.id, externalId: resources.externalId, hash: resources.contentHash, deletedAt: resources.deletedAt }).from(resources);
  const scope = and(eq(resources.dockId, dockId), eq(resources.kind, kind));
  const rows = only
    ? (await Promise.all(chunk(only, ID_LOOKUP_CHUNK).map((part) => select().where(and(scope, inArray(resources.externalId, part)))))).flat()
    : await select().where(scope);
  return new Map(rows.map((r) => [r.externalId, { id: r.id, hash: r.hash, deleted: r.deletedAt !== null }]));
}

/** Full stored rows, only for the resources that changed: their previous values make the diff. */
export async function loadRows(db: Db, ids: string[]): Promise<Map<string, ResourceRecord>> {
  const out = new Map<string, ResourceRecord>();
  for (const part of chunk(ids, ID_LOOKUP_CHUNK)) {
    for (const row of await db.select().from(resources).where(inArray(resources.id, part))) out.set(row.id, row);
  }
  return out;
}

const dialect = new SQLiteSyncDialect();

function prepare(db: Db, query: SQL): D1PreparedStatement {
  const built = dialect.sqlToQuery(query);
  return db.$client.prepare(built.sql).bind(...built.params);
}

/**
 * Rows travel as one JSON parameter read by `json_each`, not as one bound parameter per column: a
 * 19-column row fits only 5 to a statement under D1's 100-parameter limit, and 10,000 of them took 2,000
 * statements (measured: 1.4 s) where JSON takes about 70 (0.6 s). Each statement's JSON stays under
 * MAX_PAYLOAD_BYTES; everything a batch of rows shares (organization, dock, kind, time) is bound once. Each
 * row is an array read by position (`->> 0`), not an object: no key repeated in every row, less to serialize
 * and for SQLite to parse.
 */
export function upsertStatements(db: Db, rows: ResourceRow[]): D1PreparedStatement[] {
  const first = rows[0];
  if (!first) return [];
  const seenAt = first.lastSeenAt!.getTime();
  const items = rows.map((r) => [r.id, r.externalId, r.name, r.status, r.providerStatus, r.region, r.url, r.providerCreatedAt, r.monthlyCostCents, r.currency, r.attributes, r.parentExternalId ?? null, r.contentHash]);
  return chunkByBytes(items, MAX_PAYLOAD_BYTES).map((payload) =>
    prepare(
      db,
      sql`INSERT INTO resources (id, organization_id, dock_id, provider, kind, external_id, name, status, provider_status, region, url,
          provider_created_at, monthly_cost_cents, currency, attributes, parent_external_id, first_seen_at, last_seen_at, deleted_at, content_hash)
        SELECT j.value ->> 0, ${first.organizationId}, ${first.dockId}, ${first.provider}, ${first.kind}, j.value ->> 1, j.value ->> 2,
          j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9,
          j.value -> 10, j.value ->> 11, ${seenAt}, ${seenAt}, NULL, j.value ->> 12
        FROM json_each(${payload}) AS j WHERE true
        ON CONFLICT (dock_id, kind, external_id) DO UPDATE SET name = excluded.name, status = excluded.status,
          provider_status = excluded.provider_status, region = excluded.region, url = excluded.url,
          provider_created_at = excluded.provider_created_at, monthly_cost_cents = excluded.monthly_cost_cents,
          currency = excluded.currency, attributes = excluded.attributes, parent_external_id = excluded.parent_external_id,
          last_seen_at = excluded.last_seen_at, deleted_at = NULL, content_hash = excluded.content_hash`,
    ),
  );
}

export function eventStatements(db: Db, events: EventRow[]): D1PreparedStatement[] {
  const first = events[0];
  if (!first) return [];
  const items = events.map((e) => [e.seq, e.resourceId, e.kind, e.name, e.change, e.diff]);
  return chunkByBytes(items, MAX_PAYLOAD_BYTES).map((payload) =>
    prepare(
      db,
      sql`INSERT INTO resource_events (organization_id, seq, resource_id, dock_id, kind, name, change, diff, at)
        SELECT ${first.organizationId}, j.value ->> 0, j.value ->> 1, ${first.dockId}, j.value ->> 2, j.value ->> 3,
          j.value ->> 4, j.value -> 5, ${first.at.getTime()}
        FROM json_each(${payload}) AS j`,
    ),
  );
}

/** `deleted_at` plus the ids, within the 100 bound parameters of one UPDATE … WHERE id IN (…). */
const DELETE_IDS_PER_STATEMENT = rowsPerStatement(1, 99);

export function markDeletedStatements(db: Db, ids: string[], at: Date): D1PreparedStatement[] {
  return chunk(ids, DELETE_IDS_PER_STATEMENT).map((part) => prepare(db, sql`UPDATE resources SET deleted_at = ${at.getTime()} WHERE id IN (${sql.join(part.map((id) => sql`${id}`), sql`, `)})`));
}

/** Runs statements in `batch()` calls of at most 100: each call is one transaction. */
export async function runStatements(db: Db, statements: D1PreparedStatement[]): Promise<number> {
  for (const part of chunk(statements, STATEMENTS_PER_BATCH)) await db.$client.batch(part);
  return statements.length;
}

export interface ChangeRecord {
  resourceId: string;
  kind: ResourceKind;
  name: string;
  change: "created" | "updated" | "deleted";
  diff: FieldChange[];
  /** The provider's id of the resource's parent, for the live channel (a parent's list of children refreshes). */
  parentExternalId: string | null;
}
