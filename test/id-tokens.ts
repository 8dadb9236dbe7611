/** Tokens signed as the test identity provider that test/global-setup.ts starts (test/oidc-issuer.ts). */
import { env } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { testEnv } from "./test-env";

export const TEST_AUDIENCE = "edgedock-test";

export interface IdTokenOptions {
  audience?: string;
  issuer?: string;
  /** A jose time span ("5m", "-1m"), or null for a token without `exp`. */
  expiresIn?: string | null;
}

export async function idToken(claims: Record<string, unknown>, options: IdTokenOptions = {}): Promise<string> {
  const jwk = JSON.parse(testEnv.TEST_OIDC_PRIVATE_JWK) as { kid: string };
  const key = await importJWK(jwk, "RS256");
  const token = new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
    .setIssuer(options.issuer ?? env.OIDC_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt();
  const expiresIn = options.expiresIn === undefined ? "5m" : options.expiresIn;
  if (expiresIn !== null) token.setExpirationTime(expiresIn);
  return token.sign(key);
}
