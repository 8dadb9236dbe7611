import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, PASSWORD, sessionCookie, signUp } from "../../test/helpers";

interface UserBody {
  user: { id: string; email: string; name: string };
}

describe("sign-up", () => {
  it("creates the account, signs in with an HttpOnly SameSite=Lax cookie, and never returns the password", async () => {
    const res = await api<UserBody>("POST", "/api/auth/signup", { body: { email: "Ada@Example.com", password: PASSWORD, name: "Ada" } });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.stringMatching(/^usr_/), email: "ada@example.com", name: "Ada" });
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // Served on localhost, so not Secure; everywhere else it is.
    expect(setCookie).not.toMatch(/Secure/i);
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);

    const me = await api<{ user: { email: string }; memberships: unknown[] }>("GET", "/api/me", { cookie: sessionCookie(res.headers) });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("ada@example.com");
    expect(me.body.memberships).toEqual([]);
  });

  it("stores a salted PBKDF2 hash at the production cap of 100,000 iterations", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "hash1@example.com", password: PASSWORD, name: "A" } });
    await api("POST", "/api/auth/signup", { body: { email: "hash2@example.com", password: PASSWORD, name: "B" } });
    const rows = await env.DB.prepare("SELECT password_hash, password_salt, password_iterations FROM users WHERE email IN ('hash1@example.com','hash2@example.com')").all<{
      password_hash: string;
      password_salt: string;
      password_iterations: number;
    }>();
    expect(rows.results).toHaveLength(2);
    const [a, b] = rows.results;
    expect(a!.password_iterations).toBe(100_000);
    expect(a!.password_salt).not.toBe(b!.password_salt);
    expect(a!.password_hash).not.toBe(b!.password_hash);
    expect(a!.password_hash).not.toContain(PASSWORD);
  });

  it("refuses a taken email with 409, case-insensitively", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "taken@example.com", password: PASSWORD, name: "A" } });
    const res = await api<{ error: { code: string; message: string } }>("POST", "/api/auth/signup", { body: { email: "TAKEN@example.com", password: PASSWORD, name: "B" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
  });

  it("refuses a short password with 400 naming the field", async () => {
    const res = await api<{ error: { code: string; message: string } }>("POST", "/api/auth/signup", { body: { email: "short@example.com", password: "short", name: "A" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/password/);
    expect(res.body.error.message).toMatch(/at least 10/);
  });
});

describe("log-in", () => {
  it("signs in with the right password and records auth.login", async () => {
    const { user } = await signUp("Grace");
    const res = await api<UserBody>("POST", "/api/auth/login", { body: { email: user.email, password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    const cookie = sessionCookie(res.headers);
    expect((await api("GET", "/api/me", { cookie })).status).toBe(200);
    const logins = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login' AND actor_id = ?").bind(user.id).first<{ n: number }>();
    expect(logins!.n).toBe(1);
  });

  it("answers a wrong password and an unknown email alike, and records the failure", async () => {
    const { user } = await signUp("Linus");
    const wrong = await api<{ error: { message: string } }>("POST", "/api/auth/login", { body: { email: user.email, password: "not the password" } });
    const unknown = await api<{ error: { message: string } }>("POST", "/api/auth/login", { body: { email: "nobody@example.com", password: "not the password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    const failures = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login_failed' AND target_id = ?").bind(user.id).first<{ n: number }>();
    expect(failures!.n).toBe(1);
  });

  it("throttles repeated failures for one email with 429 and Retry-After, even with the right password", async () => {
    const { user } = await signUp("Target");
    for (let i = 0; i < 5; i++) {
      expect((await api("POST", "/api/auth/login", { body: { email: user.email, password: `guess-${i}-wrong` } })).status).toBe(401);
    }
    const locked = await api<{ error: { code: string } }>("POST", "/api/auth/login", { body: { email: user.email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("rate_limited");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it("throttles one address spraying many emails", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < 30; i++) {
      await api("POST", "/api/auth/login", { ip, body: { email: `spray${i}@example.com`, password: "wrong password" } });
    }
    const res = await api("POST", "/api/auth/login", { ip, body: { email: "spray-last@example.com", password: "wrong password" } });
    expect(res.status).toBe(429);
    // Another address is unaffected.
    expect((await api("POST", "/api/auth/login", { ip: "203.0.113.78", body: { email: "spray-last@example.com", password: "wrong password" } })).status).toBe(401);
  });
});

describe("log-out", () => {
  it("revokes the session: the same cookie no longer works", async () => {
    const { cookie } = await signUp("Leaving");
    expect((await api("GET", "/api/me", { cookie })).status).toBe(200);
    const out = await api("POST", "/api/auth/logout", { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/edgedock_session=;/);
    expect((await api("GET", "/api/me", { cookie })).status).toBe(401);
  });

  it("stores sessions hashed, not as the cookie value", async () => {
    const { cookie } = await signUp("Hashed");
    const raw = cookie.split("=")[1]!;
    const row = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE token_hash = ?").bind(raw).first<{ n: number }>();
    expect(row!.n).toBe(0);
  });
});

describe("cookie-authenticated mutations", () => {
  it("refuse a foreign Origin, a missing Origin, and a non-JSON body", async () => {
    const { cookie } = await signUp("Csrf");
    const foreign = await api("POST", "/api/orgs", { cookie, body: { name: "X" }, headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const form = await api("POST", "/api/orgs", { cookie, body: "name=X", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const orgs = await api<{ items: unknown[] }>("GET", "/api/orgs", { cookie });
    expect(orgs.body.items).toHaveLength(0);
  });
});
