/**
 * Per-kind outcomes of a sync, end to end: OrgHub syncing docks against the provider fakes over loopback,
 * with tokens that may read only some kinds (DigitalOcean custom scopes, a GitHub fine-grained token), and
 * the conditional-request cache a GitHub dock's runs keep in the hub's SQLite.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import databasesFixture from "../../adapters/digitalocean/fixtures/databases_list.json";
import volumesFixture from "../../adapters/digitalocean/fixtures/volumes_list.json";
import { READ_SCOPES } from "../../adapters/digitalocean/credentials";
import { digitalocean } from "../../adapters/digitalocean/index";
import type { Dock, DockKind, KindOutcome } from "../../shared/docks";
import type { Resource } from "../../shared/resources";
import { api, createOrg, fakeUrl, injectFault, signUp } from "../../test/helpers";
import { doAccount, dropletsOnly, runs, settled, syncNow } from "../../test/sync-helpers";
import type { OrgHub } from "../org-hub";

let cookie: string;
let orgId: string;

beforeAll(async () => {
  ({ cookie } = await signUp("Kinds"));
  orgId = await createOrg(cookie, "Kind Outcomes Org");
});

/** Every custom scope a DigitalOcean dock's listings and validation need. */
const DO_SCOPES: string[] = [...READ_SCOPES];

/** Registers the token with the fake, with only `scopes` when given (registering again replaces them). */
async function grant(provider: string, token: string, scopes?: string[]): Promise<void> {
  const res = await fetch(`${fakeUrl(provider)}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, scopes }) });
  expect(res.status).toBe(201);
}

const doToken = () => `dop_v1_${crypto.randomUUID().replace(/-/g, "")}`;

/** A DigitalOcean dock after its first run, its account holding `droplets` droplets and nothing else. */
async function doDock(droplets: number, scopes?: string[], before?: (token: string) => Promise<void>) {
  const token = doToken();
  await grant("digitalocean", token);
  await dropletsOnly(token, droplets);
  await before?.(token);
  if (scopes) await grant("digitalocean", token, scopes);
  const res = await api<Dock>("POST", `/api/orgs/${orgId}/docks`, { cookie, body: { name: `do ${droplets}`, provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const first = await settled(orgId, res.body.id, cookie);
  return { dockId: res.body.id, token, first: first! };
}

async function dock(dockId: string): Promise<Dock> {
  const res = await api<Dock>("GET", `/api/orgs/${orgId}/docks/${dockId}`, { cookie });
  expect(res.status).toBe(200);
  return res.body;
}

async function live(kind: string, dockId: string, includeDeleted = false): Promise<Resource[]> {
  const res = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=${kind}&dockId=${dockId}&limit=200${includeDeleted ? "&includeDeleted=true" : ""}`, { cookie });
  expect(res.status).toBe(200);
  return res.body.items;
}

/** Resources of a kind the dock shows as live, counted in D1 (the API pages them). */
async function liveCount(kind: string, dockId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM resources WHERE dock_id = ? AND kind = ? AND deleted_at IS NULL").bind(dockId, kind).first<{ n: number }>();
  return row!.n;
}

const outcomeOf = (kinds: readonly KindOutcome[], kind: string) => kinds.find((k) => k.kind === kind);
const standingOf = (d: Dock, kind: string): DockKind | undefined => d.kinds.find((k) => k.kind === kind);

function hub(): DurableObjectStub<OrgHub> {
  return env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId));
}

