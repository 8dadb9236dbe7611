import type { Context } from "hono";
import { and, desc, eq, gte, lte } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { AuditEntry, AuditResult } from "../../shared/audit";
import type { Page } from "../../shared/pagination";
import type { AppEnv } from "../context";
import type { Db } from "../../core/db/client";
import { apiTokens, auditLog, users } from "../../core/db/schema";
import { csvLine } from "../lib/csv";
import { decimalCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import type { Segment } from "../lib/keyset";
import { auditInsert } from "../../core/audit";
import type { AuditActor, AuditInput } from "../../core/audit";

export function actorOf(c: Context<AppEnv>): AuditActor {
  const principal = c.get("principal");
  const ip = c.req.header("cf-connecting-ip") ?? null;
  const userAgent = c.req.header("user-agent")?.slice(0, 512) ?? null;
  if (!principal) return { actorType: "anonymous", actorId: null, ip, userAgent };
  if (principal.kind === "token") return { actorType: "token", actorId: principal.token.id, ip, userAgent };
  return { actorType: "user", actorId: principal.user.id, ip, userAgent };
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
