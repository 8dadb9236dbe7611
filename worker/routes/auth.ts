import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import {
  authResponseSchema,
  errorEnvelopeSchema,
  loginSchema,
  meResponseSchema,
  pageOf,
  pageQuerySchema,
  securityEventSchema,
  signupResponseSchema,
  signupSchema,
  verifyEmailSchema,
} from "../../shared/api";
import type { AppEnv } from "../context";
import type { Router } from "../app";
import type { UserRow } from "../../core/db/client";
import { users } from "../../core/db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../../core/ids";
import { DECOY_HASH, hashPassword, verifyPassword } from "../lib/password";
import { requireUser } from "../middleware/authenticate";
import { signupAttemptNotice, verificationMail } from "../services/account-mail";
import { actorOf } from "../services/audit";
import { auditInsert } from "../../core/audit";
import type { AuditActor } from "../../core/audit";
import { hasVerifiedEmail, linkOrigin, newVerificationLink, spendVerificationToken } from "../services/email-verification";
import { clearLoginFailures, loginKeys, loginWait, recordLoginFailure } from "../services/login-throttle";
import { mailerFor, sendInBackground } from "../services/mailer";
import type { Mailer } from "../services/mailer";
import { listMemberships } from "../services/memberships";
import { notifySessionEnded } from "../services/org-hub";
import { SIGNUP_QUOTA, signupKey, takeQuota, VERIFICATION_RESEND_QUOTA, verificationResendKey } from "../services/rate-quota";
import { listSecurityEvents } from "../services/security-events";
import { clearSessionCookie, newSession, revokeSession } from "../services/sessions";
import { anonymous, commonErrors, jsonBody, jsonContent, noContent, signedIn } from "./openapi-helpers";

const publicUser = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name });

/**
 * The one answer to every failed log-in: unknown email, wrong password, or an account whose address is not
 * confirmed yet. Telling them apart would tell a stranger which emails have accounts.
 */
const LOGIN_FAILED = "email or password is incorrect. A new account must first be confirmed through the link we emailed";

const clientAddress = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "unknown";

function requireMailer(c: Context<AppEnv>): Mailer {
  const choice = mailerFor(c.get("config"));
  if (choice.problem !== undefined) {
    console.error(JSON.stringify({ level: "error", msg: "mailer unavailable", problem: choice.problem }));
    throw new ApiError("unavailable", `sign-up is unavailable: ${choice.problem}`);
  }
  return choice.mailer;
}

const asUser = (c: Context<AppEnv>, userId: string): AuditActor => ({ ...actorOf(c), actorType: "user", actorId: userId });

