import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { pageOf, pageQuerySchema } from "../../shared/api";
import { cleanErrorText } from "../../shared/error-text";
import { createDockSchema, discoverAccountsSchema, discoveredAccountsSchema, dockSchema, updateDockSchema } from "../../shared/docks";
import { ProviderError } from "../../adapters/errors";
import { getAdapter } from "../../adapters/registry";
import type { Adapter, ProviderContext } from "../../adapters/types";
import type { Router } from "../app";
import type { AppEnv } from "../context";
import type { DockRow } from "../../core/db/client";
import { docks } from "../../core/db/schema";
import { ApiError, notFound } from "../lib/errors";
import { idCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import { newId } from "../../core/ids";
import { orgAccess } from "../middleware/org-access";
import { actorOf, audit } from "../services/audit";
import { auditInsert } from "../../core/audit";
import { checkBaseUrl } from "../services/base-url-policy";
import { outboundPolicyOf } from "../../core/outbound";
import { newWebhookSecret, sealCredentials, sealedColumns, sealWebhookSecret, webhookSecretColumns } from "../../core/dock-credentials";
import { parseCredentials, providerFailure } from "../services/docks";
import { dockView, loadDockKinds, toDock } from "../../core/mappers/dock";
import { notifyDockChanged } from "../services/org-hub";
import { commonErrors, jsonBody, jsonContent, noContent, orgParams, providerUnavailableError, signedIn, unprocessableError } from "./openapi-helpers";

const dockParams = orgParams.extend({ dockId: z.string().min(1).max(64) });

export async function findDock(c: Context<AppEnv>, dockId: string): Promise<DockRow> {
  const dock = await c.get("db").select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, c.get("org").orgId))).get();
  if (!dock) throw notFound("dock");
  return dock;
}

/**
 * Asks the provider something with credentials someone just entered (do they work, which accounts do they
 * see); a refusal is recorded and explained, and nothing is stored.
 */
async function askProvider<T>(c: Context<AppEnv>, adapter: Adapter, baseUrl: string | null, targetId: string | undefined, ask: (ctx: ProviderContext) => Promise<T>): Promise<T> {
  try {
    // Someone is waiting on this request: a rate limit is reported, not sat out.
    return await ask({ baseUrl: baseUrl ?? adapter.defaultBaseUrl, maxRateLimitWaitMs: 0, timeoutMs: 10_000, outbound: outboundPolicyOf(c.get("config")) });
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

/**
 * Validates the credentials and settles the dock's scope: none asked, every account (null); else each id
 * asked must be one the credentials see, or the request is refused naming it and what they do see.
 */
async function credentialsAndScope(c: Context<AppEnv>, adapter: Adapter, credentials: Record<string, string>, baseUrl: string | null, scope: readonly string[] | null | undefined, targetId?: string) {
  if (!scope) {
    const account = await askProvider(c, adapter, baseUrl, targetId, (ctx) => adapter.validate(credentials, ctx));
    return { account, scope: null };
  }
  const accounts = await askProvider(c, adapter, baseUrl, targetId, (ctx) => adapter.accounts(credentials, ctx));
  const known = new Set(accounts.map((a) => a.id));
  const unknown = scope.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    const seen = accounts.map((a) => a.id).join(", ");
    throw new ApiError("bad_request", `invalid body: scope.${unknown}: "${scope[unknown]}" is not an account these credentials see (they see: ${seen})`, {
      details: { issues: [{ field: `scope.${unknown}`, message: "not an account these credentials see" }] },
    });
  }
  const names = accounts.filter((a) => scope.includes(a.id)).map((a) => a.name);
  return { account: { id: scope.join(","), name: names.join(", ") }, scope: [...scope] };
}

/** Dock ids grow with time (`newId` puts the time first), so newest first is by id. */
const DOCKS_NEWEST_FIRST = keyset<DockRow>({ columns: [{ expr: docks.id, type: "text", read: (d) => d.id }], order: "desc", format: idCursor("dck") });

function knownAdapter(provider: string): Adapter {
  const adapter = getAdapter(provider);
  if (adapter) return adapter;
  throw new ApiError("bad_request", `invalid body: provider: unknown provider "${provider}"; see GET /api/providers`, {
    details: { issues: [{ field: "provider", message: "unknown provider" }] },
  });
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
      const db = c.get("db");
      const page = await readKeysetPage(DOCKS_NEWEST_FIRST, c.req.valid("query"), (range, n) =>
        db.select().from(docks).where(and(eq(docks.organizationId, c.get("org").orgId), ...range.where)).orderBy(...range.orderBy).limit(n),
      );
      const kinds = await loadDockKinds(db, page.items.map((d) => d.id));
      return c.json(mapPage(page, (d) => toDock(d, kinds.get(d.id) ?? [])), 200);
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
      responses: { 201: jsonContent(dockSchema, "Connected"), ...commonErrors, ...unprocessableError, ...providerUnavailableError },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const adapter = knownAdapter(input.provider);
      const credentials = parseCredentials(adapter, input.credentials);
      const baseUrl = checkBaseUrl(c.get("config"), input.baseUrl);
      const { account, scope } = await credentialsAndScope(c, adapter, credentials, baseUrl, input.scope);

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
            scope,
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
          metadata: { name: input.name, provider: adapter.id, account: account.name, baseUrl, scope: scope ? scope.join(",") : "all" },
        }),
      ]);
      await notifyDockChanged(c.env, orgId, id);
      // Nothing listed yet: its kinds appear with its first run.
      return c.json(toDock(row!, []), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/docks/accounts",
      operationId: "discoverDockAccounts",
      security: signedIn,
      tags: ["docks"],
      summary: "The accounts, teams or organizations credentials see, for a dock to cover one or all of; nothing is stored",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: orgParams, ...jsonBody(discoverAccountsSchema) },
      responses: { 200: jsonContent(discoveredAccountsSchema, "The accounts"), ...commonErrors, ...unprocessableError, ...providerUnavailableError },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const adapter = knownAdapter(input.provider);
      const credentials = parseCredentials(adapter, input.credentials);
      const baseUrl = checkBaseUrl(c.get("config"), input.baseUrl);
      const accounts = await askProvider(c, adapter, baseUrl, undefined, (ctx) => adapter.accounts(credentials, ctx));
      return c.json({ accounts }, 200);
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
      responses: { 200: jsonContent(dockSchema, "Updated"), ...commonErrors, ...unprocessableError, ...providerUnavailableError },
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
      if (input.scope && input.credentials === undefined) {
        // Which accounts there are is the provider's answer to the credentials; the stored ones stay sealed here.
        throw new ApiError("bad_request", "invalid body: credentials: choosing accounts requires entering the credentials again in the same request", {
          details: { issues: [{ field: "credentials", message: "required when scope names accounts" }] },
        });
      }
      if (input.scope === null && dock.scope !== null) {
        changes.scope = null;
        changed.push("scope");
      }
      if (input.credentials !== undefined) {
        const credentials = parseCredentials(adapter, input.credentials);
        const settled = await credentialsAndScope(c, adapter, credentials, baseUrl, input.scope === undefined ? dock.scope : input.scope, dock.id);
        if (input.scope) {
          changes.scope = settled.scope;
          changed.push("scope");
        }
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
