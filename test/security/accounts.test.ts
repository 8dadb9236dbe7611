/**
 * Regression tests for the account findings of the security review: pre-claimed accounts through OIDC
 * linking (finding 3), anyone locking anyone out (finding 8), and the sign-up and session hardening that
 * came with them. Each test is named after the behaviour it protects.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signupSchema } from "../../shared/api";
import { app } from "../../worker/index";
import { mailTo } from "../../worker/services/mailer-outbox";
import { api, createOrg, PASSWORD, sessionCookie, signUp, verificationTokenFor } from "../helpers";
import { idToken } from "../id-tokens";

interface ErrorBody {
  error: { code: string; message: string };
}
interface SecurityEventsBody {
  items: { id: string; action: string; result: string; reason: string | null; ip: string | null; userAgent: string | null; at: string }[];
  nextCursor: string | null;
}

/** The Worker as an installation configured differently from the test suite's would run it. */
async function fetchConfigured(overrides: Partial<Record<keyof Env, string>>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://localhost${path}`, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const linkedSubject = (email: string) =>
  env.DB.prepare("SELECT oidc_subject AS subject FROM users WHERE email = ?").bind(email).first<{ subject: string | null }>().then((r) => r?.subject ?? null);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("finding 3: accounts cannot be pre-claimed through the identity provider", () => {
  it("an OIDC identity is not linked to an account whose address was never proven", async () => {
    // Someone registers the victim's address with a password of their own and never confirms it …
    const email = "victim.never.proven@example.com";
    expect((await api("POST", "/api/auth/signup", { body: { email, password: "attacker password 1", name: "Squatter" } })).status).toBe(202);
    // … then the real owner arrives through the identity provider, which has verified the address.
    const res = await api<ErrorBody>("GET", "/api/me", { token: await idToken({ sub: "idp|victim", email, email_verified: true }) });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/has not confirmed its address/);
    expect(await linkedSubject(email)).toBeNull();
  });

  it("an OIDC token without email_verified is not linked", async () => {
    const { user } = await signUp("Proven");
    const withoutClaim = await api<ErrorBody>("GET", "/api/me", { token: await idToken({ sub: "idp|unproven", email: user.email }) });
    expect(withoutClaim.status).toBe(403);
    expect(withoutClaim.body.error.message).toMatch(/email_verified/);
    // Only the boolean counts: a string "true" is not an assertion.
    const stringClaim = await api<ErrorBody>("GET", "/api/me", { token: await idToken({ sub: "idp|unproven", email: user.email, email_verified: "true" }) });
    expect(stringClaim.status).toBe(401);
    expect(await linkedSubject(user.email)).toBeNull();
    // Both sides proven: linked, and the owner sees it among their security events.
    const linked = await api<{ user: { id: string } }>("GET", "/api/me", { token: await idToken({ sub: "idp|proven", email: user.email, email_verified: true }) });
    expect(linked.body.user.id).toBe(user.id);
    expect(await linkedSubject(user.email)).toBe("idp|proven");
  });

  it("an OIDC-provisioned user's address counts as proven only when the token asserts email_verified", async () => {
    const without = await api<{ user: { id: string } }>("GET", "/api/me", { token: await idToken({ sub: "idp|fresh-a", email: "fresh.a@example.com" }) });
    const withClaim = await api<{ user: { id: string } }>("GET", "/api/me", { token: await idToken({ sub: "idp|fresh-b", email: "fresh.b@example.com", email_verified: true }) });
    const proven = async (id: string) => (await env.DB.prepare("SELECT email_verified_at AS at FROM users WHERE id = ?").bind(id).first<{ at: number | null }>())!.at;
    expect(await proven(without.body.user.id)).toBeNull();
    expect(await proven(withClaim.body.user.id)).toEqual(expect.any(Number));
  });

  it("a token without exp is refused", async () => {
    const res = await api<ErrorBody>("GET", "/api/me", { token: await idToken({ sub: "idp|forever", email: "forever@example.com", email_verified: true }, { expiresIn: null }) });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/exp/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = 'forever@example.com'").first<{ n: number }>()).toEqual({ n: 0 });
  });

  it("identity-provider sign-in refuses to run without OIDC_AUDIENCE, and says so", async () => {
    const jwt = await idToken({ sub: "idp|any-app", email: "any.app@example.com", email_verified: true }, { audience: "some-other-application" });
    const res = await fetchConfigured({ OIDC_AUDIENCE: "" }, "/api/me", { headers: { authorization: `Bearer ${jwt}` } });
    expect(res.status).toBe(503);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/OIDC_AUDIENCE/);
    // The rest of the app keeps working.
    expect((await fetchConfigured({ OIDC_AUDIENCE: "" }, "/api/providers")).status).toBe(200);
  });
});

