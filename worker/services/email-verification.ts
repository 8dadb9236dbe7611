import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import type { Db, UserRow } from "../../core/db/client";
import { emailTokens } from "../../core/db/schema";
import { randomToken, sha256Hex } from "../../core/crypto";

export const VERIFICATION_TTL_MS = 24 * 3600 * 1000;

/**
 * Whether the user has proven they receive mail at their address (a confirmation link, or an identity
 * provider asserting `email_verified`). Only then may the address stand for the person: linking an
 * identity by email, accepting an invitation sent to it.
 */
export function hasVerifiedEmail(user: Pick<UserRow, "emailVerifiedAt">): boolean {
  return user.emailVerifiedAt !== null;
}

/** Where links in mail point: the configured public origin, else the origin the request came to. */
export function linkOrigin(c: Context<AppEnv>): string {
  const configured = c.get("config").APP_URL;
  return configured ? new URL(configured).origin : new URL(c.req.url).origin;
}

/**
 * A new single-use link for the user's current address. Only the token's SHA-256 is stored; the token
 * travels in the link's `#fragment`, which browsers never send, so it cannot end up in a request log.
 * Earlier unused links of the user stop working, so at most one is alive at a time.
 */
export async function newVerificationLink(db: Db, user: { id: string; email: string }, origin: string, now = Date.now()) {
  const token = randomToken();
  const tokenHash = await sha256Hex(token);
  const supersede = db
    .delete(emailTokens)
    .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, "verify_email"), isNull(emailTokens.usedAt)));
  const insert = db.insert(emailTokens).values({
    tokenHash,
    userId: user.id,
    purpose: "verify_email",
    email: user.email,
    expiresAt: new Date(now + VERIFICATION_TTL_MS),
  });
  return { supersede, insert, link: `${origin}/verify-email#token=${token}` };
}

/**
 * Spends a link: one conditional update marks it used, so two clicks racing cannot both succeed. Returns
 * whom and which address it was for, or null for a token that is unknown, used or expired.
 */
export async function spendVerificationToken(db: Db, token: string, now = Date.now()): Promise<{ userId: string; email: string } | null> {
  const tokenHash = await sha256Hex(token);
  const spent = await db
    .update(emailTokens)
    .set({ usedAt: new Date(now) })
    .where(
      and(
        eq(emailTokens.tokenHash, tokenHash),
        eq(emailTokens.purpose, "verify_email"),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, new Date(now)),
      ),
    )
    .returning({ userId: emailTokens.userId, email: emailTokens.email })
    .get();
  return spent ?? null;
}
