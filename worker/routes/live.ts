import type { Router } from "../app";
import { ApiError } from "../lib/errors";
import { orgAccess } from "../middleware/org-access";
import { credentialStanding } from "../../core/access";
import type { LiveCredential } from "../../core/access";
import { orgHub } from "../services/org-hub";
import { ACCESS_HEADER } from "../../core/live-access";
import type { AccessStamp } from "../../core/live-access";

/**
 * `GET /api/orgs/:orgId/live`: the organization's live channel (WebSocket). The Worker authenticates and
 * checks membership and `resources:read` before the Durable Object is reached — a refusal is a plain
 * 401/403/404 without an upgrade — and hands the caller's access to the hub with the upgrade.
 */
export function registerLiveRoutes(app: Router) {
  app.get("/api/orgs/:orgId/live", orgAccess("resources", "read"), async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError("bad_request", "this endpoint speaks WebSocket: send Upgrade: websocket");
    }
    // Browsers send cookies with cross-site WebSocket handshakes; only our own pages may open one.
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== new URL(c.req.url).origin) throw new ApiError("forbidden", "cross-origin request refused");
    const principal = c.get("principal")!;
    // The socket outlives this request, so the hub is told which credential opened it and when that ends:
    // it closes the socket on sign-out, revocation or expiry instead of trusting this one check for ever.
    const credential: LiveCredential | null =
      principal.kind === "token"
        ? { kind: "token", tokenId: principal.token.id }
        : principal.via === "session"
          ? { kind: "session", sessionKey: principal.sessionHash }
          : null;
    // An identity-provider JWT has nothing to revoke on our side; its own expiry is its end.
    const standing = credential ? await credentialStanding(c.get("db"), credential) : { expiresAt: principal.kind === "user" && principal.via === "oidc" ? principal.expiresAt : null };
    if (!standing) throw new ApiError("unauthorized", "the session or API token has ended; sign in again");
    const access: AccessStamp = {
      userId: principal.user.id,
      tokenId: principal.kind === "token" ? principal.token.id : null,
      sessionKey: credential?.kind === "session" ? credential.sessionKey : null,
      expiresAt: standing.expiresAt,
      permissions: c.get("org").permissions,
    };
    const headers = new Headers(c.req.raw.headers);
    headers.set(ACCESS_HEADER, JSON.stringify(access));
    const hub = await orgHub(c.env, c.get("org").orgId);
    const upgraded = await hub.fetch(new Request(c.req.raw.url, { headers }));
    // A fresh response, so the app's header middleware may still add its headers to the handshake.
    return new Response(upgraded.body, { status: upgraded.status, headers: new Headers(upgraded.headers), webSocket: upgraded.webSocket });
  });
}
