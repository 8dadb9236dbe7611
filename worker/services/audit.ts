import type { Context } from "hono";
import { and, desc, eq, gte, is, lte, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { AuditAction, AuditEntry, AuditMetadata, AuditResult } from "../../shared/audit";
import type { Page } from "../../shared/pagination";
import type { AppEnv } from "../context";
import type { Db } from "../db/client";
import { apiTokens, auditLog, users } from "../db/schema";
import { csvLine } from "../lib/csv";
import { decimalCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import type { Segment } from "../lib/keyset";

export interface AuditInput {
  organizationId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  result?: "success" | "denied" | "failure";
  metadata?: AuditMetadata;
}

export interface AuditActor {
  actorType: "user" | "token" | "system" | "anonymous";
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { actorType: "system", actorId: null, ip: null, userAgent: null };

export function actorOf(c: Context<AppEnv>): AuditActor {
  const principal = c.get("principal");
  const ip = c.req.header("cf-connecting-ip") ?? null;
  const userAgent = c.req.header("user-agent")?.slice(0, 512) ?? null;
  if (!principal) return { actorType: "anonymous", actorId: null, ip, userAgent };
  if (principal.kind === "token") return { actorType: "token", actorId: principal.token.id, ip, userAgent };
  return { actorType: "user", actorId: principal.user.id, ip, userAgent };
}

/** A query to put in the same `batch()` as the change it records, so neither lands without the other. */
export function auditInsert(db: Db, actor: AuditActor, input: AuditInput) {
  return db.insert(auditLog).values({
    organizationId: input.organizationId,
    actorType: actor.actorType,
    actorId: actor.actorId,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    result: input.result ?? "success",
    metadata: input.metadata ?? null,
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
}

/** An entry whose target and metadata may be read from the row it is selected from. */
export interface AuditRowsInput extends Omit<AuditInput, "organizationId" | "targetId" | "metadata"> {
  organizationId: string;
  targetId?: string | SQL;
  /** A flat record, or a `json_object(…)` over the source row. */
  metadata?: AuditMetadata | SQL;
}

const constant = (value: string | null) => (value === null ? sql`null` : sql`${value}`);

/**
 * One entry per row of `source` matching `where`, for a change made by a conditional statement in the same
 * `batch()`: selected under the change's own condition, an entry lands exactly when the change does.
 */
export function auditInsertFrom(db: Db, actor: AuditActor, input: AuditRowsInput, source: SQLiteTable, where: SQL) {
  const metadata = input.metadata === undefined ? sql`null` : is(input.metadata, SQL) ? input.metadata : sql`${JSON.stringify(input.metadata)}`;
  const targetId = input.targetId === undefined ? sql`null` : is(input.targetId, SQL) ? input.targetId : sql`${input.targetId}`;
  return db.insert(auditLog).select(
    db
      // Every column, in the table's order, as an insert-select requires; defaults do not apply to it.
      .select({
        id: sql`null`.as("id"),
        organizationId: sql`${input.organizationId}`.as("organization_id"),
        actorType: sql`${actor.actorType}`.as("actor_type"),
        actorId: constant(actor.actorId).as("actor_id"),
        action: sql`${input.action}`.as("action"),
        targetType: constant(input.targetType ?? null).as("target_type"),
        targetId: targetId.as("target_id"),
        result: sql`${input.result ?? "success"}`.as("result"),
        metadata: metadata.as("metadata"),
        ip: constant(actor.ip).as("ip"),
        userAgent: constant(actor.userAgent).as("user_agent"),
        createdAt: sql`(unixepoch('subsec') * 1000)`.as("created_at"),
      })
      .from(source)
      .where(where),
  );
}

export async function audit(c: Context<AppEnv>, input: AuditInput): Promise<void> {
  await auditInsert(c.get("db"), actorOf(c), input);
}

/** Which entries of one organization's log to read; the API's filters, already parsed. */
export interface AuditSelection {
  organizationId: string;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  result?: AuditResult;
  from?: Date;
  to?: Date;
}

function selectionConditions(f: AuditSelection): SQL[] {
  const conditions = [eq(auditLog.organizationId, f.organizationId)];
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.actorId) conditions.push(eq(auditLog.actorId, f.actorId));
  if (f.targetType) conditions.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conditions.push(eq(auditLog.targetId, f.targetId));
  if (f.result) conditions.push(eq(auditLog.result, f.result));
  if (f.from) conditions.push(gte(auditLog.createdAt, f.from));
  if (f.to) conditions.push(lte(auditLog.createdAt, f.to));
  return conditions;
}

/** Newest first: ids grow with every entry, and the id is the key of the log's own index. */
const NEWEST_FIRST = keyset<{ entry: { id: number } }>({ columns: [{ expr: auditLog.id, type: "integer", read: ({ entry }) => entry.id }], order: "desc", format: decimalCursor });

/** At most `limit` entries of the selection in `range` (a range of `NEWEST_FIRST`). */
function selectPage(db: Db, f: AuditSelection, range: Segment, limit: number) {
  return (
    db
      .select({ entry: auditLog, userName: users.name, tokenName: apiTokens.name })
      .from(auditLog)
      // A user's or token's name makes an entry readable; the id alone stays for entries whose actor is gone.
      .leftJoin(users, and(eq(auditLog.actorType, "user"), eq(users.id, auditLog.actorId)))
      .leftJoin(apiTokens, and(eq(auditLog.actorType, "token"), eq(apiTokens.id, auditLog.actorId)))
      .where(and(...selectionConditions(f), ...range.where))
      .orderBy(...range.orderBy)
      .limit(limit)
  );
}

type AuditRow = Awaited<ReturnType<typeof selectPage>>[number];

function toAuditEntry({ entry, userName, tokenName }: AuditRow): AuditEntry {
  return {
    id: String(entry.id),
    action: entry.action,
    actor: { type: entry.actorType, id: entry.actorId, name: userName ?? tokenName ?? null },
    target: { type: entry.targetType, id: entry.targetId },
    result: entry.result,
    metadata: entry.metadata,
    ip: entry.ip,
    userAgent: entry.userAgent,
    at: entry.createdAt.toISOString(),
  };
}

/** One page of the selection; `cursor` is the previous page's `nextCursor` (a 400 for any other text). */
export async function listAudit(db: Db, f: AuditSelection & { limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
  return mapPage(await readKeysetPage(NEWEST_FIRST, f, (range, limit) => selectPage(db, f, range, limit)), toAuditEntry);
}

/** True when the selection holds more than `maxRows` entries: one indexed probe, not a count of the whole log. */
export async function auditSelectionExceeds(db: Db, f: AuditSelection, maxRows: number): Promise<boolean> {
  const beyond = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(...selectionConditions(f)))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .offset(maxRows)
    .get();
  return beyond !== undefined;
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "time",
  "actor_type",
  "actor_id",
  "actor_name",
  "action",
  "target_type",
  "target_id",
  "result",
  "ip",
  "user_agent",
  "metadata",
] as const;

function csvFields(e: AuditEntry): (string | null)[] {
  return [
    e.id,
    e.at,
    e.actor.type,
    e.actor.id,
    e.actor.name,
    e.action,
    e.target.type,
    e.target.id,
    e.result,
    e.ip,
    e.userAgent,
    e.metadata ? JSON.stringify(e.metadata) : null,
  ];
}

/** Rows read per D1 query while exporting: large enough to keep queries few, small enough to stream steadily. */
const EXPORT_PAGE_ROWS = 500;

/**
 * The selection as CSV, newest first, read page by page as the client takes it (so a large export never sits
 * in memory), stopping after `maxRows` and never including entries at or above `before` (the export's own
 * entry): the file is a snapshot of the log as it stood when the export was asked for.
 */
export function auditCsvStream(db: Db, f: AuditSelection, options: { before: number; maxRows: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = options.before;
  let written = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_COLUMNS)));
        return;
      }
      const limit = Math.min(EXPORT_PAGE_ROWS, options.maxRows - written);
      let rows: AuditRow[] = [];
      try {
        // The export walks the same keyset as the list, without a cursor's round trip through text.
        const [range] = NEWEST_FIRST.segments([cursor]);
        if (limit > 0) rows = await selectPage(db, f, range, limit);
      } catch (err) {
        // The status line is long gone: the client sees a broken download, and the reason lands in the logs.
        console.error(JSON.stringify({ level: "error", msg: "audit export failed", organizationId: f.organizationId, written, error: err instanceof Error ? err.message : String(err) }));
        throw err;
      }
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((row) => csvLine(csvFields(toAuditEntry(row)))).join("")));
        written += rows.length;
        cursor = rows[rows.length - 1]!.entry.id;
      }
      if (rows.length < limit || written >= options.maxRows) controller.close();
    },
  });
}
