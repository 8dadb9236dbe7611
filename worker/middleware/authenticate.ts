import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { and, eq, isNull } from "drizzle-orm";
import type { AppEnv, Principal } from "../context";
import type { Db, UserRow } from "../../core/db/client";
import { users } from "../../core/db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../../core/ids";
import { API_TOKEN_PREFIX, findApiToken } from "../services/api-tokens";
import { hasVerifiedEmail } from "../services/email-verification";
import { auditInsert, SYSTEM_ACTOR } from "../../core/audit";
import { OidcError, oidcEnabled, verifyOidcToken } from "../services/oidc";
import type { OidcIdentity } from "../services/oidc";
import { userForSessionCookie } from "../services/sessions";

const BEARER = /^Bearer\s+([\x21-\x7e]+)$/i;

/** Resolves the caller from `Authorization: Bearer` (API token or identity-provider JWT) or the session cookie. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set("principal", await resolvePrincipal(c.get("db"), c));
  await next();
});

async function resolvePrincipal(db: Db, c: Context<AppEnv>): Promise<Principal | null> {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = BEARER.exec(header);
    if (!match) throw new ApiError("unauthorized", "the Authorization header must be 'Bearer <token>'");
    const bearer = match[1]!;
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const found = await findApiToken(db, bearer);
      if (!found) throw new ApiError("unauthorized", "the API token is invalid, expired or revoked");
      if (found.touch) c.executionCtx.waitUntil(found.touch());
      return { kind: "token", user: found.user, token: found.token };
    }
    const config = c.get("config");
    if (!oidcEnabled(config)) throw new ApiError("unauthorized", "the bearer token is not an EdgeDock API token");
    try {
      const identity = await verifyOidcToken(config, bearer);
      return { kind: "user", user: await provisionOidcUser(db, identity), via: "oidc", expiresAt: identity.expiresAt };
    } catch (err) {
      if (err instanceof OidcError) throw new ApiError("unauthorized", err.message);
      throw err;
    }
  }
  const session = await userForSessionCookie(c);
  return session ? { kind: "user", user: session.user, via: "session", sessionHash: session.sessionHash } : null;
}

/**
 * Finds the user by subject, else provisions one. An existing account with the same email is linked only
 * when both sides have proven the address: the identity provider asserts `email_verified: true` and the
 * account confirmed it (a link, or an earlier verified identity). Otherwise whoever registered the address
 * first — at either end — could take over the other's account.
 */
async function provisionOidcUser(db: Db, identity: OidcIdentity): Promise<UserRow> {
  const bySubject = await db.select().from(users).where(eq(users.oidcSubject, identity.subject)).get();
  if (bySubject) {
    if (bySubject.emailVerifiedAt === null && identity.emailVerified && bySubject.email === identity.email) {
      const emailVerifiedAt = new Date();
      await db.update(users).set({ emailVerifiedAt }).where(eq(users.id, bySubject.id));
      return { ...bySubject, emailVerifiedAt };
    }
    return bySubject;
  }
  const actor = (userId: string) => ({ ...SYSTEM_ACTOR, actorType: "user" as const, actorId: userId });
  const byEmail = await db.select().from(users).where(eq(users.email, identity.email)).get();
  if (byEmail) {
    if (byEmail.oidcSubject) throw new ApiError("forbidden", "this email is linked to another identity");
    if (!identity.emailVerified) {
      throw new ApiError(
        "forbidden",
        "an EdgeDock account with this email already exists; it is linked only when the identity provider asserts email_verified for the address",
      );
    }
    if (!hasVerifiedEmail(byEmail)) {
      throw new ApiError(
        "forbidden",
        "an EdgeDock account with this email already exists but has not confirmed its address; log in with its password and follow the emailed link first",
      );
    }
    // Only a row that is still unlinked is linked: two first requests racing cannot link two subjects.
    const linked = await db
      .update(users)
      .set({ oidcSubject: identity.subject })
      .where(and(eq(users.id, byEmail.id), isNull(users.oidcSubject)))
      .returning()
      .get();
    if (!linked) throw new ApiError("forbidden", "this email is linked to another identity");
    await auditInsert(db, actor(byEmail.id), {
      organizationId: null,
      action: "auth.oidc_link",
      targetType: "user",
      targetId: byEmail.id,
      metadata: { subject: identity.subject.slice(0, 200) },
    });
    return linked;
  }
  const user = {
    id: newId("usr"),
    email: identity.email,
    name: identity.name,
    oidcSubject: identity.subject,
    emailVerifiedAt: identity.emailVerified ? new Date() : null,
  };
  const [[created]] = await db.batch([
    db.insert(users).values(user).returning(),
    auditInsert(db, actor(user.id), {
      organizationId: null,
      action: "auth.oidc_provision",
      targetType: "user",
      targetId: user.id,
      metadata: { emailVerified: identity.emailVerified },
    }),
  ]);
  return created!;
}

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("principal")) throw new ApiError("unauthorized", "sign in, or send an API token");
  await next();
});
