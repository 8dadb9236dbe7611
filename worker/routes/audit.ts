import { createRoute } from "@hono/zod-openapi";
import { auditQuerySchema, pageOf } from "../../shared/api";
import { auditEntrySchema } from "../../shared/audit";
import type { Router } from "../app";
import { numericCursor } from "../lib/validation";
import { orgAccess } from "../middleware/org-access";
import { listAudit } from "../services/audit";
import { commonErrors, jsonContent, orgParams } from "./openapi-helpers";

export function registerAuditRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/audit",
      tags: ["audit"],
      summary: "The audit log, newest first, filterable by action, actor, target and time",
      middleware: [orgAccess("audit", "read")] as const,
      request: { params: orgParams, query: auditQuerySchema },
      responses: { 200: jsonContent(pageOf(auditEntrySchema), "Audit entries"), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const cursor = numericCursor(q.cursor);
      return c.json(
        await listAudit(c.get("db"), {
          organizationId: c.get("org").orgId,
          limit: q.limit,
          cursor,
          action: q.action,
          actorId: q.actorId,
          targetType: q.targetType,
          targetId: q.targetId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        }),
        200,
      );
    },
  );
}