describe("finding 8: nobody can lock the owner out", () => {
  it("a correct password from a clean address gets in while the email is under attack", async () => {
    const { user } = await signUp("Besieged");
    // Twenty addresses fail against the email, some of them again and again.
    for (let i = 0; i < 20; i++) {
      await api("POST", "/api/auth/login", { ip: `203.0.113.${i + 1}`, body: { email: user.email, password: `attack-${i}-password` } });
    }
    const failing = await api<ErrorBody>("POST", "/api/auth/login", { ip: "203.0.113.1", body: { email: user.email, password: "attack-again-password" } });
    expect(failing.status).toBe(429);
    const owner = await api<{ user: { id: string } }>("POST", "/api/auth/login", { ip: "192.0.2.200", body: { email: user.email, password: PASSWORD } });
    expect(owner.status).toBe(200);
    expect(owner.body.user.id).toBe(user.id);
  });

  it("addresses that keep failing against one email wait twice as long after each further failure", async () => {
    const { user } = await signUp("Doubling");
    const fail = (ip: string) => api("POST", "/api/auth/login", { ip, body: { email: user.email, password: "not the password" } });
    // From the tenth failure of the email on, failing addresses wait 1 s, then 2 s after the eleventh, and so on.
    for (let i = 0; i < 11; i++) expect((await fail(`198.18.0.${i + 1}`)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 11; i < 15; i++) {
      // A new address gets its attempt (and fails); one that failed before must now wait.
      expect((await fail(`198.18.0.${i + 1}`)).status).toBe(401);
      const refused = await fail("198.18.0.1");
      expect(refused.status).toBe(429);
      waits.push(Number(refused.headers.get("retry-after")));
    }
    // Whole seconds rounded up, so a slow machine may see one less than the exact 4, 8, 16, 32.
    [4, 8, 16, 32].forEach((expected, i) => {
      expect(waits[i]).toBeLessThanOrEqual(expected);
      expect(waits[i]).toBeGreaterThanOrEqual(expected - 1);
    });
  });

  it("the owner sees failed sign-in attempts", async () => {
    const { user, cookie } = await signUp("Watchful");
    await api("POST", "/api/auth/login", { ip: "203.0.113.250", body: { email: user.email, password: "a guess at the password" }, headers: { "user-agent": "guesser/1.0" } });
    const before = Date.now();
    const events = await api<SecurityEventsBody>("GET", "/api/me/security-events", { cookie });
    expect(events.status).toBe(200);
    const failed = events.body.items.find((e) => e.action === "auth.login_failed");
    expect(failed).toMatchObject({ result: "failure", reason: "bad_credentials", ip: "203.0.113.250", userAgent: "guesser/1.0" });
    expect(Date.parse(failed!.at)).toBeLessThanOrEqual(before);
    expect(Date.parse(failed!.at)).toBeGreaterThan(before - 60_000);

    // Nobody else sees them, and an organization's API token cannot read its creator's history.
    const other = await signUp("Other");
    const theirs = await api<SecurityEventsBody>("GET", "/api/me/security-events", { cookie: other.cookie });
    expect(theirs.body.items.some((e) => e.ip === "203.0.113.250")).toBe(false);
    const orgId = await createOrg(cookie, "Watchful Org");
    const token = await api<{ token: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie, body: { name: "ci" } });
    expect(token.status).toBe(201);
    expect((await api("GET", "/api/me/security-events", { token: token.body.token })).status).toBe(403);
  });
});

