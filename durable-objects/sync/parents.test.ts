/**
 * The parent relation through real syncs (OrgHub, the DigitalOcean fake, real D1): a DNS record is stored
 * with its domain as parent and listed under it, an unchanged re-sync writes nothing, and rows stored before
 * the relation existed — hashed without the field, parent backfilled by migration 0006 — are refreshed
 * without an event, while a parent that really changed is recorded as a change.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Resource, ResourceEvent } from "../../shared/resources";
import { api, connectDock, createOrg, signUp } from "../../test/helpers";
import { settled, syncNow } from "../../test/sync-helpers";
import type { OrgHub } from "../org-hub";
import { hashIndexFor } from "./hash-index";

let cookie: string;
let orgId: string;
let dockId: string;

beforeAll(async () => {
  ({ cookie } = await signUp("Parent"));
  orgId = await createOrg(cookie, "Parent Org");
  // The fake's example account: droplets, a volume, example.com with its records, a database, load balancers.
  ({ dockId } = await connectDock(orgId, cookie));
  await settled(orgId, dockId, cookie);
});

const snapshot = () =>
  env.DB.prepare("SELECT max(last_seen_at) AS t, count(*) AS n, group_concat(content_hash) AS hashes FROM (SELECT * FROM resources WHERE dock_id = ? ORDER BY id)")
    .bind(dockId)
    .first<{ t: number; n: number; hashes: string }>();
/**
 * Rows written by an older version predate the hub's hash index, which is then built from them on the first
 * run. A test that rewrites D1 behind the hub's back has the hub forget its index to be in that position.
 */
const storedByAnOlderVersion = () => runInDurableObject(env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId)), (_i: OrgHub, state) => hashIndexFor(state.storage.sql).dropDock(dockId));
const eventCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM resource_events WHERE dock_id = ?").bind(dockId).first<{ n: number }>())!.n;

describe("a DNS record and its domain", () => {
  it("is stored with the domain's name as its parent and listed under the domain, by name", async () => {
    const rows = await env.DB.prepare("SELECT parent_external_id AS parent FROM resources WHERE dock_id = ? AND kind = 'dns_record'").bind(dockId).all<{ parent: string | null }>();
    expect(rows.results.length).toBe(4);
    expect(rows.results.every((r) => r.parent === "example.com")).toBe(true);
    const unparented = await env.DB.prepare("SELECT count(*) AS n FROM resources WHERE dock_id = ? AND kind != 'dns_record' AND parent_external_id IS NOT NULL").bind(dockId).first<{ n: number }>();
    expect(unparented!.n).toBe(0);

    const domain = (await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=domain&dockId=${dockId}`, { cookie })).body.items[0]!;
    const children = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?parentId=${domain.id}`, { cookie });
    expect(children.body.items.map((r) => r.kind)).toEqual(["dns_record", "dns_record", "dns_record", "dns_record"]);
    expect(children.body.items.every((r) => r.parentId === domain.id)).toBe(true);
    const names = children.body.items.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(domain.parentId).toBeNull();
  });

  it("re-synced unchanged, writes no resource row and no event", async () => {
    const before = await snapshot();
    const events = await eventCount();
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ status: "succeeded", created: 0, updated: 0, deleted: 0 });
    expect(run.unchanged).toBe(before!.n);
    expect(await snapshot()).toEqual(before);
    expect(await eventCount()).toBe(events);
  });

  it("rows stored before parents existed are brought up to date without an event", async () => {
    // As the first sync after this change finds them: hashed over JSON without the field, parent backfilled.
    await env.DB.prepare("UPDATE resources SET content_hash = '0000000000000000' WHERE dock_id = ? AND kind = 'dns_record'").bind(dockId).run();
    await storedByAnOlderVersion();
    const events = await eventCount();
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ status: "succeeded", created: 0, updated: 0, deleted: 0 });
    expect(await eventCount()).toBe(events);
    const stale = await env.DB.prepare("SELECT count(*) AS n FROM resources WHERE dock_id = ? AND content_hash = '0000000000000000'").bind(dockId).first<{ n: number }>();
    expect(stale!.n).toBe(0);
  });

  it("a parent the stored row lacks is a change, recorded with its diff", async () => {
    const record = await env.DB.prepare("SELECT id FROM resources WHERE dock_id = ? AND kind = 'dns_record' ORDER BY id LIMIT 1").bind(dockId).first<{ id: string }>();
    await env.DB.prepare("UPDATE resources SET parent_external_id = NULL, content_hash = 'x' WHERE id = ?").bind(record!.id).run();
    await storedByAnOlderVersion();
    const run = await syncNow(orgId, dockId, cookie);
    expect(run).toMatchObject({ updated: 1, created: 0, deleted: 0 });
    const detail = await api<Resource & { events: ResourceEvent[] }>("GET", `/api/orgs/${orgId}/resources/${record!.id}`, { cookie });
    expect(detail.body.events[0]).toMatchObject({ change: "updated", diff: [{ field: "parentExternalId", before: null, after: "example.com" }] });
    expect(detail.body.parentExternalId).toBe("example.com");
    expect(detail.body.parentId).not.toBeNull();
  });
});
