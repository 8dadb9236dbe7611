import { getServerByName } from "partyserver";
import { eq } from "drizzle-orm";
import type { OrgHub } from "../../durable-objects/org-hub";
import type { OrgChange } from "../../shared/live";
import { createDb } from "../../core/db/client";
import { memberships } from "../../core/db/schema";

export function orgHub(env: Env, orgId: string): Promise<DurableObjectStub<OrgHub>> {
  return getServerByName<Env, OrgHub>(env.ORG_HUB, orgId);
}

/**
 * Tells the organization's hub about a change already committed to D1. A failure is logged, not surfaced:
 * the change stands, the cron re-arms overdue schedules within minutes, and open pages refetch on focus.
 */
async function tellHub(env: Env, orgId: string, what: string, call: (hub: DurableObjectStub<OrgHub>) => Promise<unknown>): Promise<void> {
  try {
    await call(await orgHub(env, orgId));
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: `could not reach OrgHub: ${what}`, orgId, error: err instanceof Error ? err.message : String(err) }));
  }
}

/** A dock was created, edited, paused, resumed or removed: the hub re-reads it and re-arms its schedule. */
export function notifyDockChanged(env: Env, orgId: string, dockId: string, removed = false): Promise<void> {
  return tellHub(env, orgId, `dock ${dockId} changed`, (hub) => (removed ? hub.removeDock(dockId) : hub.refreshDock(dockId)));
}

/** Open live sockets re-check their access after a membership, role or token change (one user's, or all). */
export function notifyAccessChanged(env: Env, orgId: string, userId?: string): Promise<void> {
  return tellHub(env, orgId, "re-check live sockets", (hub) => hub.accessChanged(userId));
}

/** Open dashboards that may read it refresh the organization's members, invitations, roles, tokens or name. */
export function notifyOrgChanged(env: Env, orgId: string, what: OrgChange): Promise<void> {
  return tellHub(env, orgId, `announce ${what} changed`, (hub) => hub.orgChanged(what));
}

/**
 * A session was signed out: every organization hub of the user closes the live sockets that session opened.
 * `sessionKey` is the session's hash, as the sockets were stamped with it.
 */
export async function notifySessionEnded(env: Env, userId: string, sessionKey: string): Promise<void> {
  let orgs: { orgId: string }[];
  try {
    orgs = await createDb(env.DB).select({ orgId: memberships.organizationId }).from(memberships).where(eq(memberships.userId, userId));
  } catch (err) {
    // The session is already revoked: sign-out must still succeed, and each hub's periodic check of its
    // sockets' credentials closes them within a minute.
    console.error(JSON.stringify({ level: "warn", msg: "could not list organizations to close a signed-out session's sockets", userId, error: err instanceof Error ? err.message : String(err) }));
    return;
  }
  await Promise.all(orgs.map(({ orgId }) => tellHub(env, orgId, "close a signed-out session's sockets", (hub) => hub.sessionEnded(userId, sessionKey))));
}
