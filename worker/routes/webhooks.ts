import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "hono";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { ProviderError } from "../../adapters/errors";
import { getAdapter } from "../../adapters/registry";
import type { WebhookAction } from "../../adapters/types";
import type { Router } from "../app";
import type { AppEnv } from "../context";
import type { DockRow } from "../../core/db/client";
import { createDb } from "../../core/db/client";
import { docks } from "../../core/db/schema";
import { configFrom } from "../../core/config";
import { sha256Hex } from "../../core/crypto";
import { ApiError, notFound } from "../lib/errors";
import { orgAccess } from "../middleware/org-access";
import { actorOf, audit } from "../services/audit";
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret, webhookSecretColumns } from "../../core/dock-credentials";
import { orgHub } from "../services/org-hub";
import { deliveredBefore, recordDelivery } from "../services/webhook-deliveries";
import { deliveryIsAuthentic, webhookPath } from "../services/webhook-verification";
import { countRefusedDelivery } from "../services/webhook-refusals";
import { providerWebhookSecretSchema, webhookSettingsSchema } from "../../shared/webhooks";
import { findDock } from "./docks";
import { commonErrors, jsonContent, orgParams, signedIn } from "./openapi-helpers";

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;


const dockParams = orgParams.extend({ dockId: z.string().min(1).max(64) });

async function storeSecret(c: Context<AppEnv>, dock: DockRow, secret: string): Promise<string> {
  const sealed = await sealWebhookSecret(c.get("config"), secret, dock.organizationId, dock.id);
  await c.get("db").update(docks).set(webhookSecretColumns(sealed)).where(eq(docks.id, dock.id));
  return secret;
}

function webhookInfo(c: Context<AppEnv>, dock: DockRow, secret: string | null) {
  const webhooks = getAdapter(dock.provider)?.webhooks;
  return {
    url: `${new URL(c.req.url).origin}${webhookPath(webhooks, dock.provider, dock.id, secret)}`,
    secret,
    secretSource: webhooks?.secretSource ?? null,
    supported: webhooks !== undefined,
    setupHelp: webhooks?.setupHelp ?? null,
  };
}

