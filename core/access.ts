import { and, eq, inArray } from "drizzle-orm";
import { intersectPermissions } from "../shared/permissions";
import type { Permissions } from "../shared/permissions";
import type { Db } from "./db/client";
import { apiTokens, memberships, organizations, roles, sessions } from "./db/schema";

/** The caller's standing in the organization named by the path, resolved per request. */
export interface OrgAccess {
  orgId: string;
  orgName: string;
  role: { id: string; name: string; builtInKey: string | null; permissions: Permissions };
  /** What this request may do: the role, narrowed by the token's role when a token is used. */
  permissions: Permissions;
}

/** Who asks: a user, possibly through an API token (which may narrow them to a role). */
export interface AccessSubject {
  userId: string;
  tokenId: string | null;
}

/**
 * A subject's standing in an organization, read fresh from D1: membership, role, and the token's
 * narrowing. Null when there is none (not a member, or the token is gone). Both the API's per-request
 * check and the live channel's re-check after a membership change use this.
 */
export async function resolveAccess(db: Db, orgId: string, subject: AccessSubject): Promise<OrgAccess | null> {
  const row = await db
    .select({ org: organizations, role: roles })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, subject.userId)))
    .get();
  if (!row) return null;
  let permissions = row.role.permissions;
  if (subject.tokenId) {
    const token = await db
      .select({ organizationId: apiTokens.organizationId, rolePermissions: roles.permissions, roleId: apiTokens.roleId })
      .from(apiTokens)
      .leftJoin(roles, eq(roles.id, apiTokens.roleId))
      .where(eq(apiTokens.id, subject.tokenId))
      .get();
    if (!token || token.organizationId !== orgId) return null;
    if (token.roleId) {
      // A token whose role vanished mid-request is treated as gone, never as unrestricted.
      if (!token.rolePermissions) return null;
      permissions = intersectPermissions(permissions, token.rolePermissions);
    }
  }
  return {
    orgId,
    orgName: row.org.name,
    role: { id: row.role.id, name: row.role.name, builtInKey: row.role.builtInKey, permissions: row.role.permissions },
    permissions,
  };
}

/**
 * What a live socket was opened with, so the hub can tell when it ends: a session by its hash (the key D1
 * stores; the cookie itself never leaves the request) or an API token by its id.
 */
export type LiveCredential = { kind: "session"; sessionKey: string } | { kind: "token"; tokenId: string };

/** How a credential is told apart from the others in a batch: its kind and its D1 key. */
export function credentialKey(credential: LiveCredential): string {
  return credential.kind === "session" ? `session:${credential.sessionKey}` : `token:${credential.tokenId}`;
}

/** A credential's standing: when it stops working (null: never), or null when it is gone or already expired. */
export type CredentialStanding = { expiresAt: number | null } | null;

function standingFrom(expiresAt: Date | null, now: number): CredentialStanding {
  const at = expiresAt?.getTime() ?? null;
  return at !== null && at <= now ? null : { expiresAt: at };
}

/**
 * When the credential stops working, read fresh from D1: `expiresAt` in ms since the epoch (null: never), or
 * null when it is gone (signed out, revoked, deleted) or already expired.
 */
export async function credentialStanding(db: Db, credential: LiveCredential, now = Date.now()): Promise<CredentialStanding> {
  const row =
    credential.kind === "session"
      ? await db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.tokenHash, credential.sessionKey)).get()
      : await db.select({ expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.id, credential.tokenId)).get();
  return row ? standingFrom(row.expiresAt, now) : null;
}

/** Keys per `IN (…)`: D1 binds at most 100 parameters to a statement. */
const STANDING_CHUNK = 90;

/**
 * The standing of many credentials at once, keyed by `credentialKey`, for the live channel's periodic check:
 * a few statements per check however many sockets are open, rather than one per socket. A credential D1 no
 * longer holds maps to null, like an expired one.
 */
export async function credentialStandings(db: Db, credentials: readonly LiveCredential[], now = Date.now()): Promise<Map<string, CredentialStanding>> {
  const sessionKeys = [...new Set(credentials.flatMap((c) => (c.kind === "session" ? [c.sessionKey] : [])))];
  const tokenIds = [...new Set(credentials.flatMap((c) => (c.kind === "token" ? [c.tokenId] : [])))];
  const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / STANDING_CHUNK) }, (_, i) => list.slice(i * STANDING_CHUNK, (i + 1) * STANDING_CHUNK));
  const [sessionRows, tokenRows] = await Promise.all([
    Promise.all(chunks(sessionKeys).map((keys) => db.select({ key: sessions.tokenHash, expiresAt: sessions.expiresAt }).from(sessions).where(inArray(sessions.tokenHash, keys)))),
    Promise.all(chunks(tokenIds).map((ids) => db.select({ key: apiTokens.id, expiresAt: apiTokens.expiresAt }).from(apiTokens).where(inArray(apiTokens.id, ids)))),
  ]);
  const standings = new Map<string, CredentialStanding>();
  for (const c of credentials) standings.set(credentialKey(c), null);
  for (const row of sessionRows.flat()) standings.set(`session:${row.key}`, standingFrom(row.expiresAt, now));
  for (const row of tokenRows.flat()) standings.set(`token:${row.key}`, standingFrom(row.expiresAt, now));
  return standings;
}
