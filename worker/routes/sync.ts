import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { pageOf } from "../../shared/api";
import { runsQuerySchema, syncRunSchema, syncStartedSchema } from "../../shared/resources";
import type { Router } from "../app";
import { syncRuns } from "../../core/db/schema";
import { idCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import { orgAccess } from "../middleware/org-access";
import { audit } from "../services/audit";
import { orgHub } from "../services/org-hub";
import { toSyncRun } from "../../core/mappers/sync-run";
import { findDock } from "./docks";
import { commonErrors, jsonContent, orgParams, signedIn } from "./openapi-helpers";

const dockParams = orgParams.extend({ dockId: z.string().min(1).max(64) });

/** Run ids grow with time (`newId` puts the time first), so newest first is by id. */
const RUNS_NEWEST_FIRST = keyset<typeof syncRuns.$inferSelect>({ columns: [{ expr: syncRuns.id, type: "text", read: (r) => r.id }], order: "desc", format: idCursor("run") });

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
      const page = await readKeysetPage(RUNS_NEWEST_FIRST, c.req.valid("query"), (range, n) =>
        c.get("db").select().from(syncRuns).where(and(eq(syncRuns.dockId, dock.id), ...range.where)).orderBy(...range.orderBy).limit(n),
      );
      return c.json(mapPage(page, toSyncRun), 200);
    },
  );
}
