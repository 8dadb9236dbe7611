import type { Context } from "hono";
import { allows } from "../../shared/permissions";
import type { Area, Level } from "../../shared/permissions";
import type { AppEnv } from "../context";
import { ApiError } from "../lib/errors";
import { audit } from "./audit";

// Checks against the caller's standing that `orgAccess` (worker/middleware/org-access.ts) resolved for the
// request. They live here, below the middleware, so routes, services and the middleware itself share them.

type Granted = Exclude<Level, "none">;

/** Whether the caller's role allows `level` on `area`; nothing is recorded. */
export function can(c: Context<AppEnv>, area: Area, level: Granted): boolean {
  return allows(c.get("org").permissions, area, level);
}

/** Records the denial in the audit log and throws the 403 that names the area and the level it needs. */
export async function denyAccess(c: Context<AppEnv>, area: Area, level: Granted): Promise<never> {
  const access = c.get("org");
  await audit(c, {
    organizationId: access.orgId,
    action: "access.denied",
    result: "denied",
    metadata: { area, level, method: c.req.method, path: new URL(c.req.url).pathname },
  });
  throw new ApiError("forbidden", `your role does not allow ${level} access to ${area}`, {
    details: { area, required: level, granted: access.permissions[area] },
  });
}

/** The one permission check: denies with 403 and records the denial. */
export async function requirePermission(c: Context<AppEnv>, area: Area, level: Granted): Promise<void> {
  if (!can(c, area, level)) await denyAccess(c, area, level);
}
