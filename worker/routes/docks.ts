import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { and, desc, eq, lt } from "drizzle-orm";
import { pageOf, pageQuerySchema } from "../../shared/api";
import { cleanErrorText } from "../../shared/error-text";
import { createDockSchema, dockSchema, updateDockSchema } from "../../shared/docks";
import { ProviderError } from "../../adapters/errors";
import { getAdapter } from "../../adapters/registry";
import type { Adapter } from "../../adapters/types";
import type { Router } from "../app";
import type { AppEnv } from "../context";
import type { DockRow } from "../db/client";
import { docks } from "../db/schema";
import { ApiError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { orgAccess } from "../middleware/org-access";
import { actorOf, audit, auditInsert } from "../services/audit";
import { checkBaseUrl, outboundPolicyOf } from "../services/base-url-policy";
import { newWebhookSecret, sealCredentials, sealedColumns, sealWebhookSecret, webhookSecretColumns } from "../services/dock-credentials";
import { dockView, loadDockKinds, parseCredentials, providerFailure, toDock } from "../services/docks";
import { notifyDockChanged } from "../services/org-hub";
import { commonErrors, jsonBody, jsonContent, noContent, orgParams, signedIn, unprocessableError } from "./openapi-helpers";

const dockParams = orgParams.extend({ dockId: z.string().min(1).max(64) });

export async function findDock(c: Context<AppEnv>, dockId: string): Promise<DockRow> {
  const dock = await c.get("db").select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, c.get("org").orgId))).get();
  if (!dock) throw notFound("dock");
  return dock;
}

/** Asks the provider whether the credentials work; a refusal is recorded and explained, and nothing is stored. */
async function validateWithProvider(c: Context<AppEnv>, adapter: Adapter, credentials: Record<string, string>, baseUrl: string | null, targetId?: string) {
  try {
    // Someone is waiting on this request: a rate limit is reported, not sat out.
    return await adapter.validate(credentials, {
      baseUrl: baseUrl ?? adapter.defaultBaseUrl,
      maxRateLimitWaitMs: 0,
      timeoutMs: 10_000,
      outbound: outboundPolicyOf(c.get("config")),
    });
  } catch (err) {
    // The provider's text goes back to the caller and into the audit log: cleaned like any stored error.
    const cleaned = err instanceof ProviderError ? new ProviderError(err.provider, err.kind, cleanErrorText(err.message), { status: err.status, retryAt: err.retryAt, scope: err.scope }) : err;
    const failure = providerFailure(cleaned);
    await audit(c, {
      organizationId: c.get("org").orgId,
      action: "dock.validate_failed",
      result: "failure",
      targetType: "dock",
      targetId,
      metadata: { provider: adapter.id, reason: failure.message },
    });
    throw failure;
  }
}

