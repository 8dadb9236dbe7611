import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "hono";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { ProviderError } from "../../adapters/errors";
import { getAdapter } from "../../adapters/registry";
import type { Router } from "../app";
import type { AppEnv } from "../context";
import type { DockRow } from "../db/client";
import { createDb } from "../db/client";
import { docks } from "../db/schema";
import { configFrom } from "../env";
import { sha256Hex } from "../lib/crypto";
import { ApiError, notFound } from "../lib/errors";
import { orgAccess } from "../middleware/org-access";
import { actorOf, audit } from "../services/audit";
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret, webhookSecretColumns } from "../services/dock-credentials";
import { orgHub } from "../services/org-hub";
import { deliveredBefore, recordDelivery } from "../services/webhook-deliveries";
import { countRefusedDelivery } from "../services/webhook-refusals";
import { findDock } from "./docks";
import { commonErrors, jsonContent, orgParams } from "./openapi-helpers";

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

const webhookInfoSchema = z.object({
  url: z.string(),
  secret: z.string(),
  supported: z.boolean(),
  setupHelp: z.string().nullable(),
});
const dockParams = orgParams.extend({ dockId: z.string().min(1).max(64) });

function webhookUrl(c: Context<AppEnv>, dock: DockRow): string {
  return `${new URL(c.req.url).origin}/webhooks/${dock.provider}/${dock.id}`;
}

async function storeNewSecret(c: Context<AppEnv>, dock: DockRow): Promise<string> {
  const secret = newWebhookSecret();
  const sealed = await sealWebhookSecret(c.get("config"), secret, dock.organizationId, dock.id);
  await c.get("db").update(docks).set(webhookSecretColumns(sealed)).where(eq(docks.id, dock.id));
  return secret;
}

export function registerWebhookRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/docks/{dockId}/webhook",
      tags: ["webhooks"],
      summary: "The URL and secret to paste into the provider's webhook settings",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams },
      responses: { 200: jsonContent(webhookInfoSchema, "Webhook settings"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const webhooks = getAdapter(dock.provider)?.webhooks;
      const secret = (await openWebhookSecret(c.get("config"), dock)) ?? (await storeNewSecret(c, dock));
      await audit(c, { organizationId: dock.organizationId, action: "webhook.secret_read", targetType: "dock", targetId: dock.id });
      return c.json({ url: webhookUrl(c, dock), secret, supported: webhooks !== undefined, setupHelp: webhooks?.setupHelp ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/docks/{dockId}/webhook/rotate",
      tags: ["webhooks"],
      summary: "Replace the webhook secret; deliveries signed with the old one are refused from now on",
      middleware: [orgAccess("docks", "full")] as const,
      request: { params: dockParams },
      responses: { 200: jsonContent(webhookInfoSchema, "The new settings"), ...commonErrors },
    }),
    async (c) => {
      const dock = await findDock(c, c.req.valid("param").dockId);
      const webhooks = getAdapter(dock.provider)?.webhooks;
      const secret = await storeNewSecret(c, dock);
      await audit(c, { organizationId: dock.organizationId, action: "webhook.rotate", targetType: "dock", targetId: dock.id });
      return c.json({ url: webhookUrl(c, dock), secret, supported: webhooks !== undefined, setupHelp: webhooks?.setupHelp ?? null }, 200);
    },
  );

  /**
   * Deliveries from providers: no session, the signature is the authentication. Verified over the raw
   * bytes; then the delivery must name itself (its id) and its body must be of the event it claims, since
   * neither the id nor the event name is signed; a delivery handled before, by id or by the digest of its
   * body, is acknowledged and dropped; what the payload says goes to the dock's hub.
   */
  app.post(
    "/webhooks/:provider/:dockId",
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
      const dock = await db.select().from(docks).where(and(eq(docks.id, dockId), eq(docks.provider, provider))).get();
      const webhooks = dock ? getAdapter(dock.provider)?.webhooks : undefined;
      if (!dock || !webhooks) throw notFound("webhook endpoint");
      const headers = c.req.raw.headers;

      const raw = new Uint8Array(await c.req.arrayBuffer());
      const secret = await openWebhookSecret(c.get("config"), dock);
      if (!secret || !(await webhooks.verify(secret, raw, headers))) {
        await countRefusedDelivery(db, actorOf(c), { dockId: dock.id, organizationId: dock.organizationId, reason: "signature missing or invalid" });
        throw new ApiError("unauthorized", "webhook signature is missing or invalid");
      }

      const deliveryId = webhooks.deliveryId(headers);
      if (!deliveryId) throw new ApiError("bad_request", `the ${webhooks.deliveryIdHeader} header is missing, empty or malformed: every delivery must carry its id`);

      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        throw new ApiError("bad_request", "webhook body is not JSON");
      }
      const mismatch = webhooks.eventMismatch(headers, body);
      if (mismatch) throw new ApiError("bad_request", `webhook refused: ${mismatch}`);

      const key = { dockId: dock.id, deliveryId, bodyDigest: await sha256Hex(raw) };
      if (await deliveredBefore(db, key)) return c.json({ status: "duplicate" }, 200);

      let action;
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
