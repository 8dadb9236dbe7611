import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { createRoleSchema, pageOf, pageQuerySchema, roleSchema, updateRoleSchema } from "../../shared/api";
import { normalizePermissions } from "../../shared/permissions";
import type { Router } from "../app";
import type { RoleRow } from "../../core/db/client";
import { apiTokens, invitations, memberships, roles } from "../../core/db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../../core/ids";
import { idCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import { orgAccess } from "../middleware/org-access";
import { actorOf } from "../services/audit";
import { auditInsert } from "../../core/audit";
import { notifyAccessChanged, notifyOrgChanged } from "../services/org-hub";
import { findRole, requireGrantable, toRole } from "../services/roles";
import { commonErrors, conflictError, jsonBody, jsonContent, noContent, orgParams, signedIn } from "./openapi-helpers";

const roleParams = orgParams.extend({ roleId: z.string().min(1).max(64) });

/** Oldest first, so the built-in roles made with the organization lead. */
const OLDEST_FIRST = keyset<RoleRow>({ columns: [{ expr: roles.id, type: "text", read: (role) => role.id }], order: "asc", format: idCursor("rol") });

function uniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE/i.test(err.message);
}

export function registerRoleRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/roles",
      operationId: "listRoles",
      security: signedIn,
      tags: ["roles"],
      summary: "Roles of the organization, built-in first",
      middleware: [orgAccess("members", "read")] as const,
      request: { params: orgParams, query: pageQuerySchema },
      responses: { 200: jsonContent(pageOf(roleSchema), "Roles"), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const orgId = c.get("org").orgId;
      const page = await readKeysetPage(OLDEST_FIRST, { limit, cursor }, (range, n) =>
        c
          .get("db")
          .select()
          .from(roles)
          .where(and(eq(roles.organizationId, orgId), ...range.where))
          .orderBy(...range.orderBy)
          .limit(n),
      );
      return c.json(mapPage(page, toRole), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/roles",
      operationId: "createRole",
      security: signedIn,
      tags: ["roles"],
      summary: "Create a custom role",
      middleware: [orgAccess("members", "full")] as const,
      request: { params: orgParams, ...jsonBody(createRoleSchema) },
      responses: { 201: jsonContent(roleSchema, "Created"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const permissions = normalizePermissions(input.permissions);
      await requireGrantable(c, permissions, "create a role");
      const db = c.get("db");
      const id = newId("rol");
      try {
        const [[role]] = await db.batch([
          db.insert(roles).values({ id, organizationId: orgId, name: input.name, permissions }).returning(),
          auditInsert(db, actorOf(c), { organizationId: orgId, action: "role.create", targetType: "role", targetId: id, metadata: { name: input.name } }),
        ]);
        await notifyOrgChanged(c.env, orgId, "roles");
        return c.json(toRole(role!), 201);
      } catch (err) {
        if (uniqueViolation(err)) throw new ApiError("conflict", `a role named "${input.name}" already exists`);
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/orgs/{orgId}/roles/{roleId}",
      operationId: "updateRole",
      security: signedIn,
      tags: ["roles"],
      summary: "Rename a custom role or change its permissions",
      middleware: [orgAccess("members", "full")] as const,
      request: { params: roleParams, ...jsonBody(updateRoleSchema) },
      responses: { 200: jsonContent(roleSchema, "Updated"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const { roleId } = c.req.valid("param");
      const input = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const role = await findRole(db, orgId, roleId);
      if (role.builtInKey) throw new ApiError("conflict", "built-in roles cannot be changed; create a custom role instead");
      await requireGrantable(c, role.permissions, "edit a role");
      const permissions = input.permissions ? normalizePermissions(input.permissions) : role.permissions;
      await requireGrantable(c, permissions, "give a role");
      try {
        const [[updated]] = await db.batch([
          db.update(roles).set({ name: input.name ?? role.name, permissions }).where(eq(roles.id, role.id)).returning(),
          auditInsert(db, actorOf(c), {
            organizationId: orgId,
            action: "role.update",
            targetType: "role",
            targetId: role.id,
            metadata: { name: input.name ?? role.name, permissionsChanged: input.permissions !== undefined },
          }),
        ]);
        await notifyAccessChanged(c.env, orgId);
        await notifyOrgChanged(c.env, orgId, "roles");
        return c.json(toRole(updated!), 200);
      } catch (err) {
        if (uniqueViolation(err)) throw new ApiError("conflict", `a role named "${input.name}" already exists`);
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/orgs/{orgId}/roles/{roleId}",
      operationId: "deleteRole",
      security: signedIn,
      tags: ["roles"],
      summary: "Delete a custom role that nobody holds",
      middleware: [orgAccess("members", "full")] as const,
      request: { params: roleParams },
      responses: { ...noContent, ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const { roleId } = c.req.valid("param");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const role = await findRole(db, orgId, roleId);
      if (role.builtInKey) throw new ApiError("conflict", "built-in roles cannot be deleted");
      await requireGrantable(c, role.permissions, "delete a role");
      const holders = await db.select({ n: sql<number>`count(*)` }).from(memberships).where(eq(memberships.roleId, role.id)).get();
      if ((holders?.n ?? 0) > 0) {
        throw new ApiError("conflict", `the role is held by ${holders!.n} member(s); give them another role first`);
      }
      // Pending invitations and tokens narrowed to this role go with it: they must not silently widen.
      await db.batch([
        db.delete(invitations).where(eq(invitations.roleId, role.id)),
        db.delete(apiTokens).where(eq(apiTokens.roleId, role.id)),
        db.delete(roles).where(eq(roles.id, role.id)),
        auditInsert(db, actorOf(c), { organizationId: orgId, action: "role.delete", targetType: "role", targetId: role.id, metadata: { name: role.name } }),
      ]);
      // Tokens narrowed to this role are gone; sockets opened with them must close.
      await notifyAccessChanged(c.env, orgId);
      await notifyOrgChanged(c.env, orgId, "roles");
      return c.body(null, 204);
    },
  );
}
