/**
 * The sync engine end to end: OrgHub (a real Durable Object) syncing docks against the DigitalOcean fake
 * over loopback HTTP, writing into real D1, driven by its alarm.
 */
import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dock } from "../shared/docks";
import type { Resource, ResourceEvent, Summary } from "../shared/resources";
import { addMember, api, connectDock, createOrg, fakeUrl, injectFault, signUp } from "../test/helpers";
import { doAccount, dropletsOnly, runs, settled, syncNow } from "../test/sync-helpers";
import { createDb } from "../core/db/client";
import worker from "../worker/index";
import { overdueOrganizations } from "../worker/services/cron";
import type { OrgHub } from "./org-hub";

let cookie: string;
let orgId: string;

beforeAll(async () => {
  ({ cookie } = await signUp("Syncer"));
  orgId = await createOrg(cookie, "Sync Org");
});

async function allResources(kind = "server", extra = ""): Promise<Resource[]> {
  const out: Resource[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Resource[]; nextCursor: string | null } } = await api("GET", `/api/orgs/${orgId}/resources?kind=${kind}&limit=200${extra}${cursor ? `&cursor=${cursor}` : ""}`, { cookie });
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

async function dock(dockId: string): Promise<Dock> {
  return (await api<Dock>("GET", `/api/orgs/${orgId}/docks/${dockId}`, { cookie })).body;
}

