/** The live channel: authenticated upgrades, typed messages, permission filtering, resume, hibernation, revocation. */
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ResourceChange, ServerMessage } from "../shared/live";
import { CLOSE_ACCESS_REVOKED } from "../shared/live";
import { testKit } from "../adapters/digitalocean/testkit";
import { overHttp } from "../adapters/test-kit";
import { addMember, api, connectDock, createOrg, fakeUrl, roleIdOf, signUp } from "../test/helpers";
import { connectLive, is } from "../test/live-helpers";
import { doAccount, dropletsOnly, settled, syncNow } from "../test/sync-helpers";
import { LiveLog } from "./live-log";
import type { OrgHub } from "./org-hub";

let owner: Awaited<ReturnType<typeof signUp>>;
let orgId: string;
let dockId: string;
let token: string;

beforeAll(async () => {
  owner = await signUp("Live");
  orgId = await createOrg(owner.cookie, "Live Org");
  ({ dockId, token } = await connectDock(orgId, owner.cookie));
  await dropletsOnly(token, 5);
  await settled(orgId, dockId, owner.cookie);
  await syncNow(orgId, dockId, owner.cookie);
});

const hub = () => env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId)) as DurableObjectStub<OrgHub>;
const changesOf = (messages: ServerMessage[]): ResourceChange[] => messages.flatMap((m) => (m.type === "resource.changed" ? m.changes : []));