export function registerAuthRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/signup",
      operationId: "signUp",
      security: anonymous,
      tags: ["auth"],
      summary: "Create an account; a link to confirm the address is emailed",
      description:
        "Answers 202 alike for a new and an already registered email (which is sent a notice instead of a link), " +
        "so the answer never tells whether an address has an account. The account can be used once the emailed " +
        "link is followed (`POST /api/auth/verify-email`). Limited per client address (429 with Retry-After).",
      request: jsonBody(signupSchema),
      responses: {
        202: jsonContent(signupResponseSchema, "Confirmation link (or, for an existing account, a notice) sent"),
        ...commonErrors,
        503: jsonContent(errorEnvelopeSchema, "The installation has no mailer configured"),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const db = c.get("db");
      const mailer = requireMailer(c);
      const retryAfter = await takeQuota(db, signupKey(clientAddress(c)), SIGNUP_QUOTA);
      if (retryAfter !== null) {
        throw new ApiError("rate_limited", `too many sign-ups from this address; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
      }
      // Hashed whether or not the email is taken, so both answers take the same time.
      const password = await hashPassword(input.password);
      const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
      const origin = linkOrigin(c);
      if (!existing) {
        const user = { id: newId("usr"), email: input.email, name: input.name };
        const link = await newVerificationLink(db, user, origin);
        try {
          await db.batch([
            db.insert(users).values({ ...user, passwordHash: password.hash, passwordSalt: password.salt, passwordIterations: password.iterations }),
            link.insert,
            auditInsert(db, asUser(c, user.id), { organizationId: null, action: "auth.signup", targetType: "user", targetId: user.id }),
          ]);
          sendInBackground(c, mailer, verificationMail(user.email, link.link), "verify_email");
          return c.json({ status: "verification_sent" as const }, 202);
        } catch (err) {
          // Two sign-ups racing for one email: the unique index decides, and the loser is answered like any
          // sign-up with a taken address.
          if (!(err instanceof Error && /UNIQUE/i.test(err.message))) throw err;
        }
      }
      const owner = existing ?? (await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get());
      await auditInsert(db, actorOf(c), {
        organizationId: null,
        action: "auth.signup_existing",
        result: "denied",
        targetType: owner ? "user" : undefined,
        targetId: owner?.id,
      });
      sendInBackground(c, mailer, signupAttemptNotice(input.email, origin), "signup_notice");
      return c.json({ status: "verification_sent" as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/verify-email",
      operationId: "verifyEmail",
      security: anonymous,
      tags: ["auth"],
      summary: "Confirm an email address with the emailed link's token, and sign in",
      description:
        "The token comes from the link's `#token=` fragment. Each link works once and for 24 hours, and only for the " +
        "address it was sent to. Answers 410 for a token that is unknown, used or expired.",
      request: jsonBody(verifyEmailSchema),
      responses: {
        200: jsonContent(authResponseSchema, "Address confirmed and signed in"),
        ...commonErrors,
        410: jsonContent(errorEnvelopeSchema, "The link is unknown, used or expired"),
      },
    }),
    async (c) => {
      const { token } = c.req.valid("json");
      const db = c.get("db");
      const spent = await spendVerificationToken(db, token);
      const user = spent ? await db.select().from(users).where(eq(users.id, spent.userId)).get() : undefined;
      // A link proves the address it was mailed to, nothing about one the account holds now.
      if (!spent || !user || user.email !== spent.email) {
        throw new ApiError("gone", "this confirmation link is invalid, expired or already used; log in to get a new one");
      }
      const session = await newSession(c, user.id);
      const emailVerifiedAt = user.emailVerifiedAt ?? new Date();
      await db.batch([
        db.update(users).set({ emailVerifiedAt }).where(eq(users.id, user.id)),
        session.insert,
        auditInsert(db, asUser(c, user.id), { organizationId: null, action: "auth.email_verified", targetType: "user", targetId: user.id }),
      ]);
      session.setSessionCookie();
      return c.json({ user: publicUser(user) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/login",
      operationId: "logIn",
      security: anonymous,
      tags: ["auth"],
      summary: "Sign in with email and password",
      description:
        "Failures answer 401 alike for an unknown email, a wrong password and an account not confirmed yet (which, " +
        "with the right password, is sent a fresh confirmation link). Repeated failures are throttled per client " +
        "address and per address and email (429 with Retry-After); an email failing from many addresses slows down " +
        "only the addresses that are failing.",
      request: jsonBody(loginSchema),
      responses: { 200: jsonContent(authResponseSchema, "Signed in"), ...commonErrors },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const db = c.get("db");
      const keys = loginKeys(clientAddress(c), email);
      const user = await db.select().from(users).where(eq(users.email, email)).get();
      const target = user ? { targetType: "user", targetId: user.id } : {};
      const wait = await loginWait(db, keys);
      if (wait !== null) {
        await auditInsert(db, actorOf(c), { organizationId: null, action: "auth.login_failed", result: "denied", ...target, metadata: { email, reason: "throttled" } });
        throw new ApiError("rate_limited", `too many failed sign-in attempts; try again in ${wait} s`, { retryAfterSeconds: wait });
      }
      const stored =
        user?.passwordHash && user.passwordSalt && user.passwordIterations
          ? { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }
          : null;
      // Unknown emails are checked against a decoy, so timing does not tell which accounts exist.
      const ok = (await verifyPassword(password, stored ?? DECOY_HASH)) && stored !== null;
      if (!ok || !user) {
        await db.batch([
          ...recordLoginFailure(db, keys),
          auditInsert(db, actorOf(c), { organizationId: null, action: "auth.login_failed", result: "failure", ...target, metadata: { email, reason: "bad_credentials" } }),
        ]);
        throw new ApiError("unauthorized", LOGIN_FAILED);
      }
      if (!hasVerifiedEmail(user)) {
        await resendVerification(c, user);
        throw new ApiError("unauthorized", LOGIN_FAILED);
      }
      const session = await newSession(c, user.id);
      await db.batch([
        session.insert,
        clearLoginFailures(db, keys),
        auditInsert(db, asUser(c, user.id), { organizationId: null, action: "auth.login", targetType: "user", targetId: user.id }),
      ]);
      session.setSessionCookie();
      return c.json({ user: publicUser(user) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/logout",
      operationId: "logOut",
      security: signedIn,
      tags: ["auth"],
      summary: "Sign out: revokes the session",
      middleware: [requireUser] as const,
      responses: { ...noContent, ...commonErrors },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      const db = c.get("db");
      if (principal.kind === "user" && principal.via === "session") {
        await db.batch([
          revokeSession(db, principal.sessionHash),
          auditInsert(db, actorOf(c), { organizationId: null, action: "auth.logout", targetType: "user", targetId: principal.user.id }),
        ]);
        // Open live sockets were authenticated by this session once, at their handshake: they end with it.
        await notifySessionEnded(c.env, principal.user.id, principal.sessionHash);
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      operationId: "getMe",
      security: signedIn,
      tags: ["auth"],
      summary: "The signed-in user and their organizations",
      middleware: [requireUser] as const,
      responses: { 200: jsonContent(meResponseSchema, "The caller"), ...commonErrors },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      let memberships = await listMemberships(c.get("db"), principal.user.id);
      if (principal.kind === "token") memberships = memberships.filter((m) => m.orgId === principal.token.organizationId);
      return c.json(
        { user: publicUser(principal.user), memberships: memberships.map(({ orgId, orgName, role }) => ({ orgId, orgName, role })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/security-events",
      operationId: "listMySecurityEvents",
      security: signedIn,
      tags: ["auth"],
      summary: "The signed-in user's own sign-in history, newest first",
      description:
        "Log-ins, failed log-in attempts on the user's email (with the client address and time), sign-up attempts " +
        "with the address, confirmations and identity-provider links. Personal: not readable with an API token.",
      middleware: [requireUser] as const,
      request: { query: pageQuerySchema },
      responses: { 200: jsonContent(pageOf(securityEventSchema), "Security events"), ...commonErrors },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      // A token acts within one organization; where and when its creator signs in is not that organization's.
      if (principal.kind === "token") throw new ApiError("forbidden", "security events are personal; sign in to read them, not with an API token");
      const q = c.req.valid("query");
      return c.json(await listSecurityEvents(c.get("db"), principal.user.id, { limit: q.limit, cursor: q.cursor }), 200);
    },
  );
}

/**
 * The right password for an account not confirmed yet: recorded for its owner, and a fresh link mailed
 * (a few per hour at most), so accounts from before confirmation existed get one on their next log-in.
 */
async function resendVerification(c: Context<AppEnv>, user: UserRow): Promise<void> {
  const db = c.get("db");
  const choice = mailerFor(c.get("config"));
  if (choice.problem !== undefined) console.error(JSON.stringify({ level: "error", msg: "mailer unavailable", problem: choice.problem }));
  const mailer = choice.mailer && (await takeQuota(db, verificationResendKey(user.id), VERIFICATION_RESEND_QUOTA)) === null ? choice.mailer : null;
  const failed = auditInsert(db, actorOf(c), {
    organizationId: null,
    action: "auth.login_failed",
    result: "failure",
    targetType: "user",
    targetId: user.id,
    metadata: { email: user.email, reason: "unverified", linkSent: mailer !== null },
  });
  if (!mailer) {
    await failed;
    return;
  }
  const link = await newVerificationLink(db, user, linkOrigin(c));
  await db.batch([link.supersede, link.insert, failed]);
  sendInBackground(c, mailer, verificationMail(user.email, link.link), "verify_email");
}
