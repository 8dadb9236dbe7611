import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { authResponseSchema, loginSchema, meResponseSchema, signupSchema } from "../../shared/api";
import type { Router } from "../app";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { DECOY_HASH, hashPassword, verifyPassword } from "../lib/password";
import { requireUser } from "../middleware/authenticate";
import { actorOf, auditInsert } from "../services/audit";
import { clearFailures, emailKey, ipKey, lockedFor, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP, recordFailure } from "../services/login-throttle";
import { listMemberships } from "../services/memberships";
import { clearSessionCookie, newSession, revokeSession } from "../services/sessions";
import { commonErrors, conflictError, jsonBody, jsonContent, noContent } from "./openapi-helpers";

const publicUser = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name });

export function registerAuthRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/signup",
      tags: ["auth"],
      summary: "Create an account and sign in",
      request: jsonBody(signupSchema),
      responses: { 201: jsonContent(authResponseSchema, "Signed up"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const db = c.get("db");
      const taken = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
      if (taken) throw new ApiError("conflict", "an account with this email already exists");
      const password = await hashPassword(input.password);
      const user = { id: newId("usr"), email: input.email, name: input.name };
      const session = await newSession(c, user.id);
      const actor = { ...actorOf(c), actorType: "user" as const, actorId: user.id };
      try {
        await db.batch([
          db.insert(users).values({ ...user, passwordHash: password.hash, passwordSalt: password.salt, passwordIterations: password.iterations }),
          session.insert,
          auditInsert(db, actor, { organizationId: null, action: "auth.signup", targetType: "user", targetId: user.id }),
        ]);
      } catch (err) {
        // Two sign-ups racing for one email: the unique index decides.
        if (err instanceof Error && /UNIQUE/i.test(err.message)) throw new ApiError("conflict", "an account with this email already exists");
        throw err;
      }
      session.setSessionCookie();
      return c.json({ user }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/login",
      tags: ["auth"],
      summary: "Sign in with email and password",
      request: jsonBody(loginSchema),
      responses: { 200: jsonContent(authResponseSchema, "Signed in"), ...commonErrors },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const db = c.get("db");
      const ip = c.req.header("cf-connecting-ip") ?? "unknown";
      const keys = [emailKey(email), ipKey(ip)];
      const retryAfter = await lockedFor(db, keys);
      if (retryAfter !== null) {
        await auditInsert(db, actorOf(c), {
          organizationId: null,
          action: "auth.login_failed",
          result: "denied",
          metadata: { email, reason: "throttled" },
        });
        throw new ApiError("rate_limited", `too many failed sign-in attempts; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
      }
      const user = await db.select().from(users).where(eq(users.email, email)).get();
      const stored =
        user?.passwordHash && user.passwordSalt && user.passwordIterations
          ? { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }
          : null;
      // Unknown emails are checked against a decoy, so timing does not tell which accounts exist.
      const ok = (await verifyPassword(password, stored ?? DECOY_HASH)) && stored !== null;
      if (!ok || !user) {
        await db.batch([
          recordFailure(db, keys[0]!, MAX_FAILURES_PER_EMAIL),
          recordFailure(db, keys[1]!, MAX_FAILURES_PER_IP),
          auditInsert(db, actorOf(c), {
            organizationId: null,
            action: "auth.login_failed",
            result: "failure",
            targetType: user ? "user" : undefined,
            targetId: user?.id,
            metadata: { email, reason: "bad_credentials" },
          }),
        ]);
        throw new ApiError("unauthorized", "email or password is incorrect");
      }
      const session = await newSession(c, user.id);
      await db.batch([
        session.insert,
        clearFailures(db, keys[0]!),
        auditInsert(db, { ...actorOf(c), actorType: "user", actorId: user.id }, {
          organizationId: null,
          action: "auth.login",
          targetType: "user",
          targetId: user.id,
        }),
      ]);
      session.setSessionCookie();
      return c.json({ user: publicUser(user) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/logout",
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
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
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
}