describe("opening the channel", () => {
  it("refuses without an upgrade for the anonymous, another organization's member, and a role without resources:read", async () => {
    expect((await connectLive(orgId, {})).status).toBe(401);
    const stranger = await signUp("Stranger");
    await createOrg(stranger.cookie, "Elsewhere");
    expect((await connectLive(orgId, { cookie: stranger.cookie })).status).toBe(404);
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Docks only", permissions: { docks: "read" } } });
    const docksOnly = await addMember(orgId, owner.cookie, { roleId: role.body.id });
    const refused = await connectLive(orgId, { cookie: docksOnly.cookie });
    expect(refused.status).toBe(403);
    expect(refused.closed).toBeNull();
  });

  it("refuses a cross-site page using the member's cookie", async () => {
    expect((await connectLive(orgId, { cookie: owner.cookie }, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("greets a member with the organization's current sequence number", async () => {
    const live = await connectLive(orgId, { cookie: owner.cookie });
    expect(live.status).toBe(101);
    const hello = await live.waitFor(is("hello"));
    expect(hello.seq).toBeGreaterThan(0);
    live.close();
  });
});

describe("what a sync pushes", () => {
  it("each written batch, dock status changes, progress and the finished run, in strictly increasing order", async () => {
    const live = await connectLive(orgId, { cookie: owner.cookie });
    const hello = await live.waitFor(is("hello"));
    await doAccount(token, "PATCH", "/droplets/100000001", { name: "live-renamed" });
    await doAccount(token, "DELETE", "/droplets/100000002");
    const run = await syncNow(orgId, dockId, owner.cookie);
    const finished = await live.waitFor((m): m is Extract<ServerMessage, { type: "sync.finished" }> => m.type === "sync.finished" && m.run.id === run.id);
    expect(finished.run).toMatchObject({ status: "succeeded", updated: 1, deleted: 1 });
    const changes = changesOf(live.messages);
    expect(changes.map((c) => [c.change, c.name])).toEqual([
      ["updated", "live-renamed"],
      ["deleted", "droplet-2"],
    ]);
    // Each change is its event row: its sequence number, dock, kind and the fields that changed.
    expect(changes[0]).toMatchObject({ dockId, kind: "server", diff: [{ field: "name", before: "droplet-1", after: "live-renamed" }] });
    expect(changes[1]).toMatchObject({ dockId, kind: "server", diff: [], parentExternalId: null });
    expect(changes[1]!.seq).toBeGreaterThan(changes[0]!.seq);
    expect(live.messages.some((m) => m.type === "dock.status" && m.dock.status === "syncing")).toBe(true);
    expect(live.messages.some((m) => m.type === "dock.status" && m.dock.status === "ok")).toBe(true);
    expect(live.messages.some((m) => m.type === "sync.progress" && m.runId === run.id)).toBe(true);
    const seqs = live.messages.flatMap((m) => ("seq" in m && m.type !== "hello" ? [m.seq] : []));
    expect(seqs[0]).toBeGreaterThan(hello.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    live.close();
  });
});

describe("only what the connection may read", () => {
  it("without docks:read no dock events; without monitoring:read no monitor or issue changes", async () => {
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Resources only", permissions: { resources: "read" } } });
    const member = await addMember(orgId, owner.cookie, { roleId: role.body.id });
    const limited = await connectLive(orgId, { cookie: member.cookie });
    const full = await connectLive(orgId, { cookie: owner.cookie });
    await limited.waitFor(is("hello"));
    await full.waitFor(is("hello"));
    // DigitalOcean's uptime checks are monitors: the same sync writes a server and a monitor.
    await testKit.seed.monitor!(overHttp(fakeUrl("digitalocean")), token, 1);
    await doAccount(token, "POST", "/droplets", { index: 777 });
    await syncNow(orgId, dockId, owner.cookie);
    await full.waitFor((m): m is ServerMessage => m.type === "sync.finished");
    await limited.waitFor((m): m is ServerMessage => m.type === "resource.changed" && m.changes.some((c) => c.name === "droplet-777"));
    expect(full.messages.some((m) => m.type === "resource.changed" && m.changes.some((c) => c.kind === "monitor"))).toBe(true);
    expect(limited.messages.some((m) => m.type === "resource.changed" && m.changes.some((c) => c.kind === "monitor"))).toBe(false);
    expect(limited.messages.filter((m) => m.type === "dock.status" || m.type === "sync.progress" || m.type === "sync.finished")).toEqual([]);
    limited.close();
    full.close();
  });
});

describe("settings changes", () => {
  it("members, invitations, roles, tokens and the name are announced to those who may read them", async () => {
    const member = await addMember(orgId, owner.cookie, "viewer", "Settings watcher");
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "No members", permissions: { resources: "read" } } });
    const outsider = await addMember(orgId, owner.cookie, { roleId: role.body.id }, "Resources only");
    const full = await connectLive(orgId, { cookie: owner.cookie });
    const viewer = await connectLive(orgId, { cookie: member.cookie });
    const limited = await connectLive(orgId, { cookie: outsider.cookie });
    await Promise.all([full, viewer, limited].map((live) => live.waitFor(is("hello"))));
    const announced = (live: typeof full) => live.messages.flatMap((m) => (m.type === "org.changed" ? [m.what] : []));

    const invitation = await api<{ id: string }>("POST", `/api/orgs/${orgId}/invitations`, { cookie: owner.cookie, body: { email: "later@example.com", roleId: await roleIdOf(orgId, owner.cookie, "Viewer") } });
    await api("DELETE", `/api/orgs/${orgId}/invitations/${invitation.body.id}`, { cookie: owner.cookie });
    await api("PATCH", `/api/orgs/${orgId}/roles/${role.body.id}`, { cookie: owner.cookie, body: { name: "No members at all" } });
    await api("PATCH", `/api/orgs/${orgId}/members/${member.user.id}`, { cookie: owner.cookie, body: { roleId: await roleIdOf(orgId, owner.cookie, "Viewer") } });
    const token = await api<{ id: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "ci" } });
    await api("DELETE", `/api/orgs/${orgId}/tokens/${token.body.id}`, { cookie: owner.cookie });
    await api("PATCH", `/api/orgs/${orgId}`, { cookie: owner.cookie, body: { name: "Live Org" } });
    await full.waitFor((m): m is ServerMessage => m.type === "org.changed" && m.what === "organization");
    await viewer.waitFor((m): m is ServerMessage => m.type === "org.changed" && m.what === "organization");

    // In the order they happened, each with its own sequence number after the greeting.
    expect(announced(full)).toEqual(["invitations", "invitations", "roles", "members", "tokens", "tokens", "organization"]);
    // A Viewer reads members and the organization, so it hears the same.
    expect(announced(viewer)).toEqual(announced(full));
    // Without members:read or organization:read, nothing about them arrives.
    await new Promise((r) => setTimeout(r, 100));
    expect(announced(limited)).toEqual([]);
    for (const live of [full, viewer, limited]) live.close();
  });
});

describe("resuming", () => {
  it("a client offline during a sync gets exactly what it missed, in order, then live messages again", async () => {
    const first = await connectLive(orgId, { cookie: owner.cookie });
    const hello = await first.waitFor(is("hello"));
    first.close();
    await doAccount(token, "PATCH", "/droplets/100000003", { name: "while-offline" });
    await syncNow(orgId, dockId, owner.cookie);

    const again = await connectLive(orgId, { cookie: owner.cookie });
    await again.waitFor(is("hello"));
    again.send({ type: "resume", lastSeq: hello.seq });
    await again.waitFor((m): m is ServerMessage => m.type === "sync.finished");
    const replayed = again.messages.filter((m) => m.type !== "hello");
    const seqs = replayed.map((m) => ("seq" in m ? m.seq : -1));
    expect(seqs.every((s) => s > hello.seq)).toBe(true);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(changesOf(replayed).map((c) => c.name)).toEqual(["while-offline"]);

    // Resuming from the newest number replays nothing twice.
    const newest = Math.max(...seqs);
    const third = await connectLive(orgId, { cookie: owner.cookie });
    third.send({ type: "resume", lastSeq: newest });
    await third.waitFor(is("hello"));
    await new Promise((r) => setTimeout(r, 200));
    expect(third.messages.filter((m) => m.type !== "hello")).toEqual([]);
    for (const c of [again, third]) c.close();
  });

  it("resuming in the handshake replays what was missed before anything live, in order, once", async () => {
    const first = await connectLive(orgId, { cookie: owner.cookie });
    const hello = await first.waitFor(is("hello"));
    first.close();
    await doAccount(token, "PATCH", "/droplets/100000003", { name: "missed-in-handshake" });
    await syncNow(orgId, dockId, owner.cookie);

    const again = await connectLive(orgId, { cookie: owner.cookie, lastSeq: hello.seq });
    await again.waitFor((m): m is ServerMessage => m.type === "sync.finished");
    // Something new while connected arrives after the replay.
    await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie: owner.cookie, body: { name: "after the replay" } });
    await again.waitFor((m): m is ServerMessage => m.type === "dock.status" && m.dock.name === "after the replay");
    const [greeting, ...rest] = again.messages;
    expect(greeting!.type).toBe("hello");
    const seqs = rest.map((m) => ("seq" in m ? m.seq : -1));
    expect(seqs.every((s) => s > hello.seq)).toBe(true);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(changesOf(rest).map((c) => c.name)).toEqual(["missed-in-handshake"]);
    again.close();
  });

  it("a client too far behind is told to resync", async () => {
    const live = await connectLive(orgId, { cookie: owner.cookie });
    const hello = await live.waitFor(is("hello"));
    live.send({ type: "resume", lastSeq: hello.seq + 1000 });
    await live.waitFor(is("resync"));
    live.close();
  });
});