/** A dock whose fake account holds `count` droplets, after its first sync has finished. */
async function dockWithDroplets(count: number) {
  const token = `dop_v1_${crypto.randomUUID().replace(/-/g, "")}`;
  await fetch(`${fakeUrl("digitalocean")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  await dropletsOnly(token, count);
  const res = await api<Dock>("POST", `/api/orgs/${orgId}/docks`, { cookie, body: { name: `${count} droplets`, provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") } });
  expect(res.status).toBe(201);
  const first = await settled(orgId, res.body.id, cookie);
  return { dockId: res.body.id, token, first };
}

function hub(): DurableObjectStub<OrgHub> {
  return env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId));
}

describe("a new dock", () => {
  it("syncs at once and brings every droplet across all pages, as servers with their monthly price", async () => {
    const { dockId, first } = await dockWithDroplets(1234);
    expect(first).toMatchObject({ status: "succeeded", trigger: "schedule", seen: 1234, created: 1234, updated: 0, deleted: 0 });
    // 7 pages of droplets at 200, and every other listing as it costs an account without droplets: one (empty)
    // page each, beside that account's single empty page of droplets.
    const empty = await dockWithDroplets(0);
    expect(first!.pages).toBe(7 + empty.first!.pages - 1);
    const servers = await allResources("server", `&dockId=${dockId}`);
    expect(servers).toHaveLength(1234);
    expect(new Set(servers.map((s) => s.externalId)).size).toBe(1234);
    const one = servers.find((s) => s.externalId === "100000007")!;
    expect(one).toMatchObject({ kind: "server", provider: "digitalocean", name: "droplet-7", status: "running", providerStatus: "active", region: "nyc3", monthlyCostCents: 500, currency: "USD" });
    expect(one.kind === "server" && one.attributes.ipv4).toBe("203.0.0.7");
    const d = await dock(dockId);
    expect(d).toMatchObject({ status: "ok", consecutiveFailures: 0, lastError: null });
    expect(Date.parse(d.nextSyncAt!) - Date.parse(d.lastSyncAt!)).toBe(300_000);
    expect(d.rateLimit).toMatchObject({ limit: 5000 });
  });

  it("re-synced unchanged, writes no resource row and no event", async () => {
    const { dockId } = await dockWithDroplets(450);
    const before = await env.DB.prepare("SELECT max(last_seen_at) AS t, count(*) AS n FROM resources WHERE dock_id = ?").bind(dockId).first<{ t: number; n: number }>();
    const events = await env.DB.prepare("SELECT count(*) AS n FROM resource_events WHERE dock_id = ?").bind(dockId).first<{ n: number }>();
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", seen: 450, created: 0, updated: 0, unchanged: 450, deleted: 0 });
    const after = await env.DB.prepare("SELECT max(last_seen_at) AS t, count(*) AS n FROM resources WHERE dock_id = ?").bind(dockId).first<{ t: number; n: number }>();
    expect(after).toEqual(before);
    const eventsAfter = await env.DB.prepare("SELECT count(*) AS n FROM resource_events WHERE dock_id = ?").bind(dockId).first<{ n: number }>();
    expect(eventsAfter!.n).toBe(events!.n);
    // Yet every server shows it was seen by that sync.
    const servers = await allResources("server", `&dockId=${dockId}`);
    expect(servers.every((s) => Date.parse(s.lastSeenAt) >= Date.parse(run.startedAt))).toBe(true);
  });
});

describe("changes at the provider", () => {
  it("show up as exactly the created, updated (with field diffs) and deleted resources", async () => {
    const { dockId, token } = await dockWithDroplets(300);
    await doAccount(token, "PATCH", "/droplets/100000005", { name: "renamed-5", status: "off" });
    await doAccount(token, "DELETE", "/droplets/100000006");
    await doAccount(token, "POST", "/droplets", { index: 5000 });
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ status: "succeeded", created: 1, updated: 1, deleted: 1, unchanged: 298, seen: 300 });

    const events = await api<{ items: ResourceEvent[] }>("GET", `/api/orgs/${orgId}/events?dockId=${dockId}&limit=3`, { cookie });
    const byChange = Object.fromEntries(events.body.items.map((e) => [e.change, e]));
    expect(byChange.updated!.name).toBe("renamed-5");
    expect(byChange.updated!.diff).toEqual([
      { field: "name", before: "droplet-5", after: "renamed-5" },
      { field: "status", before: "running", after: "stopped" },
      { field: "providerStatus", before: "active", after: "off" },
    ]);
    expect(byChange.deleted!.name).toBe("droplet-6");
    expect(byChange.created!.name).toBe("droplet-5000");
    const seqs = events.body.items.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);

    const live = await allResources("server", `&dockId=${dockId}`);
    expect(live).toHaveLength(300);
    expect(live.find((r) => r.externalId === "100000006")).toBeUndefined();
    const withDeleted = await allResources("server", `&dockId=${dockId}&includeDeleted=true`);
    expect(withDeleted.find((r) => r.externalId === "100000006")?.deletedAt).not.toBeNull();

    const renamed = live.find((r) => r.externalId === "100000005")!;
    const detail = await api<Resource & { events: ResourceEvent[] }>("GET", `/api/orgs/${orgId}/resources/${renamed.id}`, { cookie });
    expect(detail.body.events.map((e) => e.change)).toEqual(["updated", "created"]);
  });

  it("a droplet that comes back after deletion is the same resource, created again", async () => {
    const { dockId, token } = await dockWithDroplets(5);
    await doAccount(token, "DELETE", "/droplets/100000001");
    await syncNow(orgId, dockId, cookie);
    await doAccount(token, "POST", "/droplets", { index: 1 });
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ created: 1, deleted: 0 });
    const all = await allResources("server", `&dockId=${dockId}&includeDeleted=true`);
    expect(all.filter((r) => r.externalId === "100000001")).toHaveLength(1);
    expect(all.find((r) => r.externalId === "100000001")!.deletedAt).toBeNull();
  });
});

describe("failures", () => {
  it("a failure on page 3 of 5 deletes nothing, shows the error and backs off (the other kinds still sync: partial)", async () => {
    const { dockId, token } = await dockWithDroplets(1000);
    await doAccount(token, "DELETE", "/droplets/100000999");
    await injectFault({ kind: "status", status: 500, path: "/v2/droplets", page: 3, token, times: 10 });
    const before = Date.now();
    const run = await syncNow(orgId, dockId, cookie);
    expect(run.status).toBe("partial");
    expect(run.error).toMatch(/DigitalOcean failed with 500/);
    expect(run.deleted).toBe(0);
    expect(await allResources("server", `&dockId=${dockId}`)).toHaveLength(1000);
    const d = await dock(dockId);
    expect(d).toMatchObject({ status: "partial", consecutiveFailures: 1 });
    expect(d.lastError).toMatch(/500/);
    const wait = Date.parse(d.backoffUntil!) - before;
    expect(wait).toBeGreaterThanOrEqual(5_000);
    expect(wait).toBeLessThanOrEqual(31_000 + (Date.now() - before));
    expect(d.nextSyncAt).toBe(d.backoffUntil);

    // Once the provider recovers, the next sync completes and the vanished droplet is marked deleted.
    await fetch(`${fakeUrl("digitalocean")}/_fake/faults`, { method: "DELETE" });
    const recovered = await syncNow(orgId, dockId, cookie);
    expect(recovered).toMatchObject({ status: "succeeded", deleted: 1 });
    expect(await dock(dockId)).toMatchObject({ status: "ok", consecutiveFailures: 0, backoffUntil: null });
  });

  it("a short 429 is waited out inside the run; a long one ends it and schedules the retry for then", async () => {
    const { dockId, token } = await dockWithDroplets(600);
    await injectFault({ kind: "rate_limit", retryAfterSeconds: 1, path: "/v2/droplets", page: 2, token, times: 1 });
    const short = await syncNow(orgId, dockId, cookie);
    expect(short.status).toBe("succeeded");
    // The 429 was a request too, and the wait is visible in the run's length.
    expect(Date.parse(short.finishedAt!) - Date.parse(short.startedAt)).toBeGreaterThanOrEqual(1000);

    await injectFault({ kind: "rate_limit", retryAfterSeconds: 600, path: "/v2/droplets", token, times: 1 });
    const before = Date.now();
    const long = await syncNow(orgId, dockId, cookie);
    expect(long.status).toBe("failed");
    expect(long.error).toMatch(/rate limiting/);
    const d = await dock(dockId);
    expect(Date.parse(d.nextSyncAt!) - before).toBeGreaterThanOrEqual(599_000);
    expect(Date.parse(d.nextSyncAt!) - before).toBeLessThanOrEqual(601_000 + (Date.now() - before));
    expect(d.rateLimit?.remaining).toBe(0);
  });

  it("rejected credentials put the dock in error without retries, and repeated rejections pause it", async () => {
    const { dockId, token } = await dockWithDroplets(3);
    await fetch(`${fakeUrl("digitalocean")}/_fake/tokens/${token}`, { method: "DELETE" });
    const first = await syncNow(orgId, dockId, cookie);
    expect(first.error).toBe("DigitalOcean rejected the credentials: Unable to authenticate you.");
    let d = await dock(dockId);
    expect(d).toMatchObject({ status: "error", nextSyncAt: null, syncEnabled: true });
    await syncNow(orgId, dockId, cookie);
    await syncNow(orgId, dockId, cookie);
    d = await dock(dockId);
    expect(d).toMatchObject({ status: "paused", syncEnabled: false, nextSyncAt: null });
    expect(d.lastError).toMatch(/^Paused after 3 credential rejections: DigitalOcean rejected the credentials/);
    // Nothing was deleted by the failed runs.
    expect(await allResources("server", `&dockId=${dockId}`)).toHaveLength(3);

    // New credentials that work clear the failure and resume the schedule.
    const fresh = `dop_v1_${crypto.randomUUID().replace(/-/g, "")}`;
    await fetch(`${fakeUrl("digitalocean")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: fresh }) });
    await dropletsOnly(fresh, 3);
    const runsSoFar = (await runs(orgId, dockId, cookie)).length;
    const patched = await api<Dock>("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie, body: { credentials: { token: fresh }, syncEnabled: true } });
    expect(patched.body).toMatchObject({ status: "pending", consecutiveFailures: 0, syncEnabled: true });
    const run = await settled(orgId, dockId, cookie, runsSoFar + 1);
    expect(run?.status).toBe("succeeded");
    expect(await dock(dockId)).toMatchObject({ status: "ok" });
  });
});

