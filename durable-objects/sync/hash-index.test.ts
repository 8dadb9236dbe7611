/**
 * The dock's index of stored hashes in the hub's SQLite: an unchanged re-sync classifies its listing from it
 * without a single D1 read, a lost index is rebuilt from D1 once (D1 stays the source of truth), webhook
 * writes keep it in step, and a removed dock takes its entries with it. The syncs run inside the
 * organization's own OrgHub against an in-test listing, with D1 wrapped so every statement is counted.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { makeDroplet } from "../../adapters/digitalocean/fake";
import { normalizeDroplet } from "../../adapters/digitalocean/normalize";
import { dropletSchema } from "../../adapters/digitalocean/schemas";
import type { AdapterSession } from "../../adapters/types";
import type { NormalizedResource } from "../../shared/resources";
import { createOrg, fakeUrl, signUp } from "../../test/helpers";
import { quietDigitalOceanDock } from "../../test/sync-helpers";
import { createDb } from "../../core/db/client";
import type { Db } from "../../core/db/client";
import type { OrgHub } from "../org-hub";
import { hashIndexFor } from "./hash-index";
import type { SyncCounters, SyncJob } from "./sync-dock";
import { applyDirect, freshContinuation, syncDock } from "./sync-dock";

let cookie: string;
let orgId: string;

beforeAll(async () => {
  ({ cookie } = await signUp("Index"));
  orgId = await createOrg(cookie, "Hash Index Org");
});

/** A dock whose provider account is empty and whose schedule is off: only this file's syncs write to it. */
const quietDock = async () => (await quietDigitalOceanDock(orgId, cookie, 0)).dockId;

/** D1 with every statement it is asked to prepare recorded, and `batch()` made to fail on demand. */
function countedDb(): { db: Db; statements: string[]; reads: () => string[]; failNextBatch: () => void } {
  const statements: string[] = [];
  let failBatch = false;
  const d1 = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          statements.push(query);
          return target.prepare(query);
        };
      }
      if (prop === "batch") {
        return (batch: D1PreparedStatement[]) => {
          if (failBatch) {
            failBatch = false;
            return Promise.reject(new Error("D1 is unavailable"));
          }
          return target.batch(batch);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    db: createDb(d1),
    statements,
    reads: () => statements.filter((q) => /^\s*select\b/i.test(q)),
    failNextBatch: () => {
      failBatch = true;
    },
  };
}

const droplet = (i: number, overrides: Record<string, unknown> = {}): NormalizedResource => normalizeDroplet(dropletSchema.parse(makeDroplet(i, overrides)));
const droplets = (count: number) => Array.from({ length: count }, (_, i) => droplet(i));

/** The DigitalOcean adapter, listing only servers, and those from `items` (one page). */
/** A session whose one kind, servers, lists exactly `items`. */
function listing(items: NormalizedResource[]): AdapterSession {
  return {
    baseUrl: fakeUrl("digitalocean"),
    list: async function* () {
      yield { resources: structuredClone(items), next: null };
    },
  };
}

function hub(): DurableObjectStub<OrgHub> {
  return env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId));
}

function jobFor(instance: OrgHub, sql: SqlStorage | null, db: Db, dockId: string, items: NormalizedResource[]): SyncJob {
  return {
    db,
    organizationId: orgId,
    dockId,
    provider: "digitalocean",
    baseUrl: fakeUrl("digitalocean"),
    adapter: { resourceKinds: ["server"] },
    session: listing(items),
    allocateSeq: (count) => instance.allocateSeq(count),
    shouldYield: () => false,
    checkpoint: () => undefined,
    hashIndex: sql ? hashIndexFor(sql) : undefined,
  };
}

/** One sync of `items` as the dock's servers, in the hub, with the hub's index (or, with `withIndex: false`, none). */
async function sync(dockId: string, items: NormalizedResource[], d1 = countedDb(), withIndex = true): Promise<SyncCounters> {
  return runInDurableObject(hub(), async (instance: OrgHub, state) => {
    const outcome = await syncDock(jobFor(instance, withIndex ? state.storage.sql : null, d1.db, dockId, items), freshContinuation());
    if (outcome.state !== "completed") throw new Error("the sync yielded");
    return outcome.counters;
  });
}

