import { sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { authThrottle } from "../../core/db/schema";

/** At most `limit` uses per fixed window of `windowMs`, counted in `auth_throttle` under a key of its own. */
export interface Quota {
  limit: number;
  windowMs: number;
}

/** Sign-ups per client address: enough for a household or an office, too few to mass-register or mail-bomb. */
export const SIGNUP_QUOTA: Quota = { limit: 5, windowMs: 60 * 60 * 1000 };
/** Fresh confirmation links per account, sent when an unconfirmed account logs in with the right password. */
export const VERIFICATION_RESEND_QUOTA: Quota = { limit: 3, windowMs: 60 * 60 * 1000 };

export const signupKey = (ip: string) => `signup:${ip}`;
export const verificationResendKey = (userId: string) => `verifymail:${userId}`;

/**
 * Takes one use of the key's quota in a single upsert (so concurrent requests cannot both take the last one).
 * Returns null when it was available, else the seconds until the window reopens.
 */
export async function takeQuota(db: Db, key: string, quota: Quota, now = Date.now()): Promise<number | null> {
  const windowStart = now - quota.windowMs;
  const expired = sql`${authThrottle.windowStartedAt} < ${windowStart}`;
  const row = await db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStartedAt: new Date(now) })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now} ELSE ${authThrottle.windowStartedAt} END`,
      },
    })
    .returning({ used: authThrottle.failures, since: authThrottle.windowStartedAt })
    .get();
  if (row.used <= quota.limit) return null;
  return Math.max(1, Math.ceil((row.since.getTime() + quota.windowMs - now) / 1000));
}