describe("the live log", () => {
  it("keeps the newest 10,000 messages or the last 24 hours, and says when a resume reaches past it", async () => {
    await runInDurableObject(env.ORG_HUB.get(env.ORG_HUB.idFromName("log-test")), (_i: OrgHub, state) => {
      const log = new LiveLog(state.storage.sql);
      const old = Date.now() - 25 * 3600 * 1000;
      for (let i = 0; i < 10_050; i++) log.append("docks", (seq) => ({ type: "sync.progress", seq, dockId: "d", runId: "r", pages: i, resources: 0 }), old);
      log.prune(Date.now());
      expect(log.since(10)).toBe("resync");
      expect(log.since(50)).toHaveLength(10_000);
      const recent = log.since(10_040);
      expect(recent === "resync" ? recent : recent.map((r) => r.message.seq)).toEqual([10_041, 10_042, 10_043, 10_044, 10_045, 10_046, 10_047, 10_048, 10_049, 10_050]);
    });
  });
});

describe("hibernation and revocation", () => {
  it("sockets survive the Durable Object being evicted, with their permissions, and events keep flowing", async () => {
    const live = await connectLive(orgId, { cookie: owner.cookie });
    await live.waitFor(is("hello"));
    await evictDurableObject(hub());
    await doAccount(token, "PATCH", "/droplets/100000004", { name: "after-eviction" });
    await syncNow(orgId, dockId, owner.cookie);
    await live.waitFor((m): m is ServerMessage => m.type === "resource.changed" && m.changes.some((c) => c.name === "after-eviction"));
    expect(live.closed).toBeNull();
    live.close();
  });

  it("a disconnected dock is announced", async () => {
    const extra = await connectDock(orgId, owner.cookie, "short-lived");
    await settled(orgId, extra.dockId, owner.cookie);
    const live = await connectLive(orgId, { cookie: owner.cookie });
    await live.waitFor(is("hello"));
    await api("DELETE", `/api/orgs/${orgId}/docks/${extra.dockId}`, { cookie: owner.cookie });
    const removed = await live.waitFor(is("dock.removed"));
    expect(removed.dockId).toBe(extra.dockId);
    live.close();
  });

  it("removing a member closes their socket; a role change re-filters it", async () => {
    const viewer = await addMember(orgId, owner.cookie, "viewer");
    const live = await connectLive(orgId, { cookie: viewer.cookie });
    await live.waitFor(is("hello"));
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Quiet", permissions: { resources: "read" } } });
    await api("PATCH", `/api/orgs/${orgId}/members/${viewer.user.id}`, { cookie: owner.cookie, body: { roleId: role.body.id } });
    const before = live.messages.length;
    await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie: owner.cookie, body: { name: "renamed while quiet" } });
    await new Promise((r) => setTimeout(r, 200));
    expect(live.messages.slice(before).filter((m) => m.type === "dock.status")).toEqual([]);

    await api("DELETE", `/api/orgs/${orgId}/members/${viewer.user.id}`, { cookie: owner.cookie });
    expect((await live.waitForClose()).code).toBe(CLOSE_ACCESS_REVOKED);
    expect((await connectLive(orgId, { cookie: viewer.cookie })).status).toBe(404);
    await roleIdOf(orgId, owner.cookie, "Quiet");
  });
});
