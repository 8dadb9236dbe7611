import { createRemoteJWKSet, jwtVerify } from "jose";
import type { JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Config } from "../../core/config";
import { oidcConfigProblem } from "../../core/config";
import { ApiError } from "../lib/errors";

const discoverySchema = z.object({ jwks_uri: z.url() });

const claimsSchema = z.object({
  sub: z.string().min(1),
  exp: z.number(),
  email: z.email().optional(),
  email_verified: z.boolean().optional(),
  name: z.string().optional(),
});
/** `emailVerified` is true only when the token itself asserts `email_verified: true`. */
/** `expiresAt` (epoch ms) is the token's `exp`: a live socket opened with it must close then. */
export type OidcIdentity = { subject: string; email: string; emailVerified: boolean; name: string; expiresAt: number };

/** Seconds of clock difference between us and the issuer still accepted for exp, nbf and iat. */
export const OIDC_CLOCK_TOLERANCE_SECONDS = 30;

export class OidcError extends Error {
  override name = "OidcError";
}

const keySets = new Map<string, Promise<JWTVerifyGetKey>>();

/** Finds the issuer's JWKS through OpenID discovery, falling back to Clerk's well-known path. */
async function jwksFor(config: Config): Promise<JWTVerifyGetKey> {
  const issuer = config.OIDC_ISSUER!;
  const cacheKey = `${issuer}|${config.OIDC_JWKS_URL ?? ""}`;
  let keys = keySets.get(cacheKey);
  if (!keys) {
    keys = (async () => {
      let jwksUrl = config.OIDC_JWKS_URL || "";
      if (!jwksUrl) {
        const base = issuer.replace(/\/$/, "");
        const res = await fetch(`${base}/.well-known/openid-configuration`).catch(() => null);
        const parsed = res?.ok ? discoverySchema.safeParse(await res.json().catch(() => null)) : null;
        jwksUrl = parsed?.success ? parsed.data.jwks_uri : `${base}/.well-known/jwks.json`;
      }
      return createRemoteJWKSet(new URL(jwksUrl));
    })();
    keys.catch(() => keySets.delete(cacheKey));
    keySets.set(cacheKey, keys);
  }
  return keys;
}

export function oidcEnabled(config: Config): boolean {
  return Boolean(config.OIDC_ISSUER);
}

export async function verifyOidcToken(config: Config, jwt: string): Promise<OidcIdentity> {
  const problem = oidcConfigProblem(config);
  if (problem) {
    // The operator's mistake, not the caller's: a 503 that says what to set, and one line in the logs.
    console.error(JSON.stringify({ level: "error", msg: "oidc misconfigured", problem }));
    throw new ApiError("unavailable", problem);
  }
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(jwt, await jwksFor(config), {
      issuer: config.OIDC_ISSUER!,
      audience: config.OIDC_AUDIENCE!.trim(),
      algorithms: ["RS256", "ES256", "EdDSA"],
      // A token without an expiry would be a credential for ever.
      requiredClaims: ["exp"],
      clockTolerance: OIDC_CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (err) {
    throw new OidcError(`identity token rejected: ${err instanceof Error ? err.message : "verification failed"}`);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new OidcError("identity token claims are malformed: it needs a subject (sub) and an expiry (exp), and email_verified, when present, must be a boolean");
  if (!claims.data.email || claims.data.email_verified === false) {
    throw new OidcError("identity token must carry a verified email claim");
  }
  const email = claims.data.email.toLowerCase();
  return { subject: claims.data.sub, email, emailVerified: claims.data.email_verified === true, name: claims.data.name ?? email.split("@")[0]!, expiresAt: claims.data.exp * 1000 };
}
