import { and, eq, gte, lt, or } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { webhookDeliveries } from "../../core/db/schema";
import { forgetPastRefusals } from "./webhook-refusals";

/**
 * How long a handled delivery is remembered, by id and by body digest. GitHub lets a delivery be redelivered
 * for 3 days, under the same delivery id and with the same body: inside that window every repeat of a
 * delivery we handled is one we must drop, whether it comes from the provider or from someone replaying a
 * signed body under another id. Beyond it no genuine repeat exists, and a body seen again is taken again
 * (neither the id nor a timestamp is signed, so an older replay cannot be told from a new event).
 */
export const WEBHOOK_REPLAY_WINDOW_MS = 3 * 24 * 3600 * 1000;

export interface DeliveryKey {
  dockId: string;
  deliveryId: string;
  /** SHA-256 hex of the raw body, as signed. */
  bodyDigest: string;
}

/** True when this dock handled the same delivery id, or the same signed body, inside the replay window. */
export async function deliveredBefore(db: Db, key: DeliveryKey, now = Date.now()): Promise<boolean> {
  const row = await db
    .select({ id: webhookDeliveries.deliveryId })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.dockId, key.dockId),
        gte(webhookDeliveries.receivedAt, new Date(now - WEBHOOK_REPLAY_WINDOW_MS)),
        or(eq(webhookDeliveries.deliveryId, key.deliveryId), eq(webhookDeliveries.bodyDigest, key.bodyDigest)),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

/**
 * Records a handled delivery. A row for the same id left from before the window is replaced, so the body
 * taken again is remembered again.
 */
export function recordDelivery(db: Db, key: DeliveryKey, event: string, now = Date.now()) {
  const receivedAt = new Date(now);
  return db
    .insert(webhookDeliveries)
    .values({ ...key, event, receivedAt })
    .onConflictDoUpdate({ target: [webhookDeliveries.dockId, webhookDeliveries.deliveryId], set: { event, bodyDigest: key.bodyDigest, receivedAt } });
}

/** Run by the cron: what the replay window no longer needs, and refusal counters of minutes gone by. */
export async function forgetOldDeliveries(db: Db, now = Date.now()): Promise<void> {
  await db.batch([db.delete(webhookDeliveries).where(lt(webhookDeliveries.receivedAt, new Date(now - WEBHOOK_REPLAY_WINDOW_MS))), forgetPastRefusals(db, now)]);
}
