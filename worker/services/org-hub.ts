import { getServerByName } from "partyserver";
import type { OrgHub } from "../../durable-objects/org-hub";

export function orgHub(env: Env, orgId: string): Promise<DurableObjectStub<OrgHub>> {
  return getServerByName<Env, OrgHub>(env.ORG_HUB, orgId);
}

/**
 * Tells the organization's hub a dock changed. A failure here is logged, not surfaced: the change is in D1
 * already and the cron re-arms every overdue organization within minutes.
 */
export async function notifyDockChanged(env: Env, orgId: string, dockId: string, removed = false): Promise<void> {
  try {
    const hub = await orgHub(env, orgId);
    await (removed ? hub.removeDock(dockId) : hub.refreshDock(dockId));
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "could not reach OrgHub; the cron will heal the schedule", orgId, dockId, error: err instanceof Error ? err.message : String(err) }));
  }
}

/** Open live sockets re-check their access after a membership, role or token change (one user's, or all). */
export async function notifyAccessChanged(env: Env, orgId: string, userId?: string): Promise<void> {
  try {
    await (await orgHub(env, orgId)).accessChanged(userId);
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", msg: "could not re-check live sockets", orgId, error: err instanceof Error ? err.message : String(err) }));
  }
}
