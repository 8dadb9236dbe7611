/**
 * Remembered pages: a listing whose page bytes are unchanged hands the page on unread, and the engine accepts
 * it while its index agrees with what it remembered — an unchanged re-sync then neither parses nor validates
 * nor normalizes anything. Whatever changed is read: the provider's bytes (one droplet renamed), the index (a
 * webhook wrote a resource since), or the Worker's version. The syncs run inside the organization's OrgHub,
 * through the real DigitalOcean adapter against its fake, with the hub's index and memo.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { digitalocean } from "../../adapters/digitalocean";
import { makeDroplet } from "../../adapters/digitalocean/fake";
import { normalizeDroplet } from "../../adapters/digitalocean/normalize";
import { dropletSchema } from "../../adapters/digitalocean/schemas";
import type { AdapterSession } from "../../adapters/types";
import { createDb } from "../../core/db/client";
import { createOrg, fakeUrl, signUp } from "../../test/helpers";
import { doAccount, quietDigitalOceanDock } from "../../test/sync-helpers";
import type { OrgHub } from "../org-hub";
import { hashIndexFor } from "./hash-index";
import { pageMemoFor } from "./page-memo";
import type { DockWriter, SyncCounters } from "./sync-dock";
import { applyDirect, freshContinuation, syncDock } from "./sync-dock";

let cookie: string;
let orgId: string;

beforeAll(async () => {
  ({ cookie } = await signUp("Memo"));
  orgId = await createOrg(cookie, "Page Memo Org");
});

/** 450 droplets: DigitalOcean pages of 200, 200 and 50, then the (empty) GPU listing. */
const DROPLETS = 450;

const hub = () => env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId));

function writer(instance: OrgHub, sql: SqlStorage, dockId: string): DockWriter {
  return {
    db: createDb(env.DB),
    organizationId: orgId,
    dockId,
    provider: "digitalocean",
    baseUrl: fakeUrl("digitalocean"),
    allocateSeq: (count) => instance.allocateSeq(count),
    hashIndex: hashIndexFor(sql),
  };
}

/** The session's pages as the engine received them: reused (unread) or read. */
function observed(session: AdapterSession): { session: AdapterSession; pages: ("reused" | "read")[] } {
  const pages: ("reused" | "read")[] = [];
  return {
    pages,
    session: {
      baseUrl: session.baseUrl,
      list: async function* (kind, cursor) {
        for await (const page of session.list(kind, cursor)) {
          pages.push("reused" in page ? "reused" : "read");
          yield page;
        }
      },
    },
  };
}

/** One sync of the dock's servers through the DigitalOcean adapter, remembering pages under `version`. */
async function sync(dockId: string, token: string, version = "v1"): Promise<{ counters: SyncCounters; pages: ("reused" | "read")[] }> {
  return runInDurableObject(hub(), async (instance: OrgHub, state) => {
    const sql = state.storage.sql;
    const pageMemo = pageMemoFor(sql, dockId, version);
    const opened = digitalocean.open({ token }, { baseUrl: fakeUrl("digitalocean"), outbound: { allowPrivateHosts: true } }, { pageMemo: (kind) => pageMemo.forKind(kind) });
    const { session, pages } = observed(opened);
    const outcome = await syncDock(
      { ...writer(instance, sql, dockId), adapter: { resourceKinds: ["server"] }, session, pageMemo, shouldYield: () => false, checkpoint: () => undefined },
      freshContinuation(),
    );
    if (outcome.state !== "completed") throw new Error("the sync yielded");
    return { counters: outcome.counters, pages };
  });
}

/** The keys of the dock's remembered server pages. */
function rememberedKeys(dockId: string): Promise<string[]> {
  return runInDurableObject(hub(), (_i: OrgHub, state) =>
    state.storage.sql
      .exec<{ key: string }>("SELECT key FROM sync_page_memo WHERE dock_id = ? AND kind = 'server' ORDER BY key", dockId)
      .toArray()
      .map((row) => row.key),
  );
}

async function nameOf(dockId: string, externalId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT name FROM resources WHERE dock_id = ? AND kind = 'server' AND external_id = ?").bind(dockId, externalId).first<{ name: string }>();
  return row?.name;
}

