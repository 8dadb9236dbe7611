import { expect } from "vitest";
import type { SyncRun } from "../shared/resources";
import type { Dock } from "../shared/docks";
import { api, fakeToken, fakeUrl } from "./helpers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Controls one DigitalOcean fake account (a token is an account). */
export async function doAccount(token: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${fakeUrl("digitalocean")}/_fake/accounts/${token}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
}

/** An account holding exactly `count` generated droplets and nothing else. */
export async function dropletsOnly(token: string, count: number): Promise<void> {
  await doAccount(token, "POST", "/droplets/generate", { count });
  for (const collection of ["volumes", "databases", "loadBalancers", "domains"]) await doAccount(token, "PUT", `/${collection}`, []);
}

/**
 * A DigitalOcean dock over a fresh fake account of `droplets` droplets and nothing else, its first sync done
 * and its schedule off: only the test's own syncs write to it from then on.
 */
export async function quietDigitalOceanDock(orgId: string, cookie: string, droplets: number): Promise<{ dockId: string; token: string }> {
  const token = await fakeToken();
  await dropletsOnly(token, droplets);
  const res = await api<Dock>("POST", `/api/orgs/${orgId}/docks`, { cookie, body: { name: "quiet", provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await settled(orgId, res.body.id, cookie);
  expect((await api("PATCH", `/api/orgs/${orgId}/docks/${res.body.id}`, { cookie, body: { syncEnabled: false } })).status).toBe(200);
  return { dockId: res.body.id, token };
}

export async function runs(orgId: string, dockId: string, cookie: string): Promise<SyncRun[]> {
  const res = await api<{ items: SyncRun[] }>("GET", `/api/orgs/${orgId}/docks/${dockId}/runs?limit=200`, { cookie });
  expect(res.status).toBe(200);
  return res.body.items;
}

/**
 * Waits until no run of the dock is in progress (and at least `atLeast` runs exist, for a sync that is due
 * but not yet started) and returns the newest.
 */
export async function settled(orgId: string, dockId: string, cookie: string, atLeast = 1, timeoutMs = 60_000): Promise<SyncRun | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await runs(orgId, dockId, cookie);
    if (list.length >= atLeast && !list.some((r) => r.status === "running")) return list[0];
    if (Date.now() > deadline) throw new Error(`dock ${dockId} still syncing after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Lets any sync in progress finish, starts a fresh one, and returns it once finished. */
export async function syncNow(orgId: string, dockId: string, cookie: string): Promise<SyncRun> {
  await settled(orgId, dockId, cookie);
  const started = await api<{ runId: string; alreadyRunning: boolean }>("POST", `/api/orgs/${orgId}/docks/${dockId}/sync`, { cookie });
  expect(started.status).toBe(202);
  await settled(orgId, dockId, cookie);
  const run = (await runs(orgId, dockId, cookie)).find((r) => r.id === started.body.runId);
  if (!run) throw new Error(`run ${started.body.runId} not listed`);
  return run;
}
