import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { and, eq, gt } from "drizzle-orm";
import type { AppEnv } from "../context";
import type { Db, UserRow } from "../../core/db/client";
import { sessions, users } from "../../core/db/schema";
import { randomToken, sha256Hex } from "../../core/crypto";

/**
 * Over https the cookie carries the `__Host-` prefix: browsers then accept it only when Secure, for Path=/
 * and without a Domain, so a sibling subdomain or a plain-http page cannot plant or overwrite it. Plain http
 * (local development on localhost) cannot set Secure cookies, so it keeps the unprefixed name.
 */
export const SECURE_SESSION_COOKIE = "__Host-edgedock_session";
export const PLAIN_SESSION_COOKIE = "edgedock_session";
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === "https:";
}

function isLocalhost(c: Context<AppEnv>): boolean {
  const host = new URL(c.req.url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** The one cookie name this request's scheme allows; the other name is ignored when reading. */
export function sessionCookieName(c: Context<AppEnv>): string {
  return isHttps(c) ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
}

/** Secure, Path=/ and no Domain: what `__Host-` requires (hono refuses to write the cookie otherwise). */
function cookieOptions(c: Context<AppEnv>) {
  // Plain http elsewhere than localhost keeps Secure, which browsers refuse to store: no session over an
  // unencrypted connection rather than one anybody on the path can read.
  return { httpOnly: true, sameSite: "Lax", secure: isHttps(c) || !isLocalhost(c), path: "/" } as const;
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
  const setSessionCookie = () => setCookie(c, sessionCookieName(c), token, { ...cookieOptions(c), expires: expiresAt });
  return { insert, setSessionCookie };
}

export async function userForSessionCookie(c: Context<AppEnv>): Promise<{ user: UserRow; sessionHash: string } | null> {
  const token = readSessionCookie(c);
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

/** The session cookie's value under the name the scheme allows, if the request carries one. */
export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName(c));
}

export function revokeSession(db: Db, sessionHash: string) {
  return db.delete(sessions).where(eq(sessions.tokenHash, sessionHash));
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(c), cookieOptions(c));
}
