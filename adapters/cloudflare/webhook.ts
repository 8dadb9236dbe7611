/**
 * Cloudflare Notifications delivered to a generic webhook destination. Cloudflare signs nothing: when the
 * destination has a secret, every delivery carries it verbatim in the `cf-webhook-auth` header. EdgeDock makes
 * the secret (`edgedock`); it is pasted into the destination's Secret field, which Cloudflare never shows again.
 * Events name an alert type, not the resource as it now is, so each becomes a targeted re-sync of its kinds.
 */
import { z } from "zod";
import { ProviderError } from "../errors";
import type { WebhookAction, WebhookDelivery, WebhookSupport } from "../types";
import type { ResourceKind } from "../../shared/resources";
import { PROVIDER_NAME } from "./client";

const encoder = new TextEncoder();

/** Equal strings, compared as SHA-256 digests so neither their length nor their first difference shows in the time taken. */
export async function sameSecret(expected: string, given: string | null): Promise<boolean> {
  if (!expected || given === null) return false;
  const [a, b] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(expected)), crypto.subtle.digest("SHA-256", encoder.encode(given))]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/** A notification as the payload schema documents it; `account_id`, `policy_id` and `alert_type` may be absent. */
export const notificationSchema = z.object({
  text: z.string().optional(),
  name: z.string().optional(),
  alert_type: z.string().optional(),
  alert_event: z.string().optional(),
  alert_correlation_id: z.string().optional(),
  account_id: z.string().optional(),
  policy_id: z.string().optional(),
  ts: z.number().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Notification = z.infer<typeof notificationSchema>;

/**
 * The kinds an alert type may have changed, by the families of Cloudflare's alert types: Pages project
 * events, Workers alerts, load-balancing health and pool alerts, certificate and custom-hostname alerts, and
 * zone (and DNS) events. Anything else (health checks, DDoS, billing…) changes nothing EdgeDock lists.
 */
export function kindsOfAlert(alertType: string): ResourceKind[] {
  const type = alertType.toLowerCase();
  if (type.startsWith("pages_")) return ["web_service", "deployment"];
  if (type.startsWith("workers_") || type.includes("worker")) return ["web_service"];
  if (type.startsWith("load_balancing_")) return ["load_balancer"];
  if (type.includes("ssl") || type.includes("certificate") || type.includes("custom_hostname")) return ["certificate"];
  if (type.startsWith("zone_") || type.includes("dns")) return ["domain", "dns_record"];
  return [];
}

function readNotification(body: unknown): Notification {
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) throw new ProviderError(PROVIDER_NAME, "contract_violation", `${PROVIDER_NAME} sent a notification EdgeDock cannot read`);
  return parsed.data;
}

export function interpretNotification(body: unknown): WebhookAction {
  const n = readNotification(body);
  // "Save and Test" sends only `{ text }`.
  if (!n.alert_type) return { type: "ack", event: "test" };
  const kinds = kindsOfAlert(n.alert_type);
  return kinds.length > 0 ? { type: "resync", event: n.alert_type, kinds } : { type: "ignore", event: n.alert_type };
}

/**
 * Cloudflare sends no delivery id: a notification is told apart by its alert, its state event (start / end)
 * and its time. The test message has none of these; its text stands in, so repeated tests count once.
 */
export function notificationDeliveryId(body: unknown): string | null {
  const n = notificationSchema.safeParse(body).data;
  if (!n) return null;
  if (!n.alert_type) return n.text ? `test:${n.text.slice(0, 200)}` : null;
  if (!n.alert_correlation_id || n.ts === undefined) return null;
  return `${n.alert_correlation_id}:${n.alert_event ?? ""}:${n.ts}`;
}

export const cloudflareWebhooks: WebhookSupport = {
  secretSource: "edgedock",
  verify: (secret: string, delivery: WebhookDelivery) => sameSecret(secret, delivery.headers.get("cf-webhook-auth")),
  deliveryIdSource: "the notification's alert_correlation_id, alert_event and ts",
  deliveryId: (_headers, body) => notificationDeliveryId(body),
  // No header names the event: the body is all there is, and it is covered by the secret check.
  eventMismatch: () => null,
  interpret: (_headers, body) => interpretNotification(body),
  setupHelp:
    "In the Cloudflare dashboard, go to Notifications → Destinations → Webhooks → Create, paste this URL and this secret (sent back in the cf-webhook-auth header), " +
    "then Save and Test. Add notifications for Pages projects, Workers, load balancing, SSL/TLS certificates and zone events with this webhook as their destination.",
};
