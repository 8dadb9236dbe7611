import { and, eq, isNull, like } from "drizzle-orm";
import type { SecurityEvent } from "../../shared/api";
import type { Page } from "../../shared/pagination";
import type { Db } from "../../core/db/client";
import { auditLog } from "../../core/db/schema";
import { decimalCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";

type AuditRow = typeof auditLog.$inferSelect;

/** Newest first, by the entry's id, like the organization's audit log. */
const NEWEST_FIRST = keyset<AuditRow>({ columns: [{ expr: auditLog.id, type: "integer", read: (e) => e.id }], order: "desc", format: decimalCursor });

function toSecurityEvent(e: AuditRow): SecurityEvent {
  return {
    id: String(e.id),
    action: e.action,
    result: e.result,
    reason: typeof e.metadata?.reason === "string" ? e.metadata.reason : null,
    ip: e.ip,
    userAgent: e.userAgent,
    at: e.createdAt.toISOString(),
  };
}

/**
 * The user's own sign-in history: entries of the audit log that belong to no organization and target the
 * user (log-ins, failed attempts on their email, confirmations, identity-provider links). Nobody else can
 * read them — organization audit logs never hold them — so this is where an owner sees an attack.
 */
export async function listSecurityEvents(db: Db, userId: string, page: { limit: number; cursor?: string }): Promise<Page<SecurityEvent>> {
  const mine = [isNull(auditLog.organizationId), eq(auditLog.targetType, "user"), eq(auditLog.targetId, userId), like(auditLog.action, "auth.%")];
  const rows = await readKeysetPage(NEWEST_FIRST, page, (range, limit) =>
    db
      .select()
      .from(auditLog)
      .where(and(...mine, ...range.where))
      .orderBy(...range.orderBy)
      .limit(limit),
  );
  return mapPage(rows, toSecurityEvent);
}