/** A dock of DROPLETS droplets whose first sync (through the memo) is done: every page read and remembered. */
async function remembered(): Promise<{ dockId: string; token: string }> {
  const { dockId, token } = await quietDigitalOceanDock(orgId, cookie, 0);
  await doAccount(token, "POST", "/droplets/generate", { count: DROPLETS });
  const first = await sync(dockId, token);
  expect(first.pages).toEqual(["read", "read", "read", "read"]);
  expect(first.counters).toMatchObject({ seen: DROPLETS, created: DROPLETS });
  return { dockId, token };
}

const untouched = { created: 0, updated: 0, deleted: 0 };

describe("remembered pages", () => {
  it("let an unchanged re-sync hand every page on unread, each resource counted unchanged and nothing written", async () => {
    const { dockId, token } = await remembered();
    expect(await rememberedKeys(dockId)).toHaveLength(4);
    const again = await sync(dockId, token);
    expect(again.pages).toEqual(["reused", "reused", "reused", "reused"]);
    expect(again.counters).toMatchObject({ ...untouched, seen: DROPLETS, unchanged: DROPLETS });
  });

  it("read only the page whose bytes changed, and write only what changed on it", async () => {
    const { dockId, token } = await remembered();
    const renamed = String(makeDroplet(250).id);
    await doAccount(token, "PATCH", `/droplets/${renamed}`, { name: "renamed-250" });
    const again = await sync(dockId, token);
    expect(again.pages).toEqual(["reused", "read", "reused", "reused"]);
    expect(again.counters).toMatchObject({ seen: DROPLETS, updated: 1, unchanged: DROPLETS - 1, created: 0, deleted: 0 });
    expect(await nameOf(dockId, renamed)).toBe("renamed-250");
    // The page is remembered as it now is: the next re-sync reads nothing again.
    expect((await sync(dockId, token)).pages).toEqual(["reused", "reused", "reused", "reused"]);
  });

  it("are read after all when the index no longer agrees: a webhook wrote one of their resources since", async () => {
    const { dockId, token } = await remembered();
    const hooked = makeDroplet(10);
    await runInDurableObject(hub(), (instance: OrgHub, state) =>
      applyDirect(writer(instance, state.storage.sql, dockId), "server", [normalizeDroplet(dropletSchema.parse({ ...hooked, name: "hooked-10" }))], []),
    );
    expect(await nameOf(dockId, String(hooked.id))).toBe("hooked-10");
    // The provider still lists the droplet as it was: its page's bytes are unchanged, yet the listing wins.
    const again = await sync(dockId, token);
    expect(again.pages).toEqual(["reused", "reused", "reused", "reused"]);
    expect(again.counters).toMatchObject({ seen: DROPLETS, updated: 1, unchanged: DROPLETS - 1 });
    expect(await nameOf(dockId, String(hooked.id))).toBe(hooked.name);
  });

  it("made by another version of the Worker are not used, and the new version's replace them", async () => {
    const { dockId, token } = await remembered();
    const upgraded = await sync(dockId, token, "v2");
    expect(upgraded.pages).toEqual(["read", "read", "read", "read"]);
    // Read again, and found unchanged: nothing is written.
    expect(upgraded.counters).toMatchObject({ ...untouched, seen: DROPLETS, unchanged: DROPLETS });
    expect((await sync(dockId, token, "v2")).pages).toEqual(["reused", "reused", "reused", "reused"]);
  });

  it("that a complete listing no longer fetched are forgotten", async () => {
    const { dockId, token } = await remembered();
    await doAccount(token, "POST", "/droplets/generate", { count: 150 });
    const shrunk = await sync(dockId, token);
    expect(shrunk.pages).toEqual(["read", "reused"]);
    expect(shrunk.counters).toMatchObject({ seen: 150, deleted: DROPLETS - 150 });
    // The first droplet page (its total changed) and the GPU page stay; pages 2 and 3 are gone.
    expect(await rememberedKeys(dockId)).toHaveLength(2);
  });
});
