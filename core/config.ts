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
  // Optional vars are declared as "" in wrangler.toml, so empty means unset for the mail settings.
  /** The sender of account mail, e.g. `EdgeDock <no-reply@example.com>`; with RESEND_API_KEY it turns on the Resend mailer. */
  MAIL_FROM: z.string().optional(),
  RESEND_API_KEY: z.string().optional(),
  /** The dashboard's public origin for links in mail; the request's own origin when unset. */
  APP_URL: z.union([z.url({ protocol: /^https?$/, error: "APP_URL must be an http(s) URL" }), z.literal("")]).optional(),
  /** The running version of the Worker (the version metadata binding); absent where it is not bound. */
  CF_VERSION_METADATA: z.object({ id: z.string().min(1) }).optional(),
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

/**
 * Why the identity-provider sign-in cannot run, or null when it can. Checked where a bearer JWT arrives
 * rather than at start-up, so a half-configured issuer closes only that door and the rest of the app works:
 * without an audience, a token the same issuer minted for any other application would be accepted here.
 */
export function oidcConfigProblem(config: Config): string | null {
  if (!config.OIDC_ISSUER) return null;
  if (!config.OIDC_AUDIENCE?.trim()) {
    return "identity-provider sign-in is disabled: OIDC_ISSUER is set but OIDC_AUDIENCE is not; set OIDC_AUDIENCE to the audience (aud) your identity provider puts in tokens for EdgeDock";
  }
  return null;
}
