import { and, asc, eq, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { docks } from "../../core/db/schema";
import { orgHub } from "./org-hub";

/** A dock this late is not merely about to run: its organization's alarm was lost. */
export const OVERDUE_GRACE_MS = 2 * 60_000;
/**
 * Organizations re-armed per cron run. Each is one Durable Object call (a subrequest); the rest wait for
 * the next run, most overdue first, so a bad day cannot exceed one invocation's budget.
 */
export const MAX_REARMS_PER_RUN = 500;

/** One indexed query (sync_enabled, next_sync_at) finds only what is wrong, whatever the number of organizations. */
export async function overdueOrganizations(db: Db, now: number, limit = MAX_REARMS_PER_RUN): Promise<string[]> {
  const rows = await db
    .select({ orgId: docks.organizationId })
    .from(docks)
    .where(and(eq(docks.syncEnabled, true), isNotNull(docks.nextSyncAt), lt(docks.nextSyncAt, new Date(now - OVERDUE_GRACE_MS))))
    .groupBy(docks.organizationId)
    .orderBy(asc(sql`min(${docks.nextSyncAt})`))
    .limit(limit);
  return rows.map((r) => r.orgId);
}

export async function rearmOverdue(env: Env, db: Db, now = Date.now()): Promise<{ rearmed: number; failed: number }> {
  const orgIds = await overdueOrganizations(db, now);
  const results = await Promise.allSettled(orgIds.map(async (orgId) => (await orgHub(env, orgId)).rearm()));
  const failed = results.filter((r) => r.status === "rejected").length;
  return { rearmed: orgIds.length - failed, failed };
}