async function eventsOf(dockId: string): Promise<{ resource_id: string; change: string }[]> {
  const { results } = await env.DB.prepare("SELECT resource_id, change FROM resource_events WHERE dock_id = ? AND kind = 'server' ORDER BY seq").bind(dockId).all<{ resource_id: string; change: string }>();
  return results;
}

async function idsOf(dockId: string): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare("SELECT external_id, id FROM resources WHERE dock_id = ? AND kind = 'server'").bind(dockId).all<{ external_id: string; id: string }>();
  return Object.fromEntries(results.map((r) => [r.external_id, r.id]));
}

/** What the hub's index holds for the dock's servers, or null when it holds none. */
function held(dockId: string) {
  return runInDurableObject(hub(), (_i: OrgHub, state) => {
    const index = hashIndexFor(state.storage.sql).load(dockId, "server");
    return index ? Object.fromEntries(index) : null;
  });
}

function loseIndex(dockId: string) {
  return runInDurableObject(hub(), (_i: OrgHub, state) => {
    state.storage.sql.exec("DELETE FROM sync_hash_index WHERE dock_id = ?", dockId);
    state.storage.sql.exec("DELETE FROM sync_hash_index_kinds WHERE dock_id = ?", dockId);
  });
}

const quiet = { created: 0, updated: 0, deleted: 0 };