export function registerWebhookRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/docks/{dockId}/webhook",
      operationId: "getWebhookSettings",
      security: signedIn,
      tags: ["webhooks"],
      summary: "The URL and secret to paste into the provider's webhook settings",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams },
      responses: { 200: jsonContent(webhookSettingsSchema, "Webhook settings"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const issuedByProvider = getAdapter(dock.provider)?.webhooks?.secretSource === "provider";
      const stored = await openWebhookSecret(c.get("config"), dock);
      const secret = stored ?? (issuedByProvider ? null : await storeSecret(c, dock, newWebhookSecret()));
      await audit(c, { organizationId: dock.organizationId, action: "webhook.secret_read", targetType: "dock", targetId: dock.id });
      return c.json(webhookInfo(c, dock, secret), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/docks/{dockId}/webhook/rotate",
      operationId: "rotateWebhookSecret",
      security: signedIn,
      tags: ["webhooks"],
      summary: "Replace the webhook secret; deliveries signed with the old one are refused from now on",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams },
      responses: { 200: jsonContent(webhookSettingsSchema, "The new settings"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      if (getAdapter(dock.provider)?.webhooks?.secretSource === "provider") {
        throw new ApiError("bad_request", "this provider issues the webhook secret: create a new one in its webhook settings and paste it in with PUT …/webhook");
      }
      const secret = await storeSecret(c, dock, newWebhookSecret());
      await audit(c, { organizationId: dock.organizationId, action: "webhook.rotate", targetType: "dock", targetId: dock.id });
      return c.json(webhookInfo(c, dock, secret), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/orgs/{orgId}/docks/{dockId}/webhook",
      operationId: "setProviderWebhookSecret",
      security: signedIn,
      tags: ["webhooks"],
      summary: "Store the secret the provider issued for its webhook; deliveries signed with any other are refused",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams, body: { content: { "application/json": { schema: providerWebhookSecretSchema } }, required: true } },
      responses: { 200: jsonContent(webhookSettingsSchema, "The new settings"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const webhooks = getAdapter(dock.provider)?.webhooks;
      if (!webhooks) throw new ApiError("bad_request", "this provider sends no webhooks");
      if (webhooks.secretSource !== "provider") throw new ApiError("bad_request", "EdgeDock makes this provider's webhook secret: read it with GET …/webhook or replace it with POST …/webhook/rotate");
      const secret = await storeSecret(c, dock, c.req.valid("json").secret);
      await audit(c, { organizationId: dock.organizationId, action: "webhook.secret_set", targetType: "dock", targetId: dock.id });
      return c.json(webhookInfo(c, dock, secret), 200);
    },
  );

  /**
   * Deliveries from providers: no session, the signature is the authentication. Verified over the raw
   * bytes; then the delivery must name itself (its id) and its body must be of the event it claims, since
   * neither the id nor the event name is signed; a delivery handled before, by id or by the digest of its
   * body, is acknowledged and dropped; what the payload says goes to the dock's hub.
   */
  app.on(
    "POST",
    // The token segment is only for providers that sign nothing (`url_token`); it is the dock's secret.
    ["/webhooks/:provider/:dockId", "/webhooks/:provider/:dockId/:urlToken"],
    bodyLimit({
      maxSize: MAX_WEBHOOK_BODY_BYTES,
      onError: () => {
        throw new ApiError("payload_too_large", "webhook body is larger than 1 MB");
      },
    }),
    async (c) => {
      const db = createDb(c.env.DB);
      c.set("db", db);
      c.set("config", configFrom(c.env));
      c.set("principal", null);
      const { provider, dockId } = c.req.param();
      const urlToken = c.req.param("urlToken");
      const dock = await db.select().from(docks).where(and(eq(docks.id, dockId), eq(docks.provider, provider))).get();
      const webhooks = dock ? getAdapter(dock.provider)?.webhooks : undefined;
      if (!dock || !webhooks) throw notFound("webhook endpoint");
      const headers = c.req.raw.headers;

      const raw = new Uint8Array(await c.req.arrayBuffer());
      const secret = await openWebhookSecret(c.get("config"), dock);
      if (!(await deliveryIsAuthentic(webhooks, secret, urlToken, { rawBody: raw, headers, url: new URL(c.req.url) }))) {
        await countRefusedDelivery(db, actorOf(c), { dockId: dock.id, organizationId: dock.organizationId, reason: "signature missing or invalid" });
        throw new ApiError("unauthorized", "webhook signature is missing or invalid");
      }

      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        throw new ApiError("bad_request", "webhook body is not JSON");
      }
      const deliveryId = webhooks.deliveryId(headers, body);
      if (!deliveryId) throw new ApiError("bad_request", `${webhooks.deliveryIdSource} is missing, empty or malformed: every delivery must carry its id`);
      const mismatch = webhooks.eventMismatch(headers, body);
      if (mismatch) throw new ApiError("bad_request", `webhook refused: ${mismatch}`);

      const key = { dockId: dock.id, deliveryId, bodyDigest: await sha256Hex(raw) };
      if (await deliveredBefore(db, key)) return c.json({ status: "duplicate" }, 200);

      let action: WebhookAction;
      try {
        action = webhooks.interpret(headers, body);
      } catch (err) {
        if (err instanceof ProviderError) throw new ApiError("unprocessable", err.message);
        throw err;
      }
      const record = () => recordDelivery(db, key, action.event);
      if (action.type === "ignore") {
        await record();
        return c.json({ status: "ignored", event: action.event }, 202);
      }
      if (action.type === "ack") {
        await record();
        return c.json({ status: "ok", event: action.event }, 200);
      }
      const result = await (await orgHub(c.env, dock.organizationId)).applyWebhook(dock.id, action);
      // Recorded once handled, so a delivery that failed on our side is taken again when the provider retries.
      await record();
      return c.json({ status: "accepted", event: action.event, runId: result.runId, resync: result.resync }, 202);
    },
  );
}
