import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { and, eq, gt } from "drizzle-orm";
import type { AppEnv } from "../context";
import type { Db, UserRow } from "../db/client";
import { sessions, users } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";

export const SESSION_COOKIE = "edgedock_session";
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

function isLocalhost(c: Context<AppEnv>): boolean {
  const host = new URL(c.req.url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Creates a session; the returned query goes into the caller's batch beside its audit entry. */
export async function newSession(c: Context<AppEnv>, userId: string) {
  const token = randomToken();
  const tokenHash = await sha256Hex(token);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const insert = c
    .get("db")
    .insert(sessions)
    .values({
      tokenHash,
      userId,
      expiresAt,
      ip: c.req.header("cf-connecting-ip") ?? null,
      userAgent: c.req.header("user-agent")?.slice(0, 512) ?? null,
    });
  const setSessionCookie = () =>
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: !isLocalhost(c),
      path: "/",
      expires: expiresAt,
    });
  return { insert, setSessionCookie };
}

export async function userForSessionCookie(c: Context<AppEnv>): Promise<{ user: UserRow; sessionHash: string } | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 128) return null;
  const sessionHash = await sha256Hex(token);
  const row = await c
    .get("db")
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sessionHash), gt(sessions.expiresAt, new Date())))
    .get();
  return row ? { user: row.user, sessionHash } : null;
}

export function revokeSession(db: Db, sessionHash: string) {
  return db.delete(sessions).where(eq(sessions.tokenHash, sessionHash));
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: !isLocalhost(c), httpOnly: true, sameSite: "Lax" });
}
