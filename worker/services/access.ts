import { and, eq } from "drizzle-orm";
import { intersectPermissions } from "../../shared/permissions";
import type { OrgAccess } from "../context";
import type { Db } from "../db/client";
import { apiTokens, memberships, organizations, roles, sessions } from "../db/schema";

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

/**
 * When the credential stops working, read fresh from D1: `expiresAt` in ms since the epoch (null: never), or
 * null when it is gone (signed out, revoked, deleted) or already expired.
 */
export async function credentialStanding(db: Db, credential: LiveCredential, now = Date.now()): Promise<{ expiresAt: number | null } | null> {
  const row =
    credential.kind === "session"
      ? await db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.tokenHash, credential.sessionKey)).get()
      : await db.select({ expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.id, credential.tokenId)).get();
  if (!row) return null;
  const expiresAt = row.expiresAt?.getTime() ?? null;
  return expiresAt !== null && expiresAt <= now ? null : { expiresAt };
}
