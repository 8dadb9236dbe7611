import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createOrg, PASSWORD, signUp } from "../../test/helpers";
import { idToken } from "../../test/id-tokens";

interface MeBody {
  user: { id: string; email: string; name: string };
  memberships: { orgId: string }[];
}

const verifiedAt = (userId: string) =>
  env.DB.prepare("SELECT email_verified_at AS at FROM users WHERE id = ?").bind(userId).first<{ at: number | null }>().then((r) => r!.at);

describe("an external identity provider's bearer JWT", () => {
  it("is verified against the issuer's JWKS and provisions the user by subject", async () => {
    const jwt = await idToken({ sub: "user_2abc", email: "Oidc.Person@example.com", name: "Oidc Person" });
    const first = await api<MeBody>("GET", "/api/me", { token: jwt });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ email: "oidc.person@example.com", name: "Oidc Person" });
    const again = await api<MeBody>("GET", "/api/me", { token: await idToken({ sub: "user_2abc", email: "oidc.person@example.com" }) });
    expect(again.body.user.id).toBe(first.body.user.id);
    const provisioned = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.oidc_provision' AND actor_id = ?").bind(first.body.user.id).first<{ n: number }>();
    expect(provisioned!.n).toBe(1);
  });

  it("marks a provisioned user's address proven only when the token asserts email_verified: true", async () => {
    const unverified = await api<MeBody>("GET", "/api/me", { token: await idToken({ sub: "user_unverified", email: "plain@example.com" }) });
    expect(unverified.status).toBe(200);
    expect(await verifiedAt(unverified.body.user.id)).toBeNull();

    const verified = await api<MeBody>("GET", "/api/me", { token: await idToken({ sub: "user_verified", email: "proven@example.com", email_verified: true }) });
    expect(verified.status).toBe(200);
    expect(await verifiedAt(verified.body.user.id)).toEqual(expect.any(Number));

    // A later token of the same subject that does assert it proves the address from then on.
    await api("GET", "/api/me", { token: await idToken({ sub: "user_unverified", email: "plain@example.com", email_verified: true }) });
    expect(await verifiedAt(unverified.body.user.id)).toEqual(expect.any(Number));
  });

  it("links to an existing password account whose address is proven, when the token asserts email_verified", async () => {
    const { user, cookie } = await signUp("Linked");
    const orgId = await createOrg(cookie, "Linked Org");
    const jwt = await idToken({ sub: "user_linked", email: user.email, email_verified: true });
    const me = await api<MeBody>("GET", "/api/me", { token: jwt });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
    expect(me.body.memberships.map((m) => m.orgId)).toEqual([orgId]);
    const link = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.oidc_link' AND target_id = ?").bind(user.id).first<{ n: number }>();
    expect(link!.n).toBe(1);
  });

  it("does not link to a password account that never confirmed its address, and says why", async () => {
    const email = "unconfirmed.owner@example.com";
    expect((await api("POST", "/api/auth/signup", { body: { email, password: PASSWORD, name: "Unconfirmed" } })).status).toBe(202);
    const res = await api<{ error: { code: string; message: string } }>("GET", "/api/me", { token: await idToken({ sub: "user_claimer", email, email_verified: true }) });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not confirmed its address/);
    const row = await env.DB.prepare("SELECT oidc_subject AS subject FROM users WHERE email = ?").bind(email).first<{ subject: string | null }>();
    expect(row!.subject).toBeNull();
  });

  it("is refused when the audience, issuer, expiry or signature is wrong, the email is unverified, or exp is missing", async () => {
    const cases = [
      await idToken({ sub: "a", email: "a@example.com" }, { audience: "someone-else" }),
      await idToken({ sub: "a", email: "a@example.com" }, { issuer: "https://evil.example" }),
      await idToken({ sub: "a", email: "a@example.com" }, { expiresIn: "-1m" }),
      await idToken({ sub: "a", email: "a@example.com" }, { expiresIn: null }),
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

  it("tolerates a small clock difference, not a large one", async () => {
    expect((await api("GET", "/api/me", { token: await idToken({ sub: "skewed", email: "skew@example.com" }, { expiresIn: "-10s" }) })).status).toBe(200);
    expect((await api("GET", "/api/me", { token: await idToken({ sub: "skewed", email: "skew@example.com" }, { expiresIn: "-2m" }) })).status).toBe(401);
  });
});
