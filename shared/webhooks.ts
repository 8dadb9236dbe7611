import { z } from "zod";

/**
 * Who makes a dock's webhook secret (see `WebhookSecretSource` in adapters/types.ts): EdgeDock, to be pasted
 * into the provider; the provider, to be pasted into EdgeDock; or nobody, because the provider signs nothing
 * and the webhook URL carries a token instead.
 */
export const WEBHOOK_SECRET_SOURCES = ["edgedock", "provider", "url_token"] as const;
export const webhookSecretSourceSchema = z.enum(WEBHOOK_SECRET_SOURCES);
export type WebhookSecretSource = z.infer<typeof webhookSecretSourceSchema>;

export const webhookSettingsSchema = z.object({
  /** For a provider that signs nothing, the URL carries the secret token: it is as secret as `secret`. */
  url: z.string(),
  /** Null while a provider-issued secret has not been pasted in. */
  secret: z.string().nullable(),
  secretSource: webhookSecretSourceSchema
    .nullable()
    .describe("Who makes the secret: EdgeDock (paste it into the provider), the provider (paste theirs in with PUT), or nobody signs and the URL carries a token"),
  supported: z.boolean(),
  setupHelp: z.string().nullable(),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

/** The secret a provider issued for its webhook, pasted into EdgeDock. */
export const providerWebhookSecretSchema = z
  .object({ secret: z.string().trim().min(8, "secret must be at least 8 characters").max(1024, "secret must be at most 1024 characters") })
  .strict();
export type ProviderWebhookSecretInput = z.infer<typeof providerWebhookSecretSchema>;
