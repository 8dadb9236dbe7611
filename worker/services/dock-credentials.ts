import type { Config } from "../env";
import type { DockRow } from "../db/client";
import { keyRingFor, seal, unseal } from "../lib/credentials-cipher";
import type { Sealed } from "../lib/credentials-cipher";

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
