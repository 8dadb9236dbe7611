import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { eq } from "drizzle-orm";
import type { AppEnv, Principal } from "../context";
import type { Db, UserRow } from "../db/client";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { API_TOKEN_PREFIX, findApiToken } from "../services/api-tokens";
import { auditInsert, SYSTEM_ACTOR } from "../services/audit";
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
      return { kind: "user", user: await provisionOidcUser(db, identity), via: "oidc" };
    } catch (err) {
      if (err instanceof OidcError) throw new ApiError("unauthorized", err.message);
      throw err;
    }
  }
  const session = await userForSessionCookie(c);
  return session ? { kind: "user", user: session.user, via: "session", sessionHash: session.sessionHash } : null;
}

/** The identity provider vouches for the email, so an existing password account with it is linked, not duplicated. */
async function provisionOidcUser(db: Db, identity: OidcIdentity): Promise<UserRow> {
  const bySubject = await db.select().from(users).where(eq(users.oidcSubject, identity.subject)).get();
  if (bySubject) return bySubject;
  const byEmail = await db.select().from(users).where(eq(users.email, identity.email)).get();
  if (byEmail) {
    if (byEmail.oidcSubject) throw new ApiError("unauthorized", "this email is linked to another identity");
    await db.update(users).set({ oidcSubject: identity.subject }).where(eq(users.id, byEmail.id));
    return { ...byEmail, oidcSubject: identity.subject };
  }
  const user = { id: newId("usr"), email: identity.email, name: identity.name, oidcSubject: identity.subject };
  const [[created]] = await db.batch([
    db.insert(users).values(user).returning(),
    auditInsert(db, { ...SYSTEM_ACTOR, actorType: "user", actorId: user.id }, {
      organizationId: null,
      action: "auth.oidc_provision",
      targetType: "user",
      targetId: user.id,
    }),
  ]);
  return created!;
}

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("principal")) throw new ApiError("unauthorized", "sign in, or send an API token");
  await next();
});
