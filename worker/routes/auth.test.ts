import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, PASSWORD, sessionCookie, signUp, verificationTokenFor } from "../../test/helpers";
import { mailTo } from "../services/mailer-outbox";

interface UserBody {
  user: { id: string; email: string; name: string };
}
interface ErrorBody {
  error: { code: string; message: string };
}

const LOGIN_FAILED = /email or password is incorrect\. A new account must first be confirmed through the link we emailed/;

describe("sign-up", () => {
  it("answers 202 without signing in, and mails a link that confirms the address and signs in", async () => {
    const res = await api<{ status: string }>("POST", "/api/auth/signup", { body: { email: "Ada@Example.com", password: PASSWORD, name: "Ada" } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: "verification_sent" });
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);

    const [mail] = mailTo("ada@example.com");
    expect(mail).toMatchObject({ to: "ada@example.com", subject: "Confirm your email address for EdgeDock" });
    expect(mail!.text).toMatch(/^http:\/\/localhost\/verify-email#token=[A-Za-z0-9_-]{43}$/m);

    const verified = await api<UserBody>("POST", "/api/auth/verify-email", { body: { token: verificationTokenFor("ada@example.com") } });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toEqual({ id: expect.stringMatching(/^usr_/), email: "ada@example.com", name: "Ada" });
    const setCookie = verified.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // Served on plain-http localhost, so neither Secure nor __Host-; over https it is both.
    expect(setCookie).not.toMatch(/Secure/i);
    expect(setCookie).toMatch(/^edgedock_session=/);

    const me = await api<{ user: { email: string }; memberships: unknown[] }>("GET", "/api/me", { cookie: sessionCookie(verified.headers) });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("ada@example.com");
    expect(me.body.memberships).toEqual([]);
    const row = await env.DB.prepare("SELECT email_verified_at AS at FROM users WHERE email = 'ada@example.com'").first<{ at: number | null }>();
    expect(row!.at).toEqual(expect.any(Number));
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

  it("answers a taken email (in any case) like a new one, keeps the account as it was, and tells its owner", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "taken@example.com", password: PASSWORD, name: "A" } });
    const before = await env.DB.prepare("SELECT id, name, password_hash FROM users WHERE email = 'taken@example.com'").first();
    const res = await api<{ status: string }>("POST", "/api/auth/signup", { body: { email: "TAKEN@example.com", password: "another long password", name: "B" } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: "verification_sent" });
    expect(await env.DB.prepare("SELECT id, name, password_hash FROM users WHERE email = 'taken@example.com'").first()).toEqual(before);
    const notice = mailTo("taken@example.com").at(-1)!;
    expect(notice.subject).toBe("Someone tried to sign up to EdgeDock with your address");
    expect(notice.text).toContain("http://localhost/login");
    expect(notice.text).not.toContain("verify-email");
  });

  it("refuses a short password with 400 naming the field", async () => {
    const res = await api<ErrorBody>("POST", "/api/auth/signup", { body: { email: "short@example.com", password: "short", name: "A" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/password/);
    expect(res.body.error.message).toMatch(/at least 10/);
  });

  it("allows a handful of sign-ups per address per hour, then answers 429 with Retry-After", async () => {
    const ip = "192.0.2.10";
    for (let i = 0; i < 5; i++) {
      expect((await api("POST", "/api/auth/signup", { ip, body: { email: `quota${i}@example.com`, password: PASSWORD, name: "Q" } })).status).toBe(202);
    }
    const refused = await api<ErrorBody>("POST", "/api/auth/signup", { ip, body: { email: "quota-last@example.com", password: PASSWORD, name: "Q" } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(mailTo("quota-last@example.com")).toEqual([]);
    expect((await api("POST", "/api/auth/signup", { ip: "192.0.2.11", body: { email: "quota-last@example.com", password: PASSWORD, name: "Q" } })).status).toBe(202);
  });
});

describe("email confirmation", () => {
  it("refuses a used, unknown or expired link with 410", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "once@example.com", password: PASSWORD, name: "Once" } });
    const token = verificationTokenFor("once@example.com");
    expect((await api("POST", "/api/auth/verify-email", { body: { token } })).status).toBe(200);
    const again = await api<ErrorBody>("POST", "/api/auth/verify-email", { body: { token } });
    expect(again.status).toBe(410);
    expect(again.body.error).toEqual({ code: "gone", message: "this confirmation link is invalid, expired or already used; log in to get a new one" });
    expect((await api("POST", "/api/auth/verify-email", { body: { token: "A".repeat(43) } })).status).toBe(410);

    await api("POST", "/api/auth/signup", { body: { email: "late@example.com", password: PASSWORD, name: "Late" } });
    await env.DB.prepare("UPDATE email_tokens SET expires_at = ? WHERE email = 'late@example.com'").bind(Date.now() - 1).run();
    expect((await api("POST", "/api/auth/verify-email", { body: { token: verificationTokenFor("late@example.com") } })).status).toBe(410);
  });

  it("stores only the token's SHA-256, for 24 hours", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "hashed.link@example.com", password: PASSWORD, name: "H" } });
    const token = verificationTokenFor("hashed.link@example.com");
    const row = await env.DB.prepare("SELECT token_hash, expires_at, created_at FROM email_tokens WHERE email = 'hashed.link@example.com'").first<{
      token_hash: string;
      expires_at: number;
      created_at: number;
    }>();
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(token);
    expect(row!.expires_at - row!.created_at).toBeGreaterThan(24 * 3600 * 1000 - 5_000);
    expect(row!.expires_at - row!.created_at).toBeLessThanOrEqual(24 * 3600 * 1000 + 5_000);
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

  it("answers a wrong password, an unknown email and an unconfirmed account alike, and records the failure", async () => {
    const { user } = await signUp("Linus");
    await api("POST", "/api/auth/signup", { body: { email: "pending@example.com", password: PASSWORD, name: "Pending" } });
    const wrong = await api<ErrorBody>("POST", "/api/auth/login", { body: { email: user.email, password: "not the password" } });
    const unknown = await api<ErrorBody>("POST", "/api/auth/login", { body: { email: "nobody@example.com", password: "not the password" } });
    const pending = await api<ErrorBody>("POST", "/api/auth/login", { body: { email: "pending@example.com", password: PASSWORD } });
    for (const res of [wrong, unknown, pending]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(wrong.body);
    }
    expect(wrong.body.error.message).toMatch(LOGIN_FAILED);
    const failures = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login_failed' AND target_id = ?").bind(user.id).first<{ n: number }>();
    expect(failures!.n).toBe(1);
  });

  it("mails an unconfirmed account a fresh link when the password is right, a few times an hour at most", async () => {
    const email = "resend@example.com";
    await api("POST", "/api/auth/signup", { body: { email, password: PASSWORD, name: "Resend" } });
    const first = verificationTokenFor(email);
    expect((await api("POST", "/api/auth/login", { body: { email, password: "a wrong password" } })).status).toBe(401);
    expect(mailTo(email)).toHaveLength(1);
    expect((await api("POST", "/api/auth/login", { body: { email, password: PASSWORD } })).status).toBe(401);
    const second = verificationTokenFor(email);
    expect(second).not.toBe(first);
    // The new link replaces the old one.
    expect((await api("POST", "/api/auth/verify-email", { body: { token: first } })).status).toBe(410);
    for (let i = 0; i < 4; i++) await api("POST", "/api/auth/login", { body: { email, password: PASSWORD } });
    expect(mailTo(email)).toHaveLength(4);
    expect((await api("POST", "/api/auth/verify-email", { body: { token: verificationTokenFor(email) } })).status).toBe(200);
    expect((await api("POST", "/api/auth/login", { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it("locks one address out of one account after five failures, even with the right password, but not other addresses", async () => {
    const { user } = await signUp("Target");
    const ip = "192.0.2.20";
    for (let i = 0; i < 5; i++) {
      expect((await api("POST", "/api/auth/login", { ip, body: { email: user.email, password: `guess-${i}-wrong` } })).status).toBe(401);
    }
    const locked = await api<ErrorBody>("POST", "/api/auth/login", { ip, body: { email: user.email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("rate_limited");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect((await api("POST", "/api/auth/login", { ip: "192.0.2.21", body: { email: user.email, password: PASSWORD } })).status).toBe(200);
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

describe("the signed-in user's security events", () => {
  it("page newest first like the audit list, and need a caller", async () => {
    const { user, cookie } = await signUp("Paged");
    for (let i = 0; i < 3; i++) await api("POST", "/api/auth/login", { body: { email: user.email, password: `wrong-${i}-password` } });
    const first = await api<{ items: { id: string; action: string }[]; nextCursor: string | null }>("GET", "/api/me/security-events?limit=2", { cookie });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e) => e.action)).toEqual(["auth.login_failed", "auth.login_failed"]);
    expect(first.body.nextCursor).not.toBeNull();
    const rest = await api<{ items: { id: string; action: string }[]; nextCursor: string | null }>(
      "GET",
      `/api/me/security-events?limit=50&cursor=${first.body.nextCursor}`,
      { cookie },
    );
    // The third failure, then the confirmation and the sign-up, oldest last.
    expect(rest.body.items.map((e) => e.action)).toEqual(["auth.login_failed", "auth.email_verified", "auth.signup"]);
    expect(rest.body.nextCursor).toBeNull();
    expect((await api("GET", "/api/me/security-events")).status).toBe(401);
    expect((await api("GET", "/api/me/security-events?cursor=abc", { cookie })).status).toBe(400);
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
