import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { authThrottle } from "../db/schema";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_LOCK_MS = 15 * 60 * 1000;
/** Failures allowed per window before a lock: per email (guessing one account) and per IP (spraying many). */
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export const emailKey = (email: string) => `email:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Seconds until every given key is unlocked, or null when none is locked. */
export async function lockedFor(db: Db, keys: string[], now = Date.now()): Promise<number | null> {
  const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return until > now ? Math.ceil((until - now) / 1000) : null;
}

/** One upsert: the counter restarts when its window has passed, and reaching the limit sets the lock. */
export function recordFailure(db: Db, key: string, limit: number, now = Date.now()) {
  const windowStart = now - THROTTLE_WINDOW_MS;
  const failures = sql`CASE WHEN ${authThrottle.windowStartedAt} < ${windowStart} THEN 1 ELSE ${authThrottle.failures} + 1 END`;
  return db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStartedAt: new Date(now), lockedUntil: limit <= 1 ? new Date(now + THROTTLE_LOCK_MS) : null })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        lockedUntil: sql`CASE WHEN ${failures} >= ${limit} THEN ${now + THROTTLE_LOCK_MS} ELSE ${authThrottle.lockedUntil} END`,
        windowStartedAt: sql`CASE WHEN ${authThrottle.windowStartedAt} < ${windowStart} THEN ${now} ELSE ${authThrottle.windowStartedAt} END`,
        failures,
      },
    });
}

export function clearFailures(db: Db, key: string) {
  return db.delete(authThrottle).where(eq(authThrottle.key, key));
}
