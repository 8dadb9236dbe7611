import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { auditLog, webhookRefusals } from "../../core/db/schema";
import type { AuditActor } from "../../core/audit";
import { auditInsertFrom } from "../../core/audit";

const MINUTE_MS = 60_000;

export interface RefusedDelivery {
  dockId: string;
  organizationId: string;
  reason: string;
}

/**
 * Counts a delivery refused before it was authenticated. Anyone who knows a webhook URL can post to it, so
 * instead of one audit entry per request, a dock gets at most one `webhook.rejected` entry per minute, whose
 * `metadata.count` says how many were refused in that minute. One `batch()` (one transaction): the counter
 * goes up; the minute's first refusal opens the entry and links it; every refusal then writes the counter's
 * value into the entry. Concurrent refusals therefore never open two entries nor lose a count.
 */
export async function countRefusedDelivery(db: Db, actor: AuditActor, refused: RefusedDelivery, now = Date.now()): Promise<void> {
  const minute = Math.floor(now / MINUTE_MS);
  const thisMinute = and(eq(webhookRefusals.dockId, refused.dockId), eq(webhookRefusals.minute, minute))!;
  const counted = sql`(SELECT ${webhookRefusals.count} FROM ${webhookRefusals} WHERE ${thisMinute})`;
  const entryId = sql`(SELECT ${webhookRefusals.auditId} FROM ${webhookRefusals} WHERE ${thisMinute})`;
  const newestEntry = sql`(SELECT max(${auditLog.id}) FROM ${auditLog} WHERE ${and(
    eq(auditLog.organizationId, refused.organizationId),
    eq(auditLog.action, "webhook.rejected"),
    eq(auditLog.targetType, "dock"),
    eq(auditLog.targetId, refused.dockId),
  )})`;
  await db.batch([
    db
      .insert(webhookRefusals)
      .values({ dockId: refused.dockId, minute, count: 1 })
      .onConflictDoUpdate({ target: [webhookRefusals.dockId, webhookRefusals.minute], set: { count: sql`${webhookRefusals.count} + 1` } }),
    auditInsertFrom(
      db,
      actor,
      {
        organizationId: refused.organizationId,
        action: "webhook.rejected",
        result: "denied",
        targetType: "dock",
        targetId: refused.dockId,
        metadata: sql`json_object('reason', ${refused.reason}, 'count', ${webhookRefusals.count}, 'minute', ${new Date(minute * MINUTE_MS).toISOString()})`,
      },
      webhookRefusals,
      and(thisMinute, isNull(webhookRefusals.auditId))!,
    ),
    // Inside the transaction the newest entry of this dock is the one just opened.
    db.update(webhookRefusals).set({ auditId: newestEntry }).where(and(thisMinute, isNull(webhookRefusals.auditId))),
    db
      .update(auditLog)
      .set({ metadata: sql`json_set(${auditLog.metadata}, '$.count', ${counted})` })
      .where(eq(auditLog.id, entryId)),
  ]);
}

/** Counters of minutes gone by: their entries already hold the final count. */
export function forgetPastRefusals(db: Db, now = Date.now()) {
  return db.delete(webhookRefusals).where(lt(webhookRefusals.minute, Math.floor(now / MINUTE_MS) - 1));
}
