import { createRemoteJWKSet, jwtVerify } from "jose";
import type { JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Config } from "../env";

const discoverySchema = z.object({ jwks_uri: z.url() });

const claimsSchema = z.object({
  sub: z.string().min(1),
  email: z.email().optional(),
  email_verified: z.boolean().optional(),
  name: z.string().optional(),
});
export type OidcIdentity = { subject: string; email: string; name: string };

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
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(jwt, await jwksFor(config), {
      issuer: config.OIDC_ISSUER!,
      audience: config.OIDC_AUDIENCE || undefined,
      algorithms: ["RS256", "ES256", "EdDSA"],
    }));
  } catch (err) {
    throw new OidcError(`identity token rejected: ${err instanceof Error ? err.message : "verification failed"}`);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new OidcError("identity token lacks a subject");
  if (!claims.data.email || claims.data.email_verified === false) {
    throw new OidcError("identity token must carry a verified email claim");
  }
  const email = claims.data.email.toLowerCase();
  return { subject: claims.data.sub, email, name: claims.data.name ?? email.split("@")[0]! };
}
