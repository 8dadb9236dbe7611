import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { and, eq } from "drizzle-orm";
import { allows, intersectPermissions } from "../../shared/permissions";
import type { Area } from "../../shared/permissions";
import type { AppEnv, OrgAccess } from "../context";
import { memberships, organizations, roles } from "../db/schema";
import { ApiError } from "../lib/errors";
import { audit } from "../services/audit";

const ORG_NOT_FOUND = () => new ApiError("not_found", "organization not found");

/**
 * Resolves the caller's membership of the organization in the path, on every request: a user may belong
 * to many organizations, and a non-member learns nothing (404, the same answer as for an unknown id).
 */
export function orgAccess(area?: Area, level: "read" | "full" = "read") {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw new ApiError("unauthorized", "sign in, or send an API token");
    const orgId = c.req.param("orgId");
    if (!orgId) throw ORG_NOT_FOUND();
    if (principal.kind === "token" && principal.token.organizationId !== orgId) throw ORG_NOT_FOUND();

    const db = c.get("db");
    const row = await db
      .select({ org: organizations, role: roles })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .innerJoin(roles, eq(roles.id, memberships.roleId))
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, principal.user.id)))
      .get();
    if (!row) throw ORG_NOT_FOUND();

    let permissions = row.role.permissions;
    if (principal.kind === "token" && principal.token.roleId && principal.token.roleId !== row.role.id) {
      const tokenRole = await db.select().from(roles).where(eq(roles.id, principal.token.roleId)).get();
      // A token whose role was deleted with the role cascade is gone; this guards a race in between.
      if (!tokenRole) throw new ApiError("unauthorized", "the API token is invalid, expired or revoked");
      permissions = intersectPermissions(permissions, tokenRole.permissions);
    }
    const access: OrgAccess = {
      orgId,
      orgName: row.org.name,
      role: { id: row.role.id, name: row.role.name, builtInKey: row.role.builtInKey, permissions: row.role.permissions },
      permissions,
    };
    c.set("org", access);
    if (area) await requirePermission(c, area, level);
    await next();
  });
}

/** The one permission check: denies with 403 and records the denial. */
export async function requirePermission(c: Context<AppEnv>, area: Area, level: "read" | "full"): Promise<void> {
  const access = c.get("org");
  if (allows(access.permissions, area, level)) return;
  await audit(c, {
    organizationId: access.orgId,
    action: "access.denied",
    result: "denied",
    metadata: { area, level, method: c.req.method, path: new URL(c.req.url).pathname },
  });
  throw new ApiError("forbidden", `your role does not allow ${level} access to ${area}`, {
    details: { area, required: level, granted: access.permissions[area] },
  });
}

export function can(c: Context<AppEnv>, area: Area, level: "read" | "full"): boolean {
  return allows(c.get("org").permissions, area, level);
}
