import { eq, inArray, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { authThrottle } from "../../core/db/schema";

/**
 * Failed log-ins are counted three ways, each in its own window:
 * - per client address (`ip:`): one address spraying many accounts is locked out;
 * - per address and email (`ipemail:`): one address guessing one account is locked out of that account;
 * - per email (`email:`): an account guessed at from many addresses. This one never locks the account —
 *   that would let anyone lock anyone out — it only slows down addresses that are themselves failing, with
 *   a delay that doubles with every further failure. A clean address always gets its attempt, so the owner
 *   with the right password gets in while the account is under attack.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const ADDRESS_LOCK_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const MAX_FAILURES_PER_ADDRESS_AND_EMAIL = 5;
/** Failures of one email, from any addresses, before failing addresses start to wait 2^k seconds. */
export const EMAIL_FAILURES_BEFORE_DELAY = 10;
export const MAX_EMAIL_DELAY_MS = 15 * 60 * 1000;

export interface LoginKeys {
  address: string;
  addressAndEmail: string;
  email: string;
}

export function loginKeys(ip: string, email: string): LoginKeys {
  return { address: `ip:${ip}`, addressAndEmail: `ipemail:${ip}|${email}`, email: `email:${email}` };
}

/** Seconds the attempt must wait, or null when it may go ahead. */
export async function loginWait(db: Db, keys: LoginKeys, now = Date.now()): Promise<number | null> {
  const rows = await db
    .select()
    .from(authThrottle)
    .where(inArray(authThrottle.key, [keys.address, keys.addressAndEmail, keys.email]));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const lockedUntil = (key: string) => byKey.get(key)?.lockedUntil?.getTime() ?? 0;
  const address = byKey.get(keys.address);
  const addressIsFailing = address !== undefined && address.failures > 0 && address.windowStartedAt.getTime() >= now - THROTTLE_WINDOW_MS;
  const until = Math.max(
    lockedUntil(keys.address),
    lockedUntil(keys.addressAndEmail),
    // The email's delay binds only addresses with failures of their own: never a clean one.
    addressIsFailing ? lockedUntil(keys.email) : 0,
  );
  return until > now ? Math.ceil((until - now) / 1000) : null;
}

/**
 * One upsert per counter: the count restarts when its window has passed, and `lockFor` (SQL over the new
 * count) says how long from now the key is locked, or NULL to keep the lock it has.
 */
function countFailure(db: Db, key: string, lockFor: (failures: SQL) => SQL, now: number) {
  const windowStart = now - THROTTLE_WINDOW_MS;
  const expired = sql`${authThrottle.windowStartedAt} < ${windowStart}`;
  const failures = sql`(CASE WHEN ${expired} THEN 1 ELSE ${authThrottle.failures} + 1 END)`;
  const lockMs = lockFor(failures);
  return db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStartedAt: new Date(now), lockedUntil: null })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        lockedUntil: sql`COALESCE(${now} + ${lockMs}, ${authThrottle.lockedUntil})`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now} ELSE ${authThrottle.windowStartedAt} END`,
        failures,
      },
    });
}

const lockAtLimit = (limit: number, ms: number) => (failures: SQL) => sql`CASE WHEN ${failures} >= ${limit} THEN ${ms} END`;

/** 2^(failures − threshold) seconds once past the threshold, capped; shifts, because D1 has no pow(). */
const doublingDelay = (failures: SQL) =>
  sql`CASE WHEN ${failures} >= ${EMAIL_FAILURES_BEFORE_DELAY} THEN min(1000 * (1 << min(${failures} - ${EMAIL_FAILURES_BEFORE_DELAY}, 20)), ${MAX_EMAIL_DELAY_MS}) END`;

/** The three counters' upserts, for the caller's batch beside the audit entry. */
export function recordLoginFailure(db: Db, keys: LoginKeys, now = Date.now()) {
  return [
    countFailure(db, keys.address, lockAtLimit(MAX_FAILURES_PER_ADDRESS, ADDRESS_LOCK_MS), now),
    countFailure(db, keys.addressAndEmail, lockAtLimit(MAX_FAILURES_PER_ADDRESS_AND_EMAIL, ADDRESS_LOCK_MS), now),
    countFailure(db, keys.email, doublingDelay, now),
  ] as const;
}

/**
 * After a successful log-in only this address's count for the account is forgotten: the email's count stays,
 * or an attacker could reset the delay by watching for the owner to sign in.
 */
export function clearLoginFailures(db: Db, keys: LoginKeys) {
  return db.delete(authThrottle).where(eq(authThrottle.key, keys.addressAndEmail));
}