describe("sign-up and confirmation", () => {
  it("sign-up answers the same for a new and an existing email and mails the existing owner", async () => {
    const { user } = await signUp("Existing");
    const fresh = await api("POST", "/api/auth/signup", { body: { email: "brand.new@example.com", password: PASSWORD, name: "New" } });
    const taken = await api("POST", "/api/auth/signup", { body: { email: user.email.toUpperCase(), password: PASSWORD, name: "Click https://evil.example" } });
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(fresh.body);
    const headerNames = (h: Headers) => [...h.keys()].sort();
    expect(headerNames(taken.headers)).toEqual(headerNames(fresh.headers));
    expect(fresh.headers.get("set-cookie")).toBeNull();

    const notice = mailTo(user.email).at(-1)!;
    expect(notice.subject).toBe("Someone tried to sign up to EdgeDock with your address");
    expect(notice.text).toMatch(/log in instead/);
    // Nothing the caller typed reaches the owner's inbox.
    expect(notice.text).not.toContain("evil.example");
    const events = await api<SecurityEventsBody>("GET", "/api/me/security-events", {
      cookie: (await signInAs(user.email)).cookie,
    });
    expect(events.body.items.map((e) => e.action)).toContain("auth.signup_existing");
  });

  it("sign-up is throttled per address", async () => {
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await api("POST", "/api/auth/signup", { ip, body: { email: `burst${i}@example.com`, password: PASSWORD, name: "Burst" } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });

  it("a verification link works once and expires", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "single.use@example.com", password: PASSWORD, name: "Single" } });
    const token = verificationTokenFor("single.use@example.com");
    expect(mailTo("single.use@example.com")[0]!.text).toContain(`/verify-email#token=${token}`);
    const first = await api("POST", "/api/auth/verify-email", { body: { token } });
    expect(first.status).toBe(200);
    expect(sessionCookie(first.headers)).toMatch(/^edgedock_session=/);
    expect((await api("POST", "/api/auth/verify-email", { body: { token } })).status).toBe(410);

    // Time passes by moving the links' times back: one is a second short of 24 hours old, one a second past.
    const age = async (email: string, ms: number) => {
      await api("POST", "/api/auth/signup", { body: { email, password: PASSWORD, name: "Aging" } });
      await env.DB.prepare("UPDATE email_tokens SET created_at = created_at - ?1, expires_at = expires_at - ?1 WHERE email = ?2").bind(ms, email).run();
      return verificationTokenFor(email);
    };
    const almost = await age("almost.a.day@example.com", 24 * 3600 * 1000 - 5_000);
    const past = await age("past.a.day@example.com", 24 * 3600 * 1000 + 1_000);
    expect((await api("POST", "/api/auth/verify-email", { body: { token: past } })).status).toBe(410);
    expect((await api("POST", "/api/auth/verify-email", { body: { token: almost } })).status).toBe(200);
  });

  it("a verification link proves only the address it was sent to", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "before.change@example.com", password: PASSWORD, name: "Mover" } });
    const token = verificationTokenFor("before.change@example.com");
    await env.DB.prepare("UPDATE users SET email = 'after.change@example.com' WHERE email = 'before.change@example.com'").run();
    expect((await api("POST", "/api/auth/verify-email", { body: { token } })).status).toBe(410);
    const row = await env.DB.prepare("SELECT email_verified_at AS at FROM users WHERE email = 'after.change@example.com'").first<{ at: number | null }>();
    expect(row!.at).toBeNull();
  });

  it("an unconfirmed account is answered like a wrong password and is mailed a fresh link", async () => {
    const email = "not.yet@example.com";
    await api("POST", "/api/auth/signup", { body: { email, password: PASSWORD, name: "Not yet" } });
    const right = await api<ErrorBody>("POST", "/api/auth/login", { body: { email, password: PASSWORD } });
    const nobody = await api<ErrorBody>("POST", "/api/auth/login", { body: { email: "no.account@example.com", password: PASSWORD } });
    expect(right.status).toBe(401);
    expect(right.body).toEqual(nobody.body);
    expect(right.body.error.message).toMatch(/confirmed through the link we emailed/);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(mailTo(email)).toHaveLength(2);
    expect((await api("POST", "/api/auth/verify-email", { body: { token: verificationTokenFor(email) } })).status).toBe(200);
  });

  it("production without a mailer refuses sign-up and never logs the link", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    const res = await fetchConfigured({ ENVIRONMENT: "production", MAIL_FROM: "", RESEND_API_KEY: "" }, "/api/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ email: "no.mailer@example.com", password: PASSWORD, name: "No mailer" }),
    });
    expect(res.status).toBe(503);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/MAIL_FROM/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = 'no.mailer@example.com'").first<{ n: number }>()).toEqual({ n: 0 });
    expect(logged.join("\n")).not.toMatch(/verify-email/);
  });

  it("common passwords are refused", async () => {
    for (const password of ["password123", "Password123", "QWERTYUIOP", "1234567890"]) {
      const res = await api<ErrorBody>("POST", "/api/auth/signup", { body: { email: `common.${password}@example.com`, password, name: "Common" } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe("invalid body: password: password is one of the most commonly used passwords; choose another");
      // The dashboard's form checks with the same schema, so it answers in the same words.
      const parsed = signupSchema.safeParse({ email: "x@example.com", password, name: "Common" });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("password is one of the most commonly used passwords; choose another");
    }
    expect(signupSchema.safeParse({ email: "x@example.com", password: PASSWORD, name: "Fine" }).success).toBe(true);
  });
});

describe("sessions", () => {
  it("the session cookie carries the __Host- prefix over https", async () => {
    await api("POST", "/api/auth/signup", { body: { email: "https.user@example.com", password: PASSWORD, name: "Https" } });
    const origin = "https://edgedock.example";
    const verified = await app.fetch(
      new Request(`${origin}/api/auth/verify-email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ token: verificationTokenFor("https.user@example.com") }),
      }),
      env,
      createExecutionContext(),
    );
    expect(verified.status).toBe(200);
    const setCookie = verified.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^__Host-edgedock_session=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    expect(setCookie).not.toMatch(/Domain=/i);
    const value = sessionCookie(verified.headers).split("=")[1]!;
    const me = (cookie: string, base: string) => app.fetch(new Request(`${base}/api/me`, { headers: { cookie } }), env, createExecutionContext());
    expect((await me(`__Host-edgedock_session=${value}`, origin)).status).toBe(200);
    // Each scheme reads only its own name: an unprefixed cookie (which a subdomain or plain-http page could
    // have planted) is not a session over https.
    expect((await me(`edgedock_session=${value}`, origin)).status).toBe(401);
    expect((await me(`__Host-edgedock_session=${value}`, "http://localhost")).status).toBe(401);
  });
});

/** Confirms nothing: signs an already confirmed account in with its password. */
async function signInAs(email: string): Promise<{ cookie: string }> {
  const res = await api("POST", "/api/auth/login", { body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return { cookie: sessionCookie(res.headers) };
}
