import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { apiTokenSchema, createdApiTokenSchema, createTokenSchema, pageOf, pageQuerySchema } from "../../shared/api";
import type { Context } from "hono";
import type { Router } from "../app";
import type { AppEnv } from "../context";
import type { ApiTokenRow } from "../../core/db/client";
import { apiTokens, roles } from "../../core/db/schema";
import { ApiError, notFound } from "../lib/errors";
import { newId } from "../../core/ids";
import { idCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import { orgAccess } from "../middleware/org-access";
import { mintApiToken } from "../services/api-tokens";
import { actorOf } from "../services/audit";
import { auditInsert } from "../../core/audit";
import { notifyAccessChanged, notifyOrgChanged } from "../services/org-hub";
import { can, requirePermission } from "../services/permission-checks";
import { findRole, requireGrantable } from "../services/roles";
import { commonErrors, iso, jsonBody, jsonContent, noContent, orgParams, signedIn } from "./openapi-helpers";

const tokenParams = orgParams.extend({ tokenId: z.string().min(1).max(64) });

/** Newest first: ids begin with their creation time. */
const NEWEST_FIRST = keyset<{ token: ApiTokenRow }>({ columns: [{ expr: apiTokens.id, type: "text", read: ({ token }) => token.id }], order: "desc", format: idCursor("tok") });

function toApiToken(t: ApiTokenRow, role: { id: string; name: string } | null) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    userId: t.userId,
    role,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    createdAt: t.createdAt.toISOString(),
  };
}

/**
 * Someone else's token is invisible unless you manage members. One's own is self-service for a person; an API
 * token acts within its own role, so it may revoke itself (that only ends its own access) but its creator's
 * other tokens only with full organization access.
 */
async function requireRevocable(c: Context<AppEnv>, token: ApiTokenRow): Promise<void> {
  const principal = c.get("principal")!;
  const managesMembers = can(c, "members", "full");
  if (token.userId !== principal.user.id) {
    if (!managesMembers) throw notFound("token");
    return;
  }
  if (principal.kind === "token" && principal.token.id !== token.id && !managesMembers) await requirePermission(c, "organization", "full");
}

export function registerApiTokenRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/tokens",
      operationId: "listApiTokens",
      security: signedIn,
      tags: ["tokens"],
      summary: "API tokens: your own, or everyone's with full members access",
      middleware: [orgAccess("organization", "read")] as const,
      request: { params: orgParams, query: pageQuerySchema },
      responses: { 200: jsonContent(pageOf(apiTokenSchema), "Tokens"), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const orgId = c.get("org").orgId;
      const conditions = [eq(apiTokens.organizationId, orgId)];
      if (!can(c, "members", "full")) conditions.push(eq(apiTokens.userId, c.get("principal")!.user.id));
      const page = await readKeysetPage(NEWEST_FIRST, { limit, cursor }, (range, n) =>
        c
          .get("db")
          .select({ token: apiTokens, roleId: roles.id, roleName: roles.name })
          .from(apiTokens)
          .leftJoin(roles, eq(roles.id, apiTokens.roleId))
          .where(and(...conditions, ...range.where))
          .orderBy(...range.orderBy)
          .limit(n),
      );
      return c.json(
        mapPage(page, (r) => toApiToken(r.token, r.roleId && r.roleName ? { id: r.roleId, name: r.roleName } : null)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/tokens",
      operationId: "createApiToken",
      security: signedIn,
      tags: ["tokens"],
      summary: "Create a personal API token, bound to this organization; the token is shown once",
      middleware: [orgAccess("organization", "read")] as const,
      request: { params: orgParams, ...jsonBody(createTokenSchema) },
      responses: { 201: jsonContent(createdApiTokenSchema, "Created"), ...commonErrors },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      // A token minting tokens would outlive its own expiry and revocation.
      if (principal.kind === "token") throw new ApiError("forbidden", "API tokens cannot create API tokens; sign in to create one");
      const input = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const role = input.roleId ? await findRole(db, orgId, input.roleId) : null;
      if (role) await requireGrantable(c, role.permissions, "create a token");
      const minted = await mintApiToken();
      const id = newId("tok");
      const [[row]] = await db.batch([
        db
          .insert(apiTokens)
          .values({
            id,
            organizationId: orgId,
            userId: principal.user.id,
            name: input.name,
            prefix: minted.prefix,
            tokenHash: minted.tokenHash,
            roleId: role?.id ?? null,
            expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
          })
          .returning(),
        auditInsert(db, actorOf(c), {
          organizationId: orgId,
          action: "token.create",
          targetType: "token",
          targetId: id,
          metadata: { name: input.name, roleId: role?.id ?? null, expiresAt: input.expiresAt ?? null },
        }),
      ]);
      await notifyOrgChanged(c.env, orgId, "tokens");
      return c.json({ ...toApiToken(row!, role ? { id: role.id, name: role.name } : null), token: minted.token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/orgs/{orgId}/tokens/{tokenId}",
      operationId: "revokeApiToken",
      security: signedIn,
      tags: ["tokens"],
      summary: "Revoke an API token",
      middleware: [orgAccess("organization", "read")] as const,
      request: { params: tokenParams },
      responses: { ...noContent, ...commonErrors },
    }),
    async (c) => {
      const { tokenId } = c.req.valid("param");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const token = await db.select().from(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.organizationId, orgId))).get();
      if (!token) throw notFound("token");
      await requireRevocable(c, token);
      await db.batch([
        db.delete(apiTokens).where(eq(apiTokens.id, token.id)),
        auditInsert(db, actorOf(c), { organizationId: orgId, action: "token.delete", targetType: "token", targetId: token.id, metadata: { name: token.name } }),
      ]);
      await notifyAccessChanged(c.env, orgId, token.userId);
      await notifyOrgChanged(c.env, orgId, "tokens");
      return c.body(null, 204);
    },
  );
}