describe("the hub's hash index", () => {
  it("lets an unchanged re-sync read nothing from D1; without it the same re-sync reads the index from D1", async () => {
    const dockId = await quietDock();
    const first = countedDb();
    expect(await sync(dockId, droplets(30), first)).toMatchObject({ created: 30, seen: 30 });
    // The dock's first run in the hub built its (then empty) index of servers: nothing to read from D1.
    expect(first.reads()).toEqual([]);
    const events = (await eventsOf(dockId)).length;

    const again = countedDb();
    expect(await sync(dockId, droplets(30), again)).toMatchObject({ ...quiet, unchanged: 30, seen: 30 });
    expect(again.reads()).toEqual([]);
    // Only the kind's listing outcome is written; no resource row, no event.
    expect(again.statements.filter((q) => /resources|resource_events/.test(q))).toEqual([]);
    expect(await eventsOf(dockId)).toHaveLength(events);

    const withoutHub = countedDb();
    expect(await sync(dockId, droplets(30), withoutHub, false)).toMatchObject({ ...quiet, unchanged: 30 });
    expect(withoutHub.reads().length).toBeGreaterThan(0);
  });

  it("holds each resource's id, hash and deletion as D1 does", async () => {
    const dockId = await quietDock();
    await sync(dockId, droplets(5));
    await sync(dockId, droplets(4));
    const { results } = await env.DB.prepare("SELECT external_id, id, content_hash, deleted_at FROM resources WHERE dock_id = ? AND kind = 'server'").bind(dockId).all<{ external_id: string; id: string; content_hash: string; deleted_at: number | null }>();
    expect(results).toHaveLength(5);
    expect(await held(dockId)).toEqual(Object.fromEntries(results.map((r) => [r.external_id, { id: r.id, hash: r.content_hash, deleted: r.deleted_at !== null }])));
    expect(Object.values((await held(dockId))!).filter((e) => e.deleted)).toHaveLength(1);
  });

  it("is rebuilt from D1 once when the hub lost it, and the sync stays correct", async () => {
    const dockId = await quietDock();
    await sync(dockId, droplets(30));
    const ids = await idsOf(dockId);
    const events = (await eventsOf(dockId)).length;

    // Lost and nothing changed: one D1 read (the kind's index), nothing written, no event.
    await loseIndex(dockId);
    const unchanged = countedDb();
    expect(await sync(dockId, droplets(30), unchanged)).toMatchObject({ ...quiet, unchanged: 30 });
    expect(unchanged.reads()).toHaveLength(1);
    expect(await eventsOf(dockId)).toHaveLength(events);

    // Lost again, with one droplet renamed and one gone: exactly those two events, on the resources' own ids.
    await loseIndex(dockId);
    const changed = droplets(30)
      .map((d, i) => (i === 3 ? droplet(3, { name: "renamed-3" }) : d))
      .filter((_, i) => i !== 7);
    expect(await sync(dockId, changed)).toMatchObject({ created: 0, updated: 1, deleted: 1, unchanged: 28 });
    const recent = (await eventsOf(dockId)).slice(events);
    expect(recent).toEqual([
      { resource_id: ids[changed[3]!.externalId], change: "updated" },
      { resource_id: ids[droplet(7).externalId], change: "deleted" },
    ]);
    expect(await idsOf(dockId)).toEqual(ids);

    // Rebuilt: the next unchanged re-sync reads nothing again.
    const after = countedDb();
    expect(await sync(dockId, changed, after)).toMatchObject({ ...quiet, unchanged: 29 });
    expect(after.reads()).toEqual([]);
  });

  it("is not trusted after a D1 write that failed, and is rebuilt from D1 before the next sync", async () => {
    const dockId = await quietDock();
    await sync(dockId, droplets(10));
    const events = (await eventsOf(dockId)).length;
    const changed = droplets(10).map((d, i) => (i === 2 ? droplet(2, { status: "off" }) : d));

    const failing = countedDb();
    failing.failNextBatch();
    await expect(sync(dockId, changed, failing)).rejects.toThrow("D1 is unavailable");
    expect(await held(dockId)).toBeNull();

    const retry = countedDb();
    expect(await sync(dockId, changed, retry)).toMatchObject({ created: 0, updated: 1, deleted: 0, unchanged: 9 });
    expect((await eventsOf(dockId)).slice(events).map((e) => e.change)).toEqual(["updated"]);
  });

  it("is kept in step by a webhook's direct writes, so the next unchanged listing reads nothing", async () => {
    const dockId = await quietDock();
    await sync(dockId, droplets(10));
    const events = (await eventsOf(dockId)).length;

    // A delivery: droplet 3 changed, droplet 50 is new, droplet 5 is gone.
    const direct = countedDb();
    const counters = await runInDurableObject(hub(), (instance: OrgHub, state) =>
      applyDirect(jobFor(instance, state.storage.sql, direct.db, dockId, []), "server", [droplet(3, { name: "hooked-3" }), droplet(50)], [droplet(5).externalId]),
    );
    expect(counters).toMatchObject({ created: 1, updated: 1, deleted: 1 });
    // Only the previous rows of the changed and the deleted droplet are read (their diff and event); the
    // index itself comes from the hub.
    expect(direct.reads()).toHaveLength(2);
    expect(direct.reads().every((q) => !/"kind" = \?/.test(q))).toBe(true);

    const now = [...droplets(10).map((d, i) => (i === 3 ? droplet(3, { name: "hooked-3" }) : d)).filter((_, i) => i !== 5), droplet(50)];
    const after = countedDb();
    expect(await sync(dockId, now, after)).toMatchObject({ ...quiet, unchanged: 10 });
    expect(after.reads()).toEqual([]);
    expect((await eventsOf(dockId)).slice(events).map((e) => e.change)).toEqual(["created", "updated", "deleted"]);
  });

  it("goes with a removed dock", async () => {
    const dockId = await quietDock();
    const other = await quietDock();
    await sync(dockId, droplets(3));
    await sync(other, droplets(2));
    await runInDurableObject(hub(), (instance: OrgHub) => instance.removeDock(dockId));
    expect(await held(dockId)).toBeNull();
    const left = await runInDurableObject(hub(), (_i: OrgHub, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM sync_hash_index WHERE dock_id = ?", dockId).one().n);
    expect(left).toBe(0);
    expect(Object.keys((await held(other))!)).toHaveLength(2);
  });
});
