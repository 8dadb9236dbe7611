/**
 * The permission filter comes from each kind's declared area: with one resource and one event of every
 * declared kind stored, a monitoring-only member sees only monitoring-area kinds and a resources-only member
 * only resources-area kinds — on the list, the summary, the events and the live channel — and asking for a
 * kind of the other area is refused. Every kind is covered, so a new kind is checked the day it is declared.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ResourceChange, ServerMessage } from "../../shared/live";
import { areaOfKind, RESOURCE_KINDS } from "../../shared/resources";
import type { KindArea, Resource, ResourceEvent, ResourceKind, Summary } from "../../shared/resources";
import type { OrgHub } from "../../durable-objects/org-hub";
import { LiveChannel } from "../../durable-objects/hub/live-channel";
import type { ChangeRecord } from "../../durable-objects/sync/resource-store";
import { createDb } from "../../core/db/client";
import type { ConnectionAccess } from "../../core/live-access";
import { addMember, api, connectDock, createOrg, signUp } from "../../test/helpers";
import { KIND_EXAMPLES } from "../../test/kind-examples";
import { connectLive, is } from "../../test/live-helpers";
import { settled } from "../../test/sync-helpers";

let owner: string;
let orgId: string;
let dockId: string;
const members = {} as Record<KindArea, string>;
const AT = Date.UTC(2026, 10, 1);

const inArea = (area: KindArea) => RESOURCE_KINDS.filter((k) => areaOfKind(k) === area);
const other = (area: KindArea): KindArea => (area === "resources" ? "monitoring" : "resources");

beforeAll(async () => {
  ({ cookie: owner } = await signUp("Areas"));
  orgId = await createOrg(owner, "Areas Org");
  ({ dockId } = await connectDock(orgId, owner));
  await settled(orgId, dockId, owner);
  // One resource and one event of every kind; external ids of their own, beside what the dock synced.
  const resource = env.DB.prepare(
    `INSERT INTO resources (id, organization_id, dock_id, provider, kind, external_id, name, status, attributes, first_seen_at, last_seen_at, content_hash)
     VALUES (?, ?, ?, 'digitalocean', ?, ?, ?, 'active', ?, ?, ?, 'h')`,
  );
  const event = env.DB.prepare("INSERT INTO resource_events (organization_id, seq, resource_id, dock_id, kind, name, change, diff, at) VALUES (?, ?, ?, ?, ?, ?, 'created', '[]', ?)");
  const seq = (await env.DB.prepare("SELECT max(seq) AS s FROM resource_events WHERE organization_id = ?").bind(orgId).first<{ s: number | null }>())?.s ?? 0;
  await env.DB.batch(
    RESOURCE_KINDS.flatMap((kind, i) => [
      resource.bind(`res_area_${kind}`, orgId, dockId, kind, `area-${kind}`, `area ${kind}`, JSON.stringify(KIND_EXAMPLES[kind]), AT, AT),
      event.bind(orgId, seq + 1000 + i, `res_area_${kind}`, dockId, kind, `area ${kind}`, AT),
    ]),
  );
  for (const area of ["resources", "monitoring"] as const) {
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner, body: { name: `${area} only`, permissions: { [area]: "read" } } });
    expect(role.status).toBe(201);
    members[area] = (await addMember(orgId, owner, { roleId: role.body.id }, `${area} reader`)).cookie;
  }
});

async function listedKinds(cookie: string): Promise<Set<ResourceKind>> {
  const kinds = new Set<ResourceKind>();
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Resource[]; nextCursor: string | null } } = await api("GET", `/api/orgs/${orgId}/resources?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { cookie });
    expect(res.status).toBe(200);
    for (const r of res.body.items) kinds.add(r.kind);
    cursor = res.body.nextCursor;
  } while (cursor);
  return kinds;
}

describe.each(["resources", "monitoring"] as const)("a %s-only member", (area) => {
  it("lists, counts and reads the history of exactly the kinds of that area", async () => {
    const cookie = members[area];
    expect([...(await listedKinds(cookie))].sort()).toEqual(inArea(area).sort());

    const summary = await api<Summary>("GET", `/api/orgs/${orgId}/summary`, { cookie });
    expect(summary.status).toBe(200);
    expect(Object.keys(summary.body.byKind).sort()).toEqual(inArea(area).sort());

    const events = await api<{ items: ResourceEvent[] }>("GET", `/api/orgs/${orgId}/events?limit=200`, { cookie });
    expect(events.status).toBe(200);
    expect([...new Set(events.body.items.map((e) => e.kind))].sort()).toEqual(inArea(area).sort());
  });

  it("is refused every kind of the other area, by list, detail and events", async () => {
    const cookie = members[area];
    for (const kind of inArea(other(area))) {
      expect((await api("GET", `/api/orgs/${orgId}/resources?kind=${kind}`, { cookie })).status, kind).toBe(403);
      expect((await api("GET", `/api/orgs/${orgId}/resources/res_area_${kind}`, { cookie })).status, kind).toBe(403);
      expect((await api("GET", `/api/orgs/${orgId}/events?kind=${kind}`, { cookie })).status, kind).toBe(403);
    }
  });
});

describe("the live channel", () => {
  it("carries changes of each kind only to sockets of the kind's area", async () => {
    const full = await connectLive(orgId, { cookie: owner });
    const resourcesOnly = await connectLive(orgId, { cookie: members.resources });
    // The channel itself needs resources:read, so a monitoring-only member sees no resource of that area there.
    const monitoringOnly = await connectLive(orgId, { cookie: members.monitoring });
    expect(monitoringOnly.status).toBe(403);
    await full.waitFor(is("hello"));
    await resourcesOnly.waitFor(is("hello"));

    const changes = RESOURCE_KINDS.map((kind): ChangeRecord => ({
      resourceId: `res_area_${kind}`,
      kind,
      name: `area ${kind}`,
      change: "updated",
      diff: [],
      parentExternalId: null,
    }));
    const hub = env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId)) as DurableObjectStub<OrgHub>;
    // Monitoring-area changes first: a socket gets messages in order, so once the resources batch has arrived,
    // anything of the monitoring batch meant for that socket would have arrived before it.
    // No provider has every kind yet, so the hub's live channel is handed one change of each, over the hub's own sockets.
    await runInDurableObject(hub, (instance: OrgHub, state) => {
      const live = new LiveChannel({ sql: state.storage.sql, orgId, db: () => createDb(env.DB), connections: (tag) => instance.getConnections<ConnectionAccess>(tag), wakeBy: async () => undefined });
      const publish = (part: ChangeRecord[]) => live.publishChanges(part, live.allocateSeq(part.length), dockId);
      publish(changes.filter((c) => areaOfKind(c.kind) === "monitoring"));
      publish(changes.filter((c) => areaOfKind(c.kind) === "resources"));
    });

    const changed = (messages: ServerMessage[]): ResourceChange[] => messages.flatMap((m) => (m.type === "resource.changed" ? m.changes : []));
    const areaKinds = (messages: ServerMessage[]) => [...new Set(changed(messages).filter((c) => c.resourceId.startsWith("res_area_")).map((c) => c.kind))].sort();
    await expect.poll(() => areaKinds(full.messages)).toEqual([...RESOURCE_KINDS].sort());
    await expect.poll(() => areaKinds(resourcesOnly.messages)).toEqual(inArea("resources").sort());
    expect(areaKinds(resourcesOnly.messages).some((k) => areaOfKind(k) === "monitoring")).toBe(false);
    full.close();
    resourcesOnly.close();
  });
});
