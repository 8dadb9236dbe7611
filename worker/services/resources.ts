import type { Context } from "hono";
import { and, desc, eq, gt, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import type { AnyColumn, SQL } from "drizzle-orm";
import { MONITORING_KINDS, RESOURCE_KINDS } from "../../shared/resources";
import type { ChangeType, Resource, ResourceEvent, ResourceKind, ResourceSort, SortOrder } from "../../shared/resources";
import type { AppEnv } from "../context";
import type { Db } from "../db/client";
import { toNormalized } from "../db/resource-rows";
import { dockKindListings, docks, resourceEvents, resources } from "../db/schema";
import { ApiError } from "../lib/errors";
import { audit } from "./audit";
import { planOrder } from "./resource-order";
import type { Segment } from "./resource-order";
import { can } from "../middleware/org-access";

type ResourceRow = typeof resources.$inferSelect;
type EventRow = typeof resourceEvents.$inferSelect;

/**
 * Which kinds the caller may read: monitors and error issues belong to the monitoring area, everything
 * else to resources. A caller with neither is denied (and the denial recorded).
 */
export async function readableKinds(c: Context<AppEnv>, requested?: ResourceKind): Promise<ResourceKind[]> {
  const resourcesOk = can(c, "resources", "read");
  const monitoringOk = can(c, "monitoring", "read");
  const allowed = RESOURCE_KINDS.filter((k) => (MONITORING_KINDS.includes(k) ? monitoringOk : resourcesOk));
  const wanted = requested ? [requested] : allowed;
  if (wanted.some((k) => !allowed.includes(k)) || allowed.length === 0) {
    const area = requested && MONITORING_KINDS.includes(requested) ? "monitoring" : "resources";
    const access = c.get("org");
    await audit(c, { organizationId: access.orgId, action: "access.denied", result: "denied", metadata: { area, level: "read", method: c.req.method, path: new URL(c.req.url).pathname } });
    throw new ApiError("forbidden", `your role does not allow read access to ${area}`, { details: { area, required: "read", granted: access.permissions[area] } });
  }
  return wanted;
}

/** A live resource was seen at the last complete listing of its kind, which writes no row when nothing changed. */
const effectiveLastSeen = sql<number>`CASE WHEN ${resources.deletedAt} IS NULL AND ${dockKindListings.listedAt} > ${resources.lastSeenAt} THEN ${dockKindListings.listedAt} ELSE ${resources.lastSeenAt} END`;

export function toResource(row: ResourceRow, lastSeenAt: number): Resource {
  return {
    ...toNormalized(row),
    id: row.id,
    provider: row.provider,
    dockId: row.dockId,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: new Date(lastSeenAt).toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  } as Resource;
}

export interface ResourceFilter {
  orgId: string;
  kinds: ResourceKind[];
  provider?: string;
  dockId?: string;
  status?: string;
  region?: string;
  /** DNS records of this domain only (`attributes.domain`, whole name, any case). */
  domain?: string;
  q?: string;
  includeDeleted: boolean;
  sort?: ResourceSort;
  order?: SortOrder;
  limit: number;
  cursor?: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** SQLite's LIKE has no escape character unless told, so `_` and `%` in a search would act as wildcards. */
const likeEscaped = (column: AnyColumn, pattern: string) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;

/**
 * The DNS-record domain, written exactly as in the partial index `resources_org_dns_domain_idx` (with its
 * `kind = 'dns_record'` as a literal), so SQLite reads that index instead of parsing every row's JSON.
 */
const dnsRecordOfDomain = (domain: string) => sql`${resources.kind} = 'dns_record' AND lower(${resources.attributes} ->> '$.domain') = lower(${domain})`;

function listConditions(f: ResourceFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [eq(resources.organizationId, f.orgId)];
  conditions.push(f.kinds.length === 1 ? eq(resources.kind, f.kinds[0]!) : inArray(resources.kind, f.kinds));
  if (f.provider) conditions.push(eq(resources.provider, f.provider));
  if (f.dockId) conditions.push(eq(resources.dockId, f.dockId));
  if (f.status) conditions.push(eq(resources.status, f.status as ResourceRow["status"]));
  if (f.region) conditions.push(eq(resources.region, f.region));
  if (f.domain) conditions.push(dnsRecordOfDomain(f.domain));
  if (f.q) conditions.push(or(likeEscaped(resources.name, `%${escapeLike(f.q)}%`), likeEscaped(resources.externalId, `${escapeLike(f.q)}%`)));
  if (!f.includeDeleted) conditions.push(isNull(resources.deletedAt));
  return conditions.filter((condition): condition is SQL => condition !== undefined);
}

/** One segment of a list page (see `planOrder`); exported so tests can check its query plan. */
export function listSegmentQuery(db: Db, f: ResourceFilter, segment: Segment, limit: number) {
  return db
    .select({ row: resources, lastSeen: effectiveLastSeen })
    .from(resources)
    .leftJoin(dockKindListings, and(eq(dockKindListings.dockId, resources.dockId), eq(dockKindListings.kind, resources.kind)))
    .where(and(...listConditions(f), ...segment.where))
    .orderBy(...segment.orderBy)
    .limit(limit);
}

export async function listResources(c: Context<AppEnv>, f: ResourceFilter) {
  const plan = planOrder(f.sort ?? "id", f.order ?? "asc", f.cursor);
  // One row beyond the page says whether another page follows.
  const rows: Awaited<ReturnType<typeof listSegmentQuery>> = [];
  for (const segment of plan.segments) {
    if (rows.length > f.limit) break;
    rows.push(...(await listSegmentQuery(c.get("db"), f, segment, f.limit + 1 - rows.length)));
  }
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return { items: page.map((r) => toResource(r.row, r.lastSeen)), nextCursor: rows.length > f.limit && last ? plan.encode(last.row) : null };
}

export async function getResource(c: Context<AppEnv>, orgId: string, resourceId: string) {
  const row = await c
    .get("db")
    .select({ row: resources, lastSeen: effectiveLastSeen })
    .from(resources)
    .leftJoin(dockKindListings, and(eq(dockKindListings.dockId, resources.dockId), eq(dockKindListings.kind, resources.kind)))
    .where(and(eq(resources.id, resourceId), eq(resources.organizationId, orgId)))
    .get();
  return row ? toResource(row.row, row.lastSeen) : null;
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
  /** Only events older than this sequence number (the previous page's last). */
  cursor?: number;
}

/** Newest first, by the organization's sequence number, which the (organization, seq) index serves in order. */
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
  if (f.cursor !== undefined) conditions.push(lt(resourceEvents.seq, f.cursor));
  const rows = await c
    .get("db")
    .select({ event: resourceEvents, provider: docks.provider })
    .from(resourceEvents)
    // Events outlive their dock (history), so the provider is looked up rather than required.
    .leftJoin(docks, eq(docks.id, resourceEvents.dockId))
    .where(and(...conditions))
    .orderBy(desc(resourceEvents.seq))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return { items: page.map((r) => toEvent(r.event, r.provider)), nextCursor: rows.length > f.limit ? String(page[page.length - 1]!.event.seq) : null };
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