export function registerDockRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/docks",
      operationId: "listDocks",
      security: signedIn,
      tags: ["docks"],
      summary: "Docks of the organization, newest first",
      middleware: [orgAccess("docks", "read")] as const,
      request: { params: orgParams, query: pageQuerySchema },
      responses: { 200: jsonContent(pageOf(dockSchema), "Docks"), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const conditions = [eq(docks.organizationId, c.get("org").orgId)];
      if (cursor) conditions.push(lt(docks.id, cursor));
      const rows = await c.get("db").select().from(docks).where(and(...conditions)).orderBy(desc(docks.id)).limit(limit + 1);
      const page = rows.slice(0, limit);
      const kinds = await loadDockKinds(c.get("db"), page.map((d) => d.id));
      return c.json({ items: page.map((d) => toDock(d, kinds.get(d.id) ?? [])), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/docks",
      operationId: "connectDock",
      security: signedIn,
      tags: ["docks"],
      summary: "Connect a provider account; the credentials are checked with the provider first",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: orgParams, ...jsonBody(createDockSchema) },
      responses: { 201: jsonContent(dockSchema, "Connected"), ...commonErrors, ...unprocessableError },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const adapter = getAdapter(input.provider);
      if (!adapter) {
        throw new ApiError("bad_request", `invalid body: provider: unknown provider "${input.provider}"; see GET /api/providers`, {
          details: { issues: [{ field: "provider", message: "unknown provider" }] },
        });
      }
      const credentials = parseCredentials(adapter, input.credentials);
      const baseUrl = checkBaseUrl(c.get("config"), input.baseUrl);
      const account = await validateWithProvider(c, adapter, credentials, baseUrl);

      const id = newId("dck");
      const sealed = await sealCredentials(c.get("config"), credentials, orgId, id);
      // A provider that issues its own webhook secret has none until it is pasted in.
      const webhookSecret = adapter.webhooks?.secretSource === "provider" ? null : await sealWebhookSecret(c.get("config"), newWebhookSecret(), orgId, id);
      const now = new Date();
      const db = c.get("db");
      const [[row]] = await db.batch([
        db
          .insert(docks)
          .values({
            id,
            organizationId: orgId,
            name: input.name,
            provider: adapter.id,
            ...sealedColumns(sealed),
            ...(webhookSecret ? webhookSecretColumns(webhookSecret) : {}),
            credentialsHint: adapter.credentialsHint(credentials),
            baseUrl,
            syncIntervalSeconds: input.syncIntervalSeconds ?? adapter.defaultIntervalSeconds,
            nextSyncAt: now,
            createdBy: c.get("principal")!.user.id,
            updatedAt: now,
          })
          .returning(),
        auditInsert(db, actorOf(c), {
          organizationId: orgId,
          action: "dock.create",
          targetType: "dock",
          targetId: id,
          metadata: { name: input.name, provider: adapter.id, account: account.name, baseUrl },
        }),
      ]);
      await notifyDockChanged(c.env, orgId, id);
      // Nothing listed yet: its kinds appear with its first run.
      return c.json(toDock(row!, []), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/docks/{dockId}",
      operationId: "getDock",
      security: signedIn,
      tags: ["docks"],
      summary: "One dock",
      middleware: [orgAccess("docks", "read")] as const,
      request: { params: dockParams },
      responses: { 200: jsonContent(dockSchema, "The dock"), ...commonErrors },
    }),
    async (c) => c.json(await dockView(c.get("db"), await findDock(c, c.req.valid("param").dockId)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/orgs/{orgId}/docks/{dockId}",
      operationId: "updateDock",
      security: signedIn,
      tags: ["docks"],
      summary: "Rename, reschedule, pause or resume a dock, or replace its credentials (a new baseUrl needs them entered again)",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams, ...jsonBody(updateDockSchema) },
      responses: { 200: jsonContent(dockSchema, "Updated"), ...commonErrors, ...unprocessableError },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const dock = await findDock(c, c.req.valid("param").dockId);
      const adapter = getAdapter(dock.provider);
      if (!adapter) throw new ApiError("conflict", `the provider "${dock.provider}" is no longer supported`);
      const config = c.get("config");
      const db = c.get("db");
      const orgId = c.get("org").orgId;
      const changes: Partial<typeof docks.$inferInsert> = { updatedAt: new Date() };
      const changed: string[] = [];

      if (input.name !== undefined) {
        changes.name = input.name;
        changed.push("name");
      }
      if (input.syncIntervalSeconds !== undefined) {
        changes.syncIntervalSeconds = input.syncIntervalSeconds;
        changed.push("syncIntervalSeconds");
      }
      const baseUrl = input.baseUrl !== undefined ? checkBaseUrl(config, input.baseUrl) : dock.baseUrl;
      const destinationChanged = (baseUrl ?? adapter.defaultBaseUrl) !== (dock.baseUrl ?? adapter.defaultBaseUrl);
      if (destinationChanged && input.credentials === undefined) {
        // Stored credentials go only where they were entered for: moving them would hand the token to
        // whoever runs the new host, which is the caller's choice.
        throw new ApiError("bad_request", "invalid body: credentials: changing baseUrl requires entering the credentials again in the same request", {
          details: { issues: [{ field: "credentials", message: "required when baseUrl changes" }] },
        });
      }
      if (input.credentials !== undefined) {
        const credentials = parseCredentials(adapter, input.credentials);
        await validateWithProvider(c, adapter, credentials, baseUrl, dock.id);
        Object.assign(changes, sealedColumns(await sealCredentials(config, credentials, orgId, dock.id)));
        changes.credentialsHint = adapter.credentialsHint(credentials);
        changed.push("credentials");
        if (destinationChanged) {
          changes.baseUrl = baseUrl;
          changed.push("baseUrl");
        }
        // Working credentials clear a standing failure: the next sync starts afresh.
        Object.assign(changes, { status: dock.syncEnabled ? "pending" : "paused", consecutiveFailures: 0, lastError: null, backoffUntil: null, nextSyncAt: new Date() });
      }
      if (input.syncEnabled !== undefined && input.syncEnabled !== dock.syncEnabled) {
        changes.syncEnabled = input.syncEnabled;
        changes.status = input.syncEnabled ? "pending" : "paused";
        if (input.syncEnabled) changes.nextSyncAt = new Date();
        changed.push(input.syncEnabled ? "resumed" : "paused");
      }

      const [[row]] = await db.batch([
        db.update(docks).set(changes).where(eq(docks.id, dock.id)).returning(),
        auditInsert(db, actorOf(c), { organizationId: orgId, action: "dock.update", targetType: "dock", targetId: dock.id, metadata: { changed: changed.join(",") } }),
      ]);
      await notifyDockChanged(c.env, orgId, dock.id);
      return c.json(await dockView(db, row!), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/orgs/{orgId}/docks/{dockId}",
      operationId: "disconnectDock",
      security: signedIn,
      tags: ["docks"],
      summary: "Disconnect a dock and forget its credentials",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams },
      responses: { ...noContent, ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const db = c.get("db");
      await db.batch([
        db.delete(docks).where(eq(docks.id, dock.id)),
        auditInsert(db, actorOf(c), { organizationId: dock.organizationId, action: "dock.delete", targetType: "dock", targetId: dock.id, metadata: { name: dock.name, provider: dock.provider } }),
      ]);
      await notifyDockChanged(c.env, dock.organizationId, dock.id, true);
      return c.body(null, 204);
    },
  );
}