describe("scheduling", () => {
  it("a lease keeps a second trigger from starting a second sync of the same dock", async () => {
    const { dockId, token } = await dockWithDroplets(10);
    await injectFault({ kind: "slow", delayMs: 1500, path: "/v2/droplets", token, times: 1 });
    const a = await api<{ runId: string; alreadyRunning: boolean }>("POST", `/api/orgs/${orgId}/docks/${dockId}/sync`, { cookie });
    await new Promise((r) => setTimeout(r, 300));
    const b = await api<{ runId: string; alreadyRunning: boolean }>("POST", `/api/orgs/${orgId}/docks/${dockId}/sync`, { cookie });
    expect(a.body.alreadyRunning).toBe(false);
    expect(b.body).toEqual({ runId: a.body.runId, alreadyRunning: true });
    await settled(orgId, dockId, cookie);
  });

  it("a sync too large for one invocation resumes from its persisted cursor, as one run", async () => {
    const { dockId, token, first: emptyRun } = await dockWithDroplets(0);
    await dropletsOnly(token, 1000);
    await runInDurableObject(hub(), (instance: OrgHub) => {
      instance.sliceMs = 0;
    });
    const run = await syncNow(orgId, dockId, cookie);
    await runInDurableObject(hub(), (instance: OrgHub) => {
      instance.sliceMs = 20_000;
    });
    expect(run).toMatchObject({ status: "succeeded", created: 1000, seen: 1000 });
    // 5 pages of droplets at 200 in place of the one empty page; every other listing as before.
    expect(run.pages).toBe(5 + emptyRun!.pages - 1);
    expect(await allResources("server", `&dockId=${dockId}`)).toHaveLength(1000);
  });

  it("the cron re-arms only organizations with overdue docks, and the lost sync runs", async () => {
    const { dockId } = await dockWithDroplets(2);
    const { cookie: otherCookie } = await signUp("Punctual");
    const punctual = await createOrg(otherCookie, "Punctual Org");
    await connectDock(punctual, otherCookie);

    // Lose the alarm and make the dock overdue.
    await runInDurableObject(hub(), async (_instance: OrgHub, state) => {
      await state.storage.deleteAlarm();
    });
    await env.DB.prepare("UPDATE docks SET next_sync_at = ? WHERE id = ?").bind(Date.now() - 10 * 60_000, dockId).run();
    expect(await overdueOrganizations(createDb(env.DB), Date.now())).toEqual([orgId]);

    const before = (await settled(orgId, dockId, cookie))!.id;
    const runsSoFar = (await runs(orgId, dockId, cookie)).length;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const after = await settled(orgId, dockId, cookie, runsSoFar + 1);
    expect(after!.id).not.toBe(before);
    expect(after!.status).toBe("succeeded");
    expect(await overdueOrganizations(createDb(env.DB), Date.now())).toEqual([]);
  });

  it("pausing a dock stops its schedule; resuming starts it again", async () => {
    const { dockId } = await dockWithDroplets(1);
    await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie, body: { syncEnabled: false } });
    const alarmWhilePaused = await runInDurableObject(hub(), (_i: OrgHub, state) => state.storage.sql.exec<{ enabled: number; next_run_at: number | null }>("SELECT enabled, next_run_at FROM schedule WHERE dock_id = ?", dockId).toArray()[0]);
    expect(alarmWhilePaused).toEqual({ enabled: 0, next_run_at: null });
    await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie, body: { syncEnabled: true } });
    const resumed = await runInDurableObject(hub(), (_i: OrgHub, state) => state.storage.sql.exec<{ enabled: number }>("SELECT enabled FROM schedule WHERE dock_id = ?", dockId).toArray()[0]);
    expect(resumed).toEqual({ enabled: 1 });
  });

  it("credentials are decrypted for each run and audited as the system actor", async () => {
    const { dockId } = await dockWithDroplets(1);
    await syncNow(orgId, dockId, cookie);
    const rows = await env.DB.prepare("SELECT actor_type, metadata FROM audit_log WHERE target_id = ? AND action = 'credential.decrypt'").bind(dockId).all<{ actor_type: string; metadata: string }>();
    expect(rows.results.length).toBe(2);
    expect(rows.results.every((r) => r.actor_type === "system")).toBe(true);
  });
});

