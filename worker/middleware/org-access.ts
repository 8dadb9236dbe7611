import { createMiddleware } from "hono/factory";
import type { Area } from "../../shared/permissions";
import type { AppEnv } from "../context";
import { ApiError } from "../lib/errors";
import { resolveAccess } from "../../core/access";
import { requirePermission } from "../services/permission-checks";

const ORG_NOT_FOUND = () => new ApiError("not_found", "organization not found");

/**
 * Resolves the caller's membership of the organization in the path, on every request: a user may belong
 * to many organizations, and a non-member learns nothing (404, the same answer as for an unknown id).
 */
export function orgAccess(area?: Area, level: "read" | "full" = "read") {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw new ApiError("unauthorized", "sign in, or send an API token");
    const orgId = c.req.param("orgId");
    if (!orgId) throw ORG_NOT_FOUND();
    if (principal.kind === "token" && principal.token.organizationId !== orgId) throw ORG_NOT_FOUND();

    const access = await resolveAccess(c.get("db"), orgId, { userId: principal.user.id, tokenId: principal.kind === "token" ? principal.token.id : null });
    if (!access) {
      // The membership is gone, or the token's narrowing role vanished between authentication and now.
      if (principal.kind === "token") throw new ApiError("unauthorized", "the API token is invalid, expired or revoked");
      throw ORG_NOT_FOUND();
    }
    c.set("org", access);
    if (area) await requirePermission(c, area, level);
    await next();
  });
}
