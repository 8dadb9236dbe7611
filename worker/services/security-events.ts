import { and, desc, eq, isNull, like, lt } from "drizzle-orm";
import type { SecurityEvent } from "../../shared/api";
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";

/**
 * The user's own sign-in history: entries of the audit log that belong to no organization and target the
 * user (log-ins, failed attempts on their email, confirmations, identity-provider links). Nobody else can
 * read them — organization audit logs never hold them — so this is where an owner sees an attack.
 */
export async function listSecurityEvents(
  db: Db,
  userId: string,
  page: { limit: number; cursor?: number },
): Promise<{ items: SecurityEvent[]; nextCursor: string | null }> {
  const conditions = [isNull(auditLog.organizationId), eq(auditLog.targetType, "user"), eq(auditLog.targetId, userId), like(auditLog.action, "auth.%")];
  if (page.cursor !== undefined) conditions.push(lt(auditLog.id, page.cursor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return {
    items: items.map((e) => ({
      id: String(e.id),
      action: e.action,
      result: e.result,
      reason: typeof e.metadata?.reason === "string" ? e.metadata.reason : null,
      ip: e.ip,
      userAgent: e.userAgent,
      at: e.createdAt.toISOString(),
    })),
    nextCursor: rows.length > page.limit ? String(items[items.length - 1]!.id) : null,
  };
}