describe("the resource API", () => {
  it("summarizes counts and monthly cost per currency", async () => {
    const { cookie: own } = await signUp("Summer");
    const org = await createOrg(own, "Summary Org");
    const token = `dop_v1_${crypto.randomUUID().replace(/-/g, "")}`;
    await fetch(`${fakeUrl("digitalocean")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
    await dropletsOnly(token, 40);
    const created = await api<Dock>("POST", `/api/orgs/${org}/docks`, { cookie: own, body: { name: "d", provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") } });
    await settled(org, created.body.id, own);
    const summary = await api<Summary>("GET", `/api/orgs/${org}/summary`, { cookie: own });
    expect(summary.body).toEqual({
      total: 40,
      byKind: { server: 40 },
      byStatus: { running: 40 },
      byProvider: { digitalocean: 40 },
      monthlyCost: [{ currency: "USD", cents: 40 * 500, resources: 40 }],
    });
  });

  it("syncs the contract's example volumes, domains, records, databases and load balancers", async () => {
    const { cookie: own } = await signUp("Kinds");
    const org = await createOrg(own, "Kinds Org");
    const { dockId } = await connectDock(org, own);
    await settled(org, dockId, own);
    const kinds = await api<Summary>("GET", `/api/orgs/${org}/summary`, { cookie: own });
    expect(kinds.body.byKind).toEqual({ server: 3, block_volume: 2, domain: 1, dns_record: 4, database: 1, load_balancer: 2 });
    const db = await api<{ items: Resource[] }>("GET", `/api/orgs/${org}/resources?kind=database`, { cookie: own });
    expect(JSON.stringify(db.body)).not.toContain("wv78n3zpz42xezdk");
    expect(db.body.items[0]).toMatchObject({ name: "backend", status: "running", attributes: { engine: "pg", version: "10" } });
  });

  it("filters by status and searches by name", async () => {
    const { dockId, token } = await dockWithDroplets(30);
    await doAccount(token, "PATCH", "/droplets/100000012", { status: "off" });
    await syncNow(orgId, dockId, cookie);
    const stopped = await allResources("server", `&dockId=${dockId}&status=stopped`);
    expect(stopped.map((r) => r.externalId)).toEqual(["100000012"]);
    const found = await allResources("server", `&dockId=${dockId}&q=droplet-2`);
    expect(found.map((r) => r.name).sort()).toEqual(["droplet-2", "droplet-20", "droplet-21", "droplet-22", "droplet-23", "droplet-24", "droplet-25", "droplet-26", "droplet-27", "droplet-28", "droplet-29"]);
    const bad = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/resources?status=melting`, { cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/status/);
  });

  it("checks the area of each kind: resources:read for servers, monitoring:read for monitors and issues, docks:full to sync", async () => {
    const { dockId } = await dockWithDroplets(1);
    const noMonitoring = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie, body: { name: "Infra only", permissions: { resources: "read", docks: "read" } } });
    const infra = await addMember(orgId, cookie, { roleId: noMonitoring.body.id });
    expect((await api("GET", `/api/orgs/${orgId}/resources?kind=server`, { cookie: infra.cookie })).status).toBe(200);
    expect((await api("GET", `/api/orgs/${orgId}/resources?kind=monitor`, { cookie: infra.cookie })).status).toBe(403);
    expect((await api("POST", `/api/orgs/${orgId}/docks/${dockId}/sync`, { cookie: infra.cookie })).status).toBe(403);
    const onlyMonitoring = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie, body: { name: "On call", permissions: { monitoring: "read" } } });
    const onCall = await addMember(orgId, cookie, { roleId: onlyMonitoring.body.id });
    expect((await api("GET", `/api/orgs/${orgId}/resources?kind=server`, { cookie: onCall.cookie })).status).toBe(403);
    expect((await api("GET", `/api/orgs/${orgId}/resources?kind=issue`, { cookie: onCall.cookie })).status).toBe(200);
    const events = await api<{ items: ResourceEvent[] }>("GET", `/api/orgs/${orgId}/events?limit=200`, { cookie: onCall.cookie });
    expect(events.body.items.every((e) => e.kind === "monitor" || e.kind === "issue")).toBe(true);
  });
});

