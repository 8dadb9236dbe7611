import type { WebhookDelivery, WebhookSupport } from "../../adapters/types";
import { utf8 } from "../../core/encoding";
import { timingSafeEqual } from "../../core/crypto";

/** Equal strings, compared by their SHA-256 digests in constant time, so neither length nor position is timed. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([crypto.subtle.digest("SHA-256", utf8.encode(a)), crypto.subtle.digest("SHA-256", utf8.encode(b))]);
  return timingSafeEqual(new Uint8Array(da), new Uint8Array(db));
}

/**
 * Whether a delivery proves it came from the provider, by the provider's way: its signature under the dock's
 * secret, or — for a provider that signs nothing — the token in the URL it was posted to. A dock without a
 * secret yet (one the provider issues, not pasted in) takes nothing; a token on the URL of a provider that
 * signs is refused too, so each dock has exactly one way in.
 */
export async function deliveryIsAuthentic(webhooks: WebhookSupport, secret: string | null, urlToken: string | undefined, delivery: WebhookDelivery): Promise<boolean> {
  if (!secret) return false;
  if (webhooks.secretSource === "url_token") return urlToken !== undefined && (await sameSecret(urlToken, secret));
  if (urlToken !== undefined) return false;
  return webhooks.verify(secret, delivery);
}

/** Where the provider posts: for a provider that signs nothing, the URL carries the secret token. */
export function webhookPath(webhooks: WebhookSupport | undefined, provider: string, dockId: string, secret: string | null): string {
  const path = `/webhooks/${provider}/${dockId}`;
  return webhooks?.secretSource === "url_token" && secret ? `${path}/${secret}` : path;
}
