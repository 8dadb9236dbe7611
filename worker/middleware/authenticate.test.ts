import { env } from "cloudflare:workers";
import { testEnv } from "../../test/test-env";
import { importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { api, createOrg, signUp } from "../../test/helpers";

/** Signs a token as the test identity provider started in test/global-setup.ts. */
async function idToken(claims: Record<string, unknown>, options: { audience?: string; issuer?: string; expiresIn?: string } = {}) {
  const jwk = JSON.parse(testEnv.TEST_OIDC_PRIVATE_JWK) as { kid: string };
  const key = await importJWK(jwk, "RS256");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
    .setIssuer(options.issuer ?? env.OIDC_ISSUER)
    .setAudience(options.audience ?? "edgedock-test")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "5m")
    .sign(key);
}

describe("an external identity provider's bearer JWT", () => {
  it("is verified against the issuer's JWKS and provisions the user by subject", async () => {
    const jwt = await idToken({ sub: "user_2abc", email: "Oidc.Person@example.com", name: "Oidc Person" });
    const first = await api<{ user: { id: string; email: string; name: string } }>("GET", "/api/me", { token: jwt });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ email: "oidc.person@example.com", name: "Oidc Person" });
    const again = await api<{ user: { id: string } }>("GET", "/api/me", { token: await idToken({ sub: "user_2abc", email: "oidc.person@example.com" }) });
    expect(again.body.user.id).toBe(first.body.user.id);
    const provisioned = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.oidc_provision' AND actor_id = ?").bind(first.body.user.id).first<{ n: number }>();
    expect(provisioned!.n).toBe(1);
  });

  it("links to an existing password account with the same email", async () => {
    const { user, cookie } = await signUp("Linked");
    const orgId = await createOrg(cookie, "Linked Org");
    const jwt = await idToken({ sub: "user_linked", email: user.email, email_verified: true });
    const me = await api<{ user: { id: string }; memberships: { orgId: string }[] }>("GET", "/api/me", { token: jwt });
    expect(me.body.user.id).toBe(user.id);
    expect(me.body.memberships.map((m) => m.orgId)).toEqual([orgId]);
  });

  it("is refused when the audience, issuer, expiry or signature is wrong, or the email is unverified", async () => {
    const cases = [
      await idToken({ sub: "a", email: "a@example.com" }, { audience: "someone-else" }),
      await idToken({ sub: "a", email: "a@example.com" }, { issuer: "https://evil.example" }),
      await idToken({ sub: "a", email: "a@example.com" }, { expiresIn: "-1m" }),
      await idToken({ sub: "a", email: "a@example.com", email_verified: false }),
      await idToken({ sub: "a" }),
    ];
    const valid = await idToken({ sub: "a", email: "a@example.com" });
    const [head, payload] = valid.split(".");
    cases.push(`${head}.${payload}.${"A".repeat(342)}`);
    for (const jwt of cases) {
      const res = await api<{ error: { code: string } }>("GET", "/api/me", { token: jwt });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });
});
