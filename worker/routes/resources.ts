import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { pageOf } from "../../shared/api";
import { eventsQuerySchema, resourceDetailSchema, resourceEventSchema, resourceSchema, resourcesQuerySchema, summarySchema } from "../../shared/resources";
import type { Router } from "../app";
import { ApiError, notFound } from "../lib/errors";
import { orgAccess } from "../middleware/org-access";
import { allowedKinds, childKindsAmong, getResource, listEvents, listResources, readableKinds, resolveParent, summarize } from "../services/resources";
import type { ParentRef } from "../services/resources";
import { commonErrors, jsonContent, orgParams, signedIn } from "./openapi-helpers";

export function registerResourceRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/resources",
      operationId: "listResources",
      security: signedIn,
      tags: ["resources"],
      summary: "Synced resources, filterable and sortable, in keyset-paginated pages",
      middleware: [orgAccess()] as const,
      request: { params: orgParams, query: resourcesQuerySchema },
      responses: { 200: jsonContent(pageOf(resourceSchema), "Resources"), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      // The DNS-only filter parentId replaced: refused by name, since a silently ignored filter would list everything.
      if (c.req.query("domain") !== undefined) throw new ApiError("bad_request", "invalid query: domain: no longer supported; list a domain's records with parentId=<the domain's id>");
      const orgId = c.get("org").orgId;
      let kinds = await readableKinds(c, q.kind);
      const readable = allowedKinds(c);
      let parent: ParentRef | undefined;
      if (q.parentId !== undefined) {
        // An id of another organization, of a kind the role cannot read, or of nothing lists nothing, as an
        // unknown dock id does: the answer is the same whichever it was.
        parent = (await resolveParent(c, orgId, q.parentId, readable)) ?? undefined;
        kinds = parent ? childKindsAmong(parent, kinds) : [];
        if (kinds.length === 0) return c.json({ items: [], nextCursor: null }, 200);
      }
      return c.json(
        await listResources(c, {
          orgId,
          kinds,
          provider: q.provider,
          dockId: q.dockId,
          status: q.status,
          region: q.region,
          parent,
          readableParents: readable,
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
      operationId: "getResource",
      security: signedIn,
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
      operationId: "listResourceEvents",
      security: signedIn,
      tags: ["resources"],
      summary: "Resource changes (created, updated with field diffs, deleted), newest first, filterable by dock, kind and change",
      middleware: [orgAccess()] as const,
      request: { params: orgParams, query: eventsQuerySchema },
      responses: { 200: jsonContent(pageOf(resourceEventSchema), "Events"), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      // Asking for a kind the role cannot read is refused (403), as on the resource list.
      const kinds = await readableKinds(c, q.kind);
      return c.json(
        await listEvents(c, { orgId: c.get("org").orgId, kinds, resourceId: q.resourceId, dockId: q.dockId, change: q.change, after: q.after, limit: q.limit, cursor: q.cursor }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/summary",
      operationId: "getResourceSummary",
      security: signedIn,
      tags: ["resources"],
      summary: "Counts by kind, status and provider, and monthly cost per currency",
      middleware: [orgAccess()] as const,
      request: { params: orgParams },
      responses: { 200: jsonContent(summarySchema, "Summary"), ...commonErrors },
    }),
    async (c) => c.json(await summarize(c, c.get("org").orgId, await readableKinds(c)), 200),
  );
}