describe("a token that may not read some kinds", () => {
  it("still syncs the others; the run records each kind, and the dock is partial naming the scope to grant", async () => {
    const { dockId, first } = await doDock(5, DO_SCOPES.filter((s) => s !== "database:read"));
    expect(first.status).toBe("partial");
    // Every kind DigitalOcean declares, in its order: all listed but the databases.
    expect(first.kinds.map((k) => [k.kind, k.outcome])).toEqual(digitalocean.resourceKinds.map((kind) => [kind, kind === "database" ? "permission_missing" : "listed"]));
    expect(outcomeOf(first.kinds, "server")).toEqual({ kind: "server", outcome: "listed", reason: null, scope: null, count: 5 });
    // DigitalOcean's 403 does not name the scope; the adapter's own name for it stands in.
    expect(outcomeOf(first.kinds, "database")).toMatchObject({ scope: "database:read", count: null, reason: expect.stringMatching(/^DigitalOcean refused GET \/v2\/databases: .*You are not authorized to perform this operation\.$/) });
    expect(await live("server", dockId)).toHaveLength(5);

    const d = await dock(dockId);
    expect(d).toMatchObject({ status: "partial", consecutiveFailures: 0, backoffUntil: null, syncEnabled: true });
    expect(d.lastError).toBe("database: the credentials lack the permission database:read");
    expect(standingOf(d, "database")).toMatchObject({ outcome: "permission_missing", scope: "database:read", listedAt: null, count: null });
    expect(standingOf(d, "server")).toMatchObject({ outcome: "listed", count: 5, reason: null, scope: null });
    expect(standingOf(d, "server")!.listedAt).toBe(standingOf(d, "server")!.attemptedAt);
    // A missing permission is how the token was made, not a failure: the usual interval, no backoff.
    expect(Date.parse(d.nextSyncAt!) - Date.parse(d.lastSyncAt!)).toBe(300_000);
    // The list carries the same standing as the dock itself.
    const listed = await api<{ items: Dock[] }>("GET", `/api/orgs/${orgId}/docks?limit=100`, { cookie });
    expect(listed.body.items.find((x) => x.id === dockId)?.kinds).toEqual(d.kinds);
  });

  it("is not paused after three such runs in a row, nor backed off", async () => {
    const { dockId } = await doDock(2, DO_SCOPES.filter((s) => s !== "database:read"));
    for (let i = 0; i < 3; i++) expect((await syncNow(orgId, dockId, cookie)).status).toBe("partial");
    const d = await dock(dockId);
    expect(d).toMatchObject({ status: "partial", syncEnabled: true, consecutiveFailures: 0, backoffUntil: null });
    expect(Date.parse(d.nextSyncAt!) - Date.parse(d.lastSyncAt!)).toBe(300_000);
    const schedule = await runInDurableObject(hub(), (_i: OrgHub, state) =>
      state.storage.sql.exec<{ enabled: number; rejections: number }>("SELECT enabled, rejections FROM schedule WHERE dock_id = ?", dockId).toArray()[0],
    );
    expect(schedule).toEqual({ enabled: 1, rejections: 0 });
  });

  it("keeps the rows of a kind it can no longer read, with the age of their last full listing; granting the scope lists it again", async () => {
    const { dockId, token } = await doDock(1, undefined, async (t) => doAccount(t, "PUT", "/databases", databasesFixture.databases));
    const listedBefore = standingOf(await dock(dockId), "database")!;
    expect(listedBefore).toMatchObject({ outcome: "listed", count: 1 });

    await grant("digitalocean", token, DO_SCOPES.filter((s) => s !== "database:read"));
    const refused = await syncNow(orgId, dockId, cookie);
    expect(refused).toMatchObject({ status: "partial", deleted: 0 });
    expect(await live("database", dockId)).toHaveLength(1);
    const standing = standingOf(await dock(dockId), "database")!;
    expect(standing).toMatchObject({ outcome: "permission_missing", scope: "database:read", listedAt: listedBefore.listedAt, count: 1 });
    expect(Date.parse(standing.attemptedAt!)).toBeGreaterThan(Date.parse(listedBefore.attemptedAt!));

    await grant("digitalocean", token);
    expect((await syncNow(orgId, dockId, cookie)).status).toBe("succeeded");
    const d = await dock(dockId);
    expect(d).toMatchObject({ status: "ok", lastError: null });
    expect(standingOf(d, "database")).toMatchObject({ outcome: "listed", count: 1, scope: null, reason: null });
  });

  it("a GitHub fine-grained token without Deployments gets its repositories, and GitHub's header names the permission", async () => {
    const { cookie: own } = await signUp("Fine grained");
    const org = await createOrg(own, "Fine-grained org");
    const token = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
    await grant("github", token, ["metadata=read", "actions=read"]);
    const res = await api<Dock>("POST", `/api/orgs/${org}/docks`, { cookie: own, body: { name: "gh", provider: "github", credentials: { token }, baseUrl: fakeUrl("github") } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const run = (await settled(org, res.body.id, own))!;
    expect(run.status).toBe("partial");
    expect(outcomeOf(run.kinds, "repository")).toMatchObject({ outcome: "listed" });
    expect(outcomeOf(run.kinds, "repository")!.count).toBeGreaterThanOrEqual(2);
    expect(outcomeOf(run.kinds, "deployment")).toMatchObject({ outcome: "permission_missing", scope: "deployments=read", reason: expect.stringMatching(/Resource not accessible by personal access token$/) });
    const d = (await api<Dock>("GET", `/api/orgs/${org}/docks/${res.body.id}`, { cookie: own })).body;
    expect(d).toMatchObject({ status: "partial", lastError: "deployment: the credentials lack the permission deployments=read" });
  });
});

describe("a kind that fails part-way", () => {
  it("deletes nothing of that kind, while the other kinds are synced and swept; the next run backs off", async () => {
    const volumes = volumesFixture.volumes;
    const { dockId, token } = await doDock(600, undefined, async (t) => doAccount(t, "PUT", "/volumes", volumes));
    const serverListing = standingOf(await dock(dockId), "server")!;
    expect(await live("block_volume", dockId)).toHaveLength(2);

    await doAccount(token, "DELETE", "/droplets/100000599");
    await doAccount(token, "PUT", "/volumes", volumes.slice(0, 1));
    await injectFault({ kind: "status", status: 500, path: "/v2/droplets", page: 2, token, times: 10 });
    const before = Date.now();
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ status: "partial", deleted: 1 });
    expect(outcomeOf(run.kinds, "server")).toMatchObject({ outcome: "failed", count: null, reason: expect.stringMatching(/^DigitalOcean failed with 500 \(GET \/v2\/droplets\)/) });
    expect(outcomeOf(run.kinds, "block_volume")).toMatchObject({ outcome: "listed", count: 1 });
    // The droplet gone at the provider is still shown: its listing did not complete.
    expect(await liveCount("server", dockId)).toBe(600);
    expect(await live("block_volume", dockId)).toHaveLength(1);
    expect((await live("block_volume", dockId, true)).filter((v) => v.deletedAt !== null)).toHaveLength(1);

    const d = await dock(dockId);
    expect(d).toMatchObject({ status: "partial", consecutiveFailures: 1 });
    expect(d.lastError).toMatch(/^server not listed: DigitalOcean failed with 500/);
    expect(standingOf(d, "server")).toMatchObject({ outcome: "failed", listedAt: serverListing.listedAt, count: 600 });
    const wait = Date.parse(d.backoffUntil!) - before;
    expect(wait).toBeGreaterThanOrEqual(5_000);
    expect(wait).toBeLessThanOrEqual(31_000 + (Date.now() - before));
    expect(d.nextSyncAt).toBe(d.backoffUntil);
    await fetch(`${fakeUrl("digitalocean")}/_fake/faults`, { method: "DELETE" });
  });

  it("every kind failing fails the run and puts the dock in error, in the first failure's words", async () => {
    const { dockId, token } = await doDock(1);
    await injectFault({ kind: "status", status: 503, path: "/v2/", token, times: 1000 });
    const run = await syncNow(orgId, dockId, cookie);
    expect(run.status).toBe("failed");
    expect(run.kinds.every((k) => k.outcome === "failed")).toBe(true);
    const declared = digitalocean.resourceKinds.length;
    expect(run.kinds).toHaveLength(declared);
    expect(run.error).toMatch(new RegExp(`^DigitalOcean failed with 503 \\(GET /v2/droplets\\).* \\(and ${declared - 1} more kinds failed\\)$`));
    expect(await dock(dockId)).toMatchObject({ status: "error", consecutiveFailures: 1, lastError: run.error });
    await fetch(`${fakeUrl("digitalocean")}/_fake/faults`, { method: "DELETE" });
  });
});