describe("scale", () => {
  it("a 10,000-droplet account syncs completely", async () => {
    const { dockId, first } = await dockWithDroplets(10_000);
    expect(first).toMatchObject({ status: "succeeded", created: 10_000, seen: 10_000 });
    const row = await env.DB.prepare("SELECT count(*) AS n FROM resources WHERE dock_id = ? AND deleted_at IS NULL").bind(dockId).first<{ n: number }>();
    expect(row!.n).toBe(10_000);
    const events = await env.DB.prepare("SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM resource_events WHERE dock_id = ?").bind(dockId).first<{ n: number; seqs: number }>();
    expect(events).toEqual({ n: 10_000, seqs: 10_000 });
  });
});

describe("other providers through the same engine", () => {
  async function connect(provider: string, token: string, baseUrl: string) {
    await fetch(`${fakeUrl(provider)}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
    const { cookie: own } = await signUp(provider);
    const org = await createOrg(own, `${provider} org`);
    const res = await api<Dock>("POST", `/api/orgs/${org}/docks`, { cookie: own, body: { name: provider, provider, credentials: { token }, baseUrl } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const run = await settled(org, res.body.id, own);
    const summary = await api<Summary>("GET", `/api/orgs/${org}/summary`, { cookie: own });
    return { run, summary: summary.body };
  }

  it("a Hetzner Cloud dock syncs every kind its fake holds with EUR prices", async () => {
    const { run, summary } = await connect("hetzner", `hcloud_${crypto.randomUUID().replace(/-/g, "")}${crypto.randomUUID().replace(/-/g, "")}`, `${fakeUrl("hetzner")}/v1`);
    expect(run?.status, run?.error ?? "").toBe("succeeded");
    expect(Object.keys(summary.byKind).sort()).toEqual(["block_volume", "certificate", "dns_record", "domain", "firewall", "ip_address", "load_balancer", "network", "server", "snapshot"]);
    expect(summary.monthlyCost.map((c) => c.currency)).toEqual(["EUR"]);
    expect(summary.monthlyCost[0]!.cents).toBeGreaterThan(0);
  });

  it("a GitHub dock syncs repositories and their deployments", async () => {
    const { run, summary } = await connect("github", `ghp_${crypto.randomUUID().replace(/-/g, "")}`, fakeUrl("github"));
    expect(run?.status, run?.error ?? "").toBe("succeeded");
    expect(summary.byKind.repository).toBeGreaterThanOrEqual(2);
    expect(summary.byKind.deployment).toBeGreaterThanOrEqual(1);
    expect(summary.monthlyCost).toEqual([]);
  });
});
