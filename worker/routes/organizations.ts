import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { createOrgSchema, orgSchema, updateOrgSchema } from "../../shared/api";
import type { Router } from "../app";
import { organizations } from "../../core/db/schema";
import { ApiError } from "../lib/errors";
import { requireUser } from "../middleware/authenticate";
import { orgAccess } from "../middleware/org-access";
import { actorOf } from "../services/audit";
import { auditInsert } from "../../core/audit";
import { listMemberships } from "../services/memberships";
import { notifyOrgChanged } from "../services/org-hub";
import { createOrganization } from "../services/organizations";
import { commonErrors, jsonBody, jsonContent, orgParams, signedIn } from "./openapi-helpers";

export function registerOrganizationRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs",
      operationId: "listOrganizations",
      security: signedIn,
      tags: ["organizations"],
      summary: "Organizations the caller belongs to",
      middleware: [requireUser] as const,
      responses: { 200: jsonContent(z.object({ items: z.array(orgSchema), nextCursor: z.null() }), "Organizations"), ...commonErrors },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      const db = c.get("db");
      let list = await listMemberships(db, principal.user.id);
      if (principal.kind === "token") list = list.filter((m) => m.orgId === principal.token.organizationId);
      const orgs = list.map((m) => ({ id: m.orgId, name: m.orgName, createdAt: m.orgCreatedAt.toISOString(), role: m.role }));
      // A person belongs to a handful of organizations: one page holds them all.
      return c.json({ items: orgs, nextCursor: null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs",
      operationId: "createOrganization",
      security: signedIn,
      tags: ["organizations"],
      summary: "Create an organization; the caller becomes its Owner",
      middleware: [requireUser] as const,
      request: jsonBody(createOrgSchema),
      responses: { 201: jsonContent(orgSchema, "Created"), ...commonErrors },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      if (principal.kind === "token") throw new ApiError("forbidden", "an API token is bound to one organization and cannot create another");
      const { name } = c.req.valid("json");
      const { org, ownerRole } = await createOrganization(c.get("db"), actorOf(c), name, principal.user.id);
      return c.json(
        { id: org.id, name: org.name, createdAt: org.createdAt.toISOString(), role: { id: ownerRole.id, name: ownerRole.name, permissions: ownerRole.permissions } },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}",
      operationId: "getOrganization",
      security: signedIn,
      tags: ["organizations"],
      summary: "One organization",
      middleware: [orgAccess("organization", "read")] as const,
      request: { params: orgParams },
      responses: { 200: jsonContent(orgSchema, "The organization"), ...commonErrors },
    }),
    async (c) => {
      const access = c.get("org");
      const org = await c.get("db").select().from(organizations).where(eq(organizations.id, access.orgId)).get();
      return c.json({ id: access.orgId, name: access.orgName, createdAt: org!.createdAt.toISOString(), role: { id: access.role.id, name: access.role.name, permissions: access.permissions } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/orgs/{orgId}",
      operationId: "renameOrganization",
      security: signedIn,
      tags: ["organizations"],
      summary: "Rename an organization",
      middleware: [orgAccess("organization", "full")] as const,
      request: { params: orgParams, ...jsonBody(updateOrgSchema) },
      responses: { 200: jsonContent(orgSchema, "Updated"), ...commonErrors },
    }),
    async (c) => {
      const access = c.get("org");
      const { name } = c.req.valid("json");
      const db = c.get("db");
      const [[org]] = await db.batch([
        db.update(organizations).set({ name }).where(eq(organizations.id, access.orgId)).returning(),
        auditInsert(db, actorOf(c), { organizationId: access.orgId, action: "organization.update", targetType: "organization", targetId: access.orgId, metadata: { name, previousName: access.orgName } }),
      ]);
      await notifyOrgChanged(c.env, access.orgId, "organization");
      return c.json({ id: org!.id, name: org!.name, createdAt: org!.createdAt.toISOString(), role: { id: access.role.id, name: access.role.name, permissions: access.permissions } }, 200);
    },
  );
}