describe("a rate limit mid-run", () => {
  it("ends the run for the reset, keeping the outcomes of the kinds done before it — across invocations too", async () => {
    const volumes = Array.from({ length: 250 }, (_, i) => ({ ...volumesFixture.volumes[0]!, id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`, name: `volume-${i}` }));
    const { dockId, token } = await doDock(3, undefined, async (t) => doAccount(t, "PUT", "/volumes", volumes));
    await injectFault({ kind: "rate_limit", retryAfterSeconds: 600, path: "/v2/databases", token, times: 1 });
    // Every page with more after it hands over to the next invocation: the servers finish in one, the volumes span two.
    await runInDurableObject(hub(), (instance: OrgHub) => {
      instance.sliceMs = 0;
    });
    const before = Date.now();
    const run = await syncNow(orgId, dockId, cookie);
    await runInDurableObject(hub(), (instance: OrgHub) => {
      instance.sliceMs = 20_000;
    });
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/rate limiting/);
    expect(run.kinds.map((k) => [k.kind, k.outcome])).toEqual([
      ["server", "listed"],
      ["block_volume", "listed"],
      ["domain", "listed"],
      ["dns_record", "listed"],
      ["database", "failed"],
    ]);
    expect(outcomeOf(run.kinds, "block_volume")?.count).toBe(250);
    const d = await dock(dockId);
    expect(Date.parse(d.nextSyncAt!) - before).toBeGreaterThanOrEqual(599_000);
    expect(standingOf(d, "load_balancer")).toMatchObject({ outcome: "listed" });
  });
});

describe("webhook runs", () => {
  it("record no kinds: nothing was listed", async () => {
    const { dockId } = await doDock(1);
    const { runId } = await runInDurableObject(hub(), (instance: OrgHub) => instance.applyWebhook(dockId, { type: "delete", event: "test", kind: "server", externalIds: ["nope"] }));
    const run = (await runs(orgId, dockId, cookie)).find((r) => r.id === runId);
    expect(run).toMatchObject({ trigger: "webhook", status: "succeeded", kinds: [] });
  });
});

describe("conditional requests (GitHub)", () => {
  interface CacheRow {
    url: string;
    etag: string;
    stored_at: number;
    [key: string]: SqlStorageValue;
  }
  const cacheOf = (dockId: string) =>
    runInDurableObject(hub(), (_i: OrgHub, state) => state.storage.sql.exec<CacheRow>("SELECT url, etag, stored_at FROM http_cache WHERE dock_id = ? ORDER BY url", dockId).toArray());

  async function githubDock() {
    const token = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
    await grant("github", token);
    const res = await api<Dock>("POST", `/api/orgs/${orgId}/docks`, { cookie, body: { name: "gh", provider: "github", credentials: { token }, baseUrl: fakeUrl("github") } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const first = (await settled(orgId, res.body.id, cookie))!;
    expect(first.status, first.error ?? "").toBe("succeeded");
    return { dockId: res.body.id, first };
  }

  it("a 304 reuses the stored page and the resources are unchanged; a changed ETag refreshes; entries are per dock", async () => {
    const a = await githubDock();
    const stored = await cacheOf(a.dockId);
    expect(stored.some((r) => r.url.includes("/user/repos"))).toBe(true);
    expect(stored.some((r) => r.url.includes("/deployments"))).toBe(true);

    const again = await syncNow(orgId, a.dockId, cookie);
    expect(again).toMatchObject({ status: "succeeded", created: 0, updated: 0, deleted: 0, seen: a.first.seen, unchanged: a.first.seen });
    // Every answer was a 304: nothing was stored anew.
    expect(await cacheOf(a.dockId)).toEqual(stored);
    expect((await live("repository", a.dockId)).length).toBe(outcomeOf(a.first.kinds, "repository")!.count);

    // A new repository changes the listing's page: its ETag moves, and the page is read and stored again.
    const created = await fetch(`${fakeUrl("github")}/_fake/repos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: `etag-${crypto.randomUUID().slice(0, 8)}` }) });
    expect(created.status).toBe(201);
    const repo = (await created.json()) as { id: number };
    try {
      const changed = await syncNow(orgId, a.dockId, cookie);
      expect(changed).toMatchObject({ status: "succeeded", created: 1 });
      const page = (rows: CacheRow[]) => rows.find((r) => r.url.includes("/user/repos"))!;
      const refreshed = await cacheOf(a.dockId);
      expect(page(refreshed).etag).not.toBe(page(stored).etag);
      expect(page(refreshed).stored_at).toBeGreaterThan(page(stored).stored_at);

      // Another dock of the same account keeps its own entries, and removing the first drops only the first's.
      const b = await githubDock();
      expect((await cacheOf(b.dockId)).length).toBeGreaterThan(0);
      expect((await api("DELETE", `/api/orgs/${orgId}/docks/${a.dockId}`, { cookie })).status).toBe(204);
      expect(await cacheOf(a.dockId)).toEqual([]);
      expect((await cacheOf(b.dockId)).length).toBeGreaterThan(0);
    } finally {
      await fetch(`${fakeUrl("github")}/_fake/repos/${repo.id}`, { method: "DELETE" });
    }
  });
});
