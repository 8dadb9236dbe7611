import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { auditFilterSchema, auditQuerySchema, pageOf } from "../../shared/api";
import type { AuditFilter } from "../../shared/api";
import { AUDIT_EXPORT_MAX_ROWS, auditEntrySchema } from "../../shared/audit";
import type { Router } from "../app";
import { auditLog } from "../../core/db/schema";
import { orgAccess } from "../middleware/org-access";
import { actorOf, auditCsvStream, auditSelectionExceeds, listAudit } from "../services/audit";
import { auditInsert } from "../../core/audit";
import type { AuditSelection } from "../services/audit";
import { commonErrors, jsonContent, orgParams, signedIn } from "./openapi-helpers";

function selectionOf(orgId: string, q: AuditFilter): AuditSelection {
  return {
    organizationId: orgId,
    action: q.action,
    actorId: q.actorId,
    targetType: q.targetType,
    targetId: q.targetId,
    result: q.result,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

/** `edgedock-audit-<org>-20261105T101112Z.csv`: sorts by time in a downloads folder, and names whose log it is. */
function exportFilename(orgId: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return `edgedock-audit-${orgId.replace(/[^A-Za-z0-9_-]/g, "")}-${stamp}.csv`;
}

export function registerAuditRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/audit",
      operationId: "listAuditEntries",
      security: signedIn,
      tags: ["audit"],
      summary: "The audit log, newest first, filterable by action, actor, target, result and time",
      middleware: [orgAccess("audit", "read")] as const,
      request: { params: orgParams, query: auditQuerySchema },
      responses: { 200: jsonContent(pageOf(auditEntrySchema), "Audit entries"), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listAudit(c.get("db"), { ...selectionOf(c.get("org").orgId, q), limit: q.limit, cursor: q.cursor }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/audit/export",
      operationId: "exportAuditLog",
      security: signedIn,
      tags: ["audit"],
      summary: `The audit log as CSV, newest first, with the same filters as the list; at most ${AUDIT_EXPORT_MAX_ROWS} rows`,
      description:
        `Columns: id, time (ISO 8601, UTC), actor_type, actor_id, actor_name, action, target_type, target_id, result, ip, ` +
        `user_agent, metadata (JSON). RFC 4180 quoting with CRLF line ends; a cell starting with = + - or @ is prefixed ` +
        `with an apostrophe so spreadsheets show it as text. At most ${AUDIT_EXPORT_MAX_ROWS} rows (the newest); ` +
        `X-Export-Truncated says whether older matching entries were left out — narrow the dates to export those. ` +
        `Each export is itself recorded in the log as audit.export.`,
      middleware: [orgAccess("audit", "read")] as const,
      request: { params: orgParams, query: auditFilterSchema },
      responses: {
        200: {
          description: "The matching entries as a CSV attachment",
          headers: z.object({
            "X-Export-Row-Limit": z.string().openapi({ description: "The most rows an export carries" }),
            "X-Export-Truncated": z.enum(["true", "false"]).openapi({ description: "Whether older matching entries were left out" }),
          }),
          content: { "text/csv": { schema: z.string() } },
        },
        ...commonErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const selection = selectionOf(orgId, q);
      const truncated = await auditSelectionExceeds(db, selection, AUDIT_EXPORT_MAX_ROWS);
      // Copying the whole log out is worth a line in it: who took it, with which filters.
      const [entry] = await auditInsert(db, actorOf(c), {
        organizationId: orgId,
        action: "audit.export",
        metadata: {
          action: q.action ?? null,
          actorId: q.actorId ?? null,
          targetType: q.targetType ?? null,
          targetId: q.targetId ?? null,
          result: q.result ?? null,
          from: q.from ?? null,
          to: q.to ?? null,
          truncated,
        },
      }).returning({ id: auditLog.id });
      const stream = auditCsvStream(db, selection, { before: entry!.id, maxRows: AUDIT_EXPORT_MAX_ROWS });
      return c.body(stream, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exportFilename(orgId, new Date())}"`,
        "X-Export-Row-Limit": String(AUDIT_EXPORT_MAX_ROWS),
        "X-Export-Truncated": String(truncated),
      });
    },
  );
}
