import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { FieldChange, NormalizedResource, ResourceKind } from "../../shared/resources";
import type { Db } from "../../worker/db/client";
import { resourceEvents, resources } from "../../worker/db/schema";
import { chunk, rowsPerStatement, STATEMENTS_PER_BATCH } from "./d1-writes";

export type ResourceRow = typeof resources.$inferInsert;
export type EventRow = typeof resourceEvents.$inferInsert;

/** What a sync needs to know of each stored resource to classify a listing: no full rows. */
export interface IndexEntry {
  id: string;
  hash: string;
  deleted: boolean;
}

export async function loadIndex(db: Db, dockId: string, kind: ResourceKind): Promise<Map<string, IndexEntry>> {
  const rows = await db
    .select({ id: resources.id, externalId: resources.externalId, hash: resources.contentHash, deletedAt: resources.deletedAt })
    .from(resources)
    .where(and(eq(resources.dockId, dockId), eq(resources.kind, kind)));
  return new Map(rows.map((r) => [r.externalId, { id: r.id, hash: r.hash, deleted: r.deletedAt !== null }]));
}

type StoredRow = typeof resources.$inferSelect;

export function toNormalized(row: StoredRow): NormalizedResource {
  return {
    kind: row.kind,
    externalId: row.externalId,
    name: row.name,
    status: row.status,
    providerStatus: row.providerStatus,
    region: row.region,
    url: row.url,
    createdAt: row.providerCreatedAt,
    monthlyCostCents: row.monthlyCostCents,
    currency: row.currency,
    attributes: row.attributes,
  } as NormalizedResource;
}

const ID_LOOKUP_CHUNK = 90;

/** Full stored rows, only for the resources that changed: their previous values make the diff. */
export async function loadRows(db: Db, ids: string[]): Promise<Map<string, StoredRow>> {
  const out = new Map<string, StoredRow>();
  for (const part of chunk(ids, ID_LOOKUP_CHUNK)) {
    for (const row of await db.select().from(resources).where(inArray(resources.id, part))) out.set(row.id, row);
  }
  return out;
}

const RESOURCE_COLUMNS = 19;
const EVENT_COLUMNS = 9;
/** `deleted_at` plus the ids in one UPDATE … WHERE id IN (…). */
const DELETE_IDS_PER_STATEMENT = 98;

export function upsertStatements(db: Db, rows: ResourceRow[]): BatchItem<"sqlite">[] {
  return chunk(rows, rowsPerStatement(RESOURCE_COLUMNS)).map((part) =>
    db
      .insert(resources)
      .values(part)
      .onConflictDoUpdate({
        target: [resources.dockId, resources.kind, resources.externalId],
        set: {
          name: sql`excluded.name`,
          status: sql`excluded.status`,
          providerStatus: sql`excluded.provider_status`,
          region: sql`excluded.region`,
          url: sql`excluded.url`,
          providerCreatedAt: sql`excluded.provider_created_at`,
          monthlyCostCents: sql`excluded.monthly_cost_cents`,
          currency: sql`excluded.currency`,
          attributes: sql`excluded.attributes`,
          lastSeenAt: sql`excluded.last_seen_at`,
          deletedAt: sql`NULL`,
          contentHash: sql`excluded.content_hash`,
        },
      }),
  );
}

export function eventStatements(db: Db, events: EventRow[]): BatchItem<"sqlite">[] {
  return chunk(events, rowsPerStatement(EVENT_COLUMNS)).map((part) => db.insert(resourceEvents).values(part));
}

export function markDeletedStatements(db: Db, ids: string[], at: Date): BatchItem<"sqlite">[] {
  return chunk(ids, DELETE_IDS_PER_STATEMENT).map((part) => db.update(resources).set({ deletedAt: at }).where(inArray(resources.id, part)));
}

/** Runs statements in `batch()` calls of at most 100: each call is one transaction. */
export async function runStatements(db: Db, statements: BatchItem<"sqlite">[]): Promise<number> {
  for (const part of chunk(statements, STATEMENTS_PER_BATCH)) {
    await db.batch(part as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
  return statements.length;
}

export interface ChangeRecord {
  resourceId: string;
  kind: ResourceKind;
  name: string;
  change: "created" | "updated" | "deleted";
  diff: FieldChange[];
}
