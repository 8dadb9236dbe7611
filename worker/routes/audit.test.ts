import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, auditActions, connectDock, createOrg, signUp } from "../../test/helpers";

interface Entry {
  id: string;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  target: { type: string | null; id: string | null };
  result: string;
  ip: string | null;
  at: string;
}

let orgId: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let dockId: string;

beforeAll(async () => {
  owner = await signUp("Auditor");
  orgId = await createOrg(owner.cookie, "Audited");
  ({ dockId } = await connectDock(orgId, owner.cookie));
  await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie: owner.cookie, body: { name: "renamed" } });
  const viewer = await addMember(orgId, owner.cookie, "viewer");
  await api("DELETE", `/api/orgs/${orgId}/docks/${dockId}`, { cookie: viewer.cookie });
});

describe("the audit log", () => {
  it("lists the organization's entries newest first, with actor, target, result and client address", async () => {
    const res = await api<{ items: Entry[] }>("GET", `/api/orgs/${orgId}/audit`, { cookie: owner.cookie, ip: "192.0.2.10" });
    // The dock's first sync runs in the background and records its own (system) entries; these are the people's.
    const byPeople = res.body.items.filter((e) => e.actor.type !== "system");
    const actions = byPeople.map((e) => e.action);
    expect(actions).toEqual(["access.denied", "member.join", "member.invite", "dock.update", "dock.create", "organization.create"]);
    const ids = res.body.items.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const update = res.body.items.find((e) => e.action === "dock.update")!;
    expect(update.actor).toEqual({ type: "user", id: owner.user.id, name: "Auditor" });
    expect(update.target).toEqual({ type: "dock", id: dockId });
    expect(update.result).toBe("success");
    expect(update.ip).toMatch(/^198\.51\.100\./);
    expect(byPeople[0]!.result).toBe("denied");
  });

  it("filters by action, actor, target and time range", async () => {
    expect((await auditActions(orgId, owner.cookie, "&action=dock.update")).map((e) => e.action)).toEqual(["dock.update"]);
    const byTarget = await auditActions(orgId, owner.cookie, `&targetType=dock&targetId=${dockId}&actorId=${owner.user.id}`);
    expect(byTarget.map((e) => e.action)).toEqual(["dock.update", "dock.create"]);
    const byActor = await auditActions(orgId, owner.cookie, `&actorId=${owner.user.id}`);
    expect(byActor.every((e) => e.action !== "access.denied" && e.action !== "member.join")).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await auditActions(orgId, owner.cookie, `&from=${encodeURIComponent(future)}`)).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(await auditActions(orgId, owner.cookie, `&to=${encodeURIComponent(past)}`)).toEqual([]);
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const all = await api<{ items: Entry[] }>("GET", `/api/orgs/${orgId}/audit?limit=200`, { cookie: owner.cookie });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Entry[]; nextCursor: string | null } } = await api("GET", `/api/orgs/${orgId}/audit?limit=4${cursor ? `&cursor=${cursor}` : ""}`, { cookie: owner.cookie });
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e) => e.id));
  });

  it("refuses a bad cursor or date with 400 naming it", async () => {
    const cursor = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/audit?cursor=abc`, { cookie: owner.cookie });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/cursor/);
    const from = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/audit?from=yesterday`, { cookie: owner.cookie });
    expect(from.status).toBe(400);
    expect(from.body.error.message).toMatch(/from/);
  });
});
