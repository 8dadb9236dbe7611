import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { and, desc, eq, lt } from "drizzle-orm";
import { pageOf } from "../../shared/api";
import { runsQuerySchema, syncRunSchema, syncStartedSchema } from "../../shared/resources";
import type { Router } from "../app";
import { syncRuns } from "../../core/db/schema";
import { orgAccess } from "../middleware/org-access";
import { audit } from "../services/audit";
import { orgHub } from "../services/org-hub";
import { toSyncRun } from "../../core/mappers/sync-run";
import { findDock } from "./docks";
import { commonErrors, jsonContent, orgParams, signedIn } from "./openapi-helpers";

const dockParams = orgParams.extend({ dockId: z.string().min(1).max(64) });

export function registerSyncRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/docks/{dockId}/sync",
      operationId: "syncDockNow",
      security: signedIn,
      tags: ["sync"],
      summary: "Sync a dock now, even during a backoff; a sync already running is returned instead of started twice",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams },
      responses: { 202: jsonContent(syncStartedSchema, "Started"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const hub = await orgHub(c.env, dock.organizationId);
      const result = await hub.syncNow(dock.id, "manual");
      await audit(c, { organizationId: dock.organizationId, action: "dock.sync", targetType: "dock", targetId: dock.id, metadata: { runId: result.runId, alreadyRunning: result.alreadyRunning } });
      return c.json(result, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/docks/{dockId}/runs",
      operationId: "listSyncRuns",
      security: signedIn,
      tags: ["sync"],
      summary: "A dock's sync runs, newest first",
      middleware: [orgAccess("docks", "read")] as const,
      request: { params: dockParams, query: runsQuerySchema },
      responses: { 200: jsonContent(pageOf(syncRunSchema), "Runs"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const { limit, cursor } = c.req.valid("query");
      const conditions = [eq(syncRuns.dockId, dock.id)];
      if (cursor) conditions.push(lt(syncRuns.id, cursor));
      const rows = await c.get("db").select().from(syncRuns).where(and(...conditions)).orderBy(desc(syncRuns.id)).limit(limit + 1);
      const page = rows.slice(0, limit);
      return c.json(
        {
          items: page.map(toSyncRun),
          nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
        },
        200,
      );
    },
  );
}
