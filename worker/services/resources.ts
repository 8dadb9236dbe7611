import type { Context } from "hono";
import { and, eq, gt, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import type { AnyColumn, SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { areaOfKind, childKindsOf, kindsReadableWith, parentKindsOf, RESOURCE_KINDS } from "../../shared/resources";
import type { ChangeType, Resource, ResourceEvent, ResourceKind, ResourceSort, SortOrder } from "../../shared/resources";
import type { AppEnv } from "../context";
import type { Db } from "../../core/db/client";
import { toNormalized } from "../../core/db/resource-rows";
import { dockKindListings, docks, resourceEvents, resources } from "../../core/db/schema";
import { decimalCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import type { Segment } from "../lib/keyset";
import { denyAccess } from "./permission-checks";
import { resourceOrder } from "./resource-order";

type ResourceRow = typeof resources.$inferSelect;
type EventRow = typeof resourceEvents.$inferSelect;

/** Every kind the caller's role may read, by the area each kind's declaration names; nothing is recorded. */
export function allowedKinds(c: Context<AppEnv>): ResourceKind[] {
  return kindsReadableWith(c.get("org").permissions);
}

/**
 * Which kinds the caller may read, narrowed to the one asked for: each kind is read under the area its
 * declaration names (monitors and error issues under monitoring, everything else under resources). Asking
 * for a kind the role cannot read, or having neither area, is denied (and the denial recorded).
 */
export async function readableKinds(c: Context<AppEnv>, requested?: ResourceKind): Promise<ResourceKind[]> {
  const allowed = allowedKinds(c);
  const wanted = requested ? [requested] : allowed;
  if (wanted.some((k) => !allowed.includes(k)) || allowed.length === 0) await denyAccess(c, requested ? areaOfKind(requested) : "resources", "read");
  return wanted;
}

/** A live resource was seen at the last complete listing of its kind, which writes no row when nothing changed. */
const effectiveLastSeen = sql<number>`CASE WHEN ${resources.deletedAt} IS NULL AND ${dockKindListings.listedAt} > ${resources.lastSeenAt} THEN ${dockKindListings.listedAt} ELSE ${resources.lastSeenAt} END`;

export function toResource(row: ResourceRow, lastSeenAt: number, parentId: string | null): Resource {
  return {
    ...toNormalized(row),
    id: row.id,
    provider: row.provider,
    dockId: row.dockId,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: new Date(lastSeenAt).toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
    parentId,
  } as Resource;
}

/** The resource a `parentId` names, as the children's rows refer to it: its dock, kind and provider id. */
export interface ParentRef {
  dockId: string;
  kind: ResourceKind;
  externalId: string;
}

/**
 * The parent a list is narrowed to, or null when the id names nothing the caller may read: no such resource,
 * one of another organization, or one of a kind outside the caller's areas all answer alike, so an id
 * reveals nothing (the list is then empty, as for any other filter that matches nothing).
 */
export async function resolveParent(c: Context<AppEnv>, orgId: string, parentId: string, readable: readonly ResourceKind[]): Promise<ParentRef | null> {
  const row = await c
    .get("db")
    .select({ dockId: resources.dockId, kind: resources.kind, externalId: resources.externalId })
    .from(resources)
    .where(and(eq(resources.id, parentId), eq(resources.organizationId, orgId)))
    .get();
  return row && readable.includes(row.kind) ? row : null;
}

/** The kinds that may be children of `parent`, among those asked for. */
export function childKindsAmong(parent: ParentRef, kinds: readonly ResourceKind[]): ResourceKind[] {
  const children = childKindsOf(parent.kind);
  return kinds.filter((k) => children.includes(k));
}

const parentRow = alias(resources, "parent");

/**
 * EdgeDock's id of each row's parent: the resource of one of the row's declared parent kinds, in the same
 * dock, with the row's `parent_external_id` — one lookup in the unique (dock, kind, external id) index per
 * row. Only parent kinds the caller may read are looked at, so a parent outside the caller's areas stays
 * null rather than handing out its id. Kinds are fixed per row, so the lookup is chosen by the row's kind.
 */
function parentIdOf(kinds: readonly ResourceKind[], readableParents: readonly ResourceKind[]): SQL<string | null> {
  const cases = kinds.flatMap((kind) => {
    const parentKinds = parentKindsOf(kind).filter((k) => readableParents.includes(k));
    if (parentKinds.length === 0) return [];
    // A provider could give a web service and a repository of one dock the same id; either is a true parent.
    const lookup = sql`SELECT ${parentRow.id} FROM ${resources} AS ${sql.identifier("parent")} WHERE ${parentRow.dockId} = ${resources.dockId} AND ${inArray(parentRow.kind, parentKinds)} AND ${parentRow.externalId} = ${resources.parentExternalId} LIMIT 1`;
    return [sql`WHEN ${kind} THEN (${lookup})`];
  });
  return cases.length === 0 ? sql<null>`NULL` : sql<string | null>`CASE ${resources.kind} ${sql.join(cases, sql` `)} END`;
}

export interface ResourceFilter {
  orgId: string;
  kinds: ResourceKind[];
  provider?: string;
  dockId?: string;
  status?: string;
  region?: string;
  /** Only the children of this resource (see `resolveParent`; `kinds` narrowed to its child kinds). */
  parent?: ParentRef;
  /** Kinds whose resources may be named as a row's `parentId`: those the caller may read. None when absent. */
  readableParents?: readonly ResourceKind[];
  q?: string;
  includeDeleted: boolean;
  sort?: ResourceSort;
  order?: SortOrder;
  limit: number;
  /** The previous page's `nextCursor`, which names the sort and order it continues. */
  cursor?: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** SQLite's LIKE has no escape character unless told, so `_` and `%` in a search would act as wildcards. */
const likeEscaped = (column: AnyColumn, pattern: string) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;

function listConditions(f: ResourceFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [eq(resources.organizationId, f.orgId)];
  conditions.push(f.kinds.length === 1 ? eq(resources.kind, f.kinds[0]!) : inArray(resources.kind, f.kinds));
  if (f.provider) conditions.push(eq(resources.provider, f.provider));
  if (f.dockId) conditions.push(eq(resources.dockId, f.dockId));
  if (f.status) conditions.push(eq(resources.status, f.status as ResourceRow["status"]));
  if (f.region) conditions.push(eq(resources.region, f.region));
  // Equalities on the partial index `resources_dock_parent_idx` (dock, parent, kind, name): children by name
  // are one range of it. `parent_external_id = ?` is what lets SQLite use an index limited to non-null parents.
  if (f.parent) conditions.push(eq(resources.dockId, f.parent.dockId), eq(resources.parentExternalId, f.parent.externalId));
  if (f.q) conditions.push(or(likeEscaped(resources.name, `%${escapeLike(f.q)}%`), likeEscaped(resources.externalId, `${escapeLike(f.q)}%`)));
  if (!f.includeDeleted) conditions.push(isNull(resources.deletedAt));
  return conditions.filter((condition): condition is SQL => condition !== undefined);
}

/** One index range of a list page (see `resourceOrder`); exported so tests can check its query plan. */
export function listSegmentQuery(db: Db, f: ResourceFilter, segment: Segment, limit: number) {
  return db
    .select({ row: resources, lastSeen: effectiveLastSeen, parentId: parentIdOf(f.kinds, f.readableParents ?? []) })
    .from(resources)
    .leftJoin(dockKindListings, and(eq(dockKindListings.dockId, resources.dockId), eq(dockKindListings.kind, resources.kind)))
    .where(and(...listConditions(f), ...segment.where))
    .orderBy(...segment.orderBy)
    .limit(limit);
}

/** Without a sort the list is by name, as people look a thing up; `order` alone reverses it. */
export const DEFAULT_SORT: ResourceSort = "name";

export async function listResources(c: Context<AppEnv>, f: ResourceFilter) {
  const order = resourceOrder(f.sort ?? DEFAULT_SORT, f.order ?? "asc");
  const page = await readKeysetPage(order, f, (segment, limit) => listSegmentQuery(c.get("db"), f, segment, limit));
  return mapPage(page, (r) => toResource(r.row, r.lastSeen, r.parentId));
}

export async function getResource(c: Context<AppEnv>, orgId: string, resourceId: string) {
  const row = await c
    .get("db")
    .select({ row: resources, lastSeen: effectiveLastSeen, parentId: parentIdOf(RESOURCE_KINDS, allowedKinds(c)) })
    .from(resources)
    .leftJoin(dockKindListings, and(eq(dockKindListings.dockId, resources.dockId), eq(dockKindListings.kind, resources.kind)))
    .where(and(eq(resources.id, resourceId), eq(resources.organizationId, orgId)))
    .get();
  return row ? toResource(row.row, row.lastSeen, row.parentId) : null;
}

export function toEvent(row: EventRow, provider: string | null): ResourceEvent {
  return {
    id: String(row.id),
    seq: row.seq,
    resourceId: row.resourceId,
    dockId: row.dockId,
    provider,
    kind: row.kind,
    name: row.name,
    change: row.change,
    diff: row.diff,
    at: row.at.toISOString(),
  };
}

export interface EventFilter {
  orgId: string;
  /** Kinds the caller may read (narrowed to the one asked for, if any): events of any other kind never leave. */
  kinds: ResourceKind[];
  resourceId?: string;
  dockId?: string;
  change?: ChangeType;
  /** Only events newer than this sequence number; with `cursor`, a window between the two. */
  after?: number;
  limit: number;
  /** Only events older than the previous page's last (its `nextCursor`, that event's sequence number). */
  cursor?: string;
}

/** Newest first, by the organization's sequence number, which the (organization, seq) index serves in order. */
const EVENTS_NEWEST_FIRST = keyset<{ event: EventRow }>({ columns: [{ expr: resourceEvents.seq, type: "integer", read: ({ event }) => event.seq }], order: "desc", format: decimalCursor });

export async function listEvents(c: Context<AppEnv>, f: EventFilter) {
  const conditions: (SQL | undefined)[] = [eq(resourceEvents.organizationId, f.orgId)];
  if (f.kinds.length === 1) {
    conditions.push(eq(resourceEvents.kind, f.kinds[0]!));
  } else {
    const hidden = RESOURCE_KINDS.filter((k) => !f.kinds.includes(k));
    if (hidden.length > 0) conditions.push(notInArray(resourceEvents.kind, hidden));
  }
  if (f.resourceId) conditions.push(eq(resourceEvents.resourceId, f.resourceId));
  if (f.dockId) conditions.push(eq(resourceEvents.dockId, f.dockId));
  if (f.change) conditions.push(eq(resourceEvents.change, f.change));
  if (f.after !== undefined) conditions.push(gt(resourceEvents.seq, f.after));
  const page = await readKeysetPage(EVENTS_NEWEST_FIRST, f, (range, limit) =>
    c
      .get("db")
      .select({ event: resourceEvents, provider: docks.provider })
      .from(resourceEvents)
      // Events outlive their dock (history), so the provider is looked up rather than required.
      .leftJoin(docks, eq(docks.id, resourceEvents.dockId))
      .where(and(...conditions, ...range.where))
      .orderBy(...range.orderBy)
      .limit(limit),
  );
  return mapPage(page, (r) => toEvent(r.event, r.provider));
}

export async function summarize(c: Context<AppEnv>, orgId: string, kinds: ResourceKind[]) {
  const db = c.get("db");
  const live = and(eq(resources.organizationId, orgId), isNull(resources.deletedAt), inArray(resources.kind, kinds));
  const groups = await db
    .select({ kind: resources.kind, status: resources.status, provider: resources.provider, n: sql<number>`count(*)` })
    .from(resources)
    .where(live)
    .groupBy(resources.kind, resources.status, resources.provider);
  const costs = await db
    .select({ currency: resources.currency, cents: sql<number>`sum(${resources.monthlyCostCents})`, n: sql<number>`count(*)` })
    .from(resources)
    .where(and(live, sql`${resources.monthlyCostCents} IS NOT NULL AND ${resources.currency} IS NOT NULL`))
    .groupBy(resources.currency)
    .orderBy(resources.currency);
  const tally = (key: "kind" | "status" | "provider") => {
    const out: Record<string, number> = {};
    for (const g of groups) out[g[key]] = (out[g[key]] ?? 0) + g.n;
    return out;
  };
  return {
    total: groups.reduce((sum, g) => sum + g.n, 0),
    byKind: tally("kind"),
    byStatus: tally("status"),
    byProvider: tally("provider"),
    monthlyCost: costs.map((row) => ({ currency: row.currency!, cents: row.cents, resources: row.n })),
  };
}
