import type { Context } from "hono";
import { and, eq } from "drizzle-orm";
import { allows, isWithin } from "../../shared/permissions";
import type { Permissions } from "../../shared/permissions";
import type { AppEnv } from "../context";
import type { Db, RoleRow } from "../../core/db/client";
import { roles } from "../../core/db/schema";
import { ApiError } from "../lib/errors";
import { audit } from "./audit";

export async function findRole(db: Db, orgId: string, roleId: string): Promise<RoleRow> {
  const role = await db.select().from(roles).where(and(eq(roles.id, roleId), eq(roles.organizationId, orgId))).get();
  if (!role) throw new ApiError("not_found", "role not found", { details: { field: "roleId" } });
  return role;
}

export function toRole(role: RoleRow) {
  return { id: role.id, name: role.name, builtIn: role.builtInKey !== null, permissions: role.permissions, createdAt: role.createdAt.toISOString() };
}

/** The one rule for handing out access: a role may be given only by someone who holds everything it grants. */
export function canGrant(holder: Permissions, granted: Permissions): boolean {
  return isWithin(granted, holder);
}

/**
 * Whether someone with `holder` may invite with a role granting `granted`: what the invite route checks
 * (full members access, then `canGrant`). Accepting re-checks it against the inviter's role of the day, and a
 * member's role change revokes the invitations that no longer pass, so an invitation is never worth more
 * than its inviter could hand out now.
 */
export function canInvite(holder: Permissions, granted: Permissions): boolean {
  return allows(holder, "members", "full") && canGrant(holder, granted);
}

/**
 * Nobody hands out more than they hold: granting, inviting with, editing or minting a token for a role
 * beyond the caller's own permissions is denied and recorded.
 */
export async function requireGrantable(c: Context<AppEnv>, permissions: Permissions, what: string): Promise<void> {
  const access = c.get("org");
  if (canGrant(access.permissions, permissions)) return;
  await audit(c, {
    organizationId: access.orgId,
    action: "access.denied",
    result: "denied",
    metadata: { reason: "exceeds_own_permissions", what, method: c.req.method, path: new URL(c.req.url).pathname },
  });
  throw new ApiError("forbidden", `you cannot ${what} with more access than your own`);
}
