import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { pageOf } from "../../shared/api";
import { eventsQuerySchema, resourceDetailSchema, resourceEventSchema, resourceSchema, resourcesQuerySchema, summarySchema } from "../../shared/resources";
import type { Router } from "../app";
import { ApiError, notFound } from "../lib/errors";
import { numericCursor } from "../lib/validation";
import { orgAccess } from "../middleware/org-access";
import { getResource, listEvents, listResources, readableKinds, summarize } from "../services/resources";
import { commonErrors, jsonContent, orgParams } from "./openapi-helpers";

export function registerResourceRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/resources",
      tags: ["resources"],
      summary: "Synced resources, filterable and sortable, in keyset-paginated pages",
      middleware: [orgAccess()] as const,
      request: { params: orgParams, query: resourcesQuerySchema },
      responses: { 200: jsonContent(pageOf(resourceSchema), "Resources"), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      // Only DNS records have a domain; on any other kind the filter would quietly match nothing.
      if (q.domain !== undefined && q.kind !== "dns_record") throw new ApiError("bad_request", "invalid query: domain: applies only to kind=dns_record");
      const kinds = await readableKinds(c, q.kind);
      return c.json(
        await listResources(c, {
          orgId: c.get("org").orgId,
          kinds,
          provider: q.provider,
          dockId: q.dockId,
          status: q.status,
          region: q.region,
          domain: q.domain,
          q: q.q,
          includeDeleted: q.includeDeleted === "true",
          sort: q.sort,
          order: q.order,
          limit: q.limit,
          cursor: q.cursor,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/resources/{resourceId}",
      tags: ["resources"],
      summary: "One resource with its recent change history",
      middleware: [orgAccess()] as const,
      request: { params: orgParams.extend({ resourceId: z.string().min(1).max(64) }) },
      responses: { 200: jsonContent(resourceDetailSchema, "The resource"), ...commonErrors },
    }),
    async (c) => {
      const orgId = c.get("org").orgId;
      const resource = await getResource(c, orgId, c.req.valid("param").resourceId);
      if (!resource) throw notFound("resource");
      const kinds = await readableKinds(c, resource.kind);
      const events = await listEvents(c, { orgId, kinds, resourceId: resource.id, limit: 50 });
      return c.json({ ...resource, events: events.items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/events",
      tags: ["resources"],
      summary: "Resource changes (created, updated with field diffs, deleted), newest first, filterable by dock, kind and change",
      middleware: [orgAccess()] as const,
      request: { params: orgParams, query: eventsQuerySchema },
      responses: { 200: jsonContent(pageOf(resourceEventSchema), "Events"), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const cursor = numericCursor(q.cursor);
      // Asking for a kind the role cannot read is refused (403), as on the resource list.
      const kinds = await readableKinds(c, q.kind);
      return c.json(
        await listEvents(c, { orgId: c.get("org").orgId, kinds, resourceId: q.resourceId, dockId: q.dockId, change: q.change, after: q.after, limit: q.limit, cursor }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/summary",
      tags: ["resources"],
      summary: "Counts by kind, status and provider, and monthly cost per currency",
      middleware: [orgAccess()] as const,
      request: { params: orgParams },
      responses: { 200: jsonContent(summarySchema, "Summary"), ...commonErrors },
    }),
    async (c) => c.json(await summarize(c, c.get("org").orgId, await readableKinds(c)), 200),
  );
}


