import type { Config } from "./config";
import type { DockRow } from "./db/client";
import { keyRingFor, seal, unseal } from "./credentials-cipher";
import type { Sealed } from "./credentials-cipher";

/** Credentials are sealed as one JSON object, bound to their organization and dock. */
export async function sealCredentials(config: Config, credentials: Record<string, string>, organizationId: string, dockId: string): Promise<Sealed> {
  return seal(await keyRingFor(config.CREDENTIALS_KEYS), JSON.stringify(credentials), { organizationId, dockId });
}

/** Callers audit `credential.decrypt` beside this: plaintext credentials are never handled silently. */
export async function openCredentials(config: Config, dock: DockRow): Promise<Record<string, string>> {
  const plaintext = await unseal(
    await keyRingFor(config.CREDENTIALS_KEYS),
    { ciphertext: dock.credentialsCiphertext, iv: dock.credentialsIv, keyId: dock.credentialsKeyId },
    { organizationId: dock.organizationId, dockId: dock.id },
  );
  return JSON.parse(plaintext) as Record<string, string>;
}

export const sealedColumns = (sealed: Sealed) => ({
  credentialsCiphertext: sealed.ciphertext,
  credentialsIv: sealed.iv,
  credentialsKeyId: sealed.keyId,
});

/** Webhook secrets: sealed with the same keys, bound to the dock under their own purpose. */
export async function sealWebhookSecret(config: Config, secret: string, organizationId: string, dockId: string): Promise<Sealed> {
  return seal(await keyRingFor(config.CREDENTIALS_KEYS), secret, { organizationId, dockId, purpose: "webhook-secret" });
}

export async function openWebhookSecret(config: Config, dock: DockRow): Promise<string | null> {
  if (!dock.webhookSecretCiphertext || !dock.webhookSecretIv || !dock.webhookSecretKeyId) return null;
  return unseal(
    await keyRingFor(config.CREDENTIALS_KEYS),
    { ciphertext: dock.webhookSecretCiphertext, iv: dock.webhookSecretIv, keyId: dock.webhookSecretKeyId },
    { organizationId: dock.organizationId, dockId: dock.id, purpose: "webhook-secret" },
  );
}

export const webhookSecretColumns = (sealed: Sealed) => ({
  webhookSecretCiphertext: sealed.ciphertext,
  webhookSecretIv: sealed.iv,
  webhookSecretKeyId: sealed.keyId,
});

/** A new webhook secret: 32 random bytes, URL-safe, as providers accept in their settings. */
export { randomToken as newWebhookSecret } from "./crypto";
