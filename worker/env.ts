import { z } from "zod";

const flag = z
  .enum(["true", "false", ""])
  .optional()
  .transform((v) => v === "true");

/** The Worker's configuration, validated once per request path that needs it; bad config is a clear error, not undefined behaviour. */
export const configSchema = z.object({
  CREDENTIALS_KEYS: z.string({ error: "CREDENTIALS_KEYS is not set" }).min(1, "CREDENTIALS_KEYS is not set"),
  ALLOW_CUSTOM_BASE_URLS: flag,
  ENVIRONMENT: z.enum(["production", "development", "test"]).default("production"),
  OIDC_ISSUER: z.union([z.url(), z.literal("")]).optional(),
  OIDC_AUDIENCE: z.string().optional(),
  OIDC_JWKS_URL: z.union([z.url(), z.literal("")]).optional(),
});
export type Config = z.infer<typeof configSchema>;

const cache = new WeakMap<object, Config>();

export function configFrom(env: Env): Config {
  let config = cache.get(env);
  if (!config) {
    const parsed = configSchema.safeParse(env);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    config = parsed.data;
    cache.set(env, config);
  }
  return config;
}
