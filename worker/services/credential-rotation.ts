import { and, eq, isNotNull, isNull, ne, or } from "drizzle-orm";
import type { Config } from "../../core/config";
import type { Db } from "../../core/db/client";
import { docks } from "../../core/db/schema";
import { keyRingFor } from "../../core/credentials-cipher";
import { auditInsert, SYSTEM_ACTOR } from "../../core/audit";
import { openCredentials, openWebhookSecret, sealCredentials, sealedColumns, sealWebhookSecret, webhookSecretColumns } from "../../core/dock-credentials";

/**
 * Re-encrypts, with the newest key, every dock whose credentials or webhook secret are still sealed under an
 * older one, a bounded batch per call. Each update is conditional on the old ciphertexts, so a dock whose
 * secrets changed meanwhile is left alone (the next run picks it up if it still needs it).
 */
export async function reencryptStaleCredentials(db: Db, config: Config, limit = 200): Promise<{ reencrypted: number; remaining: boolean }> {
  const ring = await keyRingFor(config.CREDENTIALS_KEYS);
  const stale = await db
    .select()
    .from(docks)
    .where(or(ne(docks.credentialsKeyId, ring.currentKeyId), and(isNotNull(docks.webhookSecretKeyId), ne(docks.webhookSecretKeyId, ring.currentKeyId))))
    .limit(limit + 1);
  let reencrypted = 0;
  for (const dock of stale.slice(0, limit)) {
    const sealed = await sealCredentials(config, await openCredentials(config, dock), dock.organizationId, dock.id);
    const webhookSecret = await openWebhookSecret(config, dock);
    const webhook = webhookSecret === null ? {} : webhookSecretColumns(await sealWebhookSecret(config, webhookSecret, dock.organizationId, dock.id));
    const updated = await db
      .update(docks)
      .set({ ...sealedColumns(sealed), ...webhook })
      .where(
        and(
          eq(docks.id, dock.id),
          eq(docks.credentialsCiphertext, dock.credentialsCiphertext),
          dock.webhookSecretCiphertext === null ? isNull(docks.webhookSecretCiphertext) : eq(docks.webhookSecretCiphertext, dock.webhookSecretCiphertext),
        ),
      )
      .returning({ id: docks.id });
    if (updated.length === 0) continue;
    reencrypted++;
    await auditInsert(db, SYSTEM_ACTOR, {
      organizationId: dock.organizationId,
      action: "credential.reencrypt",
      targetType: "dock",
      targetId: dock.id,
      metadata: { fromKeyId: dock.credentialsKeyId, toKeyId: sealed.keyId },
    });
  }
  return { reencrypted, remaining: stale.length > limit };
}
