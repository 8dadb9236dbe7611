/** Another organization's objects are invisible: every id from organization A answers 404 inside B. */
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, connectDock, createOrg, roleIdOf, signUp } from "../../test/helpers";

let a: { orgId: string; cookie: string; dockId: string; roleId: string; customRoleId: string; tokenId: string; token: string; memberId: string; invitationId: string };
let b: { orgId: string; cookie: string; viewerRoleId: string };

beforeAll(async () => {
  const ownerA = await signUp("OwnerA");
  const orgA = await createOrg(ownerA.cookie, "A");
  const { dockId } = await connectDock(orgA, ownerA.cookie);
  const custom = await api<{ id: string }>("POST", `/api/orgs/${orgA}/roles`, { cookie: ownerA.cookie, body: { name: "Ops", permissions: { docks: "read" } } });
  const token = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgA}/tokens`, { cookie: ownerA.cookie, body: { name: "ci" } });
  const member = await addMember(orgA, ownerA.cookie, "viewer");
  const viewerA = await roleIdOf(orgA, ownerA.cookie, "Viewer");
  const inv = await api<{ id: string }>("POST", `/api/orgs/${orgA}/invitations`, { cookie: ownerA.cookie, body: { email: "pending@example.com", roleId: viewerA } });
  a = { orgId: orgA, cookie: ownerA.cookie, dockId, roleId: viewerA, customRoleId: custom.body.id, tokenId: token.body.id, token: token.body.token, memberId: member.user.id, invitationId: inv.body.id };

  const ownerB = await signUp("OwnerB");
  const orgB = await createOrg(ownerB.cookie, "B");
  b = { orgId: orgB, cookie: ownerB.cookie, viewerRoleId: await roleIdOf(orgB, ownerB.cookie, "Viewer") };
});

describe("an Owner of B using A's ids under B's path", () => {
  const cases: [string, string, () => string, () => unknown][] = [
    ["GET", "A's dock", () => `/api/orgs/${b.orgId}/docks/${a.dockId}`, () => undefined],
    ["PATCH", "A's dock", () => `/api/orgs/${b.orgId}/docks/${a.dockId}`, () => ({ name: "stolen" })],
    ["DELETE", "A's dock", () => `/api/orgs/${b.orgId}/docks/${a.dockId}`, () => undefined],
    ["PATCH", "A's role", () => `/api/orgs/${b.orgId}/roles/${a.customRoleId}`, () => ({ name: "stolen" })],
    ["DELETE", "A's role", () => `/api/orgs/${b.orgId}/roles/${a.customRoleId}`, () => undefined],
    ["DELETE", "A's token", () => `/api/orgs/${b.orgId}/tokens/${a.tokenId}`, () => undefined],
    ["PATCH", "A's member", () => `/api/orgs/${b.orgId}/members/${a.memberId}`, () => ({ roleId: b.viewerRoleId })],
    ["DELETE", "A's member", () => `/api/orgs/${b.orgId}/members/${a.memberId}`, () => undefined],
    ["DELETE", "A's invitation", () => `/api/orgs/${b.orgId}/invitations/${a.invitationId}`, () => undefined],
    ["POST", "A's role in an invitation", () => `/api/orgs/${b.orgId}/invitations`, () => ({ email: "x@example.com", roleId: a.roleId })],
    ["POST", "A's role in a token", () => `/api/orgs/${b.orgId}/tokens`, () => ({ name: "x", roleId: a.roleId })],
  ];
  it.each(cases)("%s %s answers 404", async (method, _what, path, body) => {
    const res = await api<{ error: { code: string } }>(method, path(), { cookie: b.cookie, body: body() });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("A's objects are untouched afterwards", async () => {
    expect((await api("GET", `/api/orgs/${a.orgId}/docks/${a.dockId}`, { cookie: a.cookie })).status).toBe(200);
    const roles = await api<{ items: { id: string; name: string }[] }>("GET", `/api/orgs/${a.orgId}/roles`, { cookie: a.cookie });
    expect(roles.body.items.find((r) => r.id === a.customRoleId)?.name).toBe("Ops");
    const members = await api<{ items: { userId: string }[] }>("GET", `/api/orgs/${a.orgId}/members`, { cookie: a.cookie });
    expect(members.body.items.map((m) => m.userId)).toContain(a.memberId);
  });

  it("B's lists never show A's objects", async () => {
    const docks = await api<{ items: unknown[] }>("GET", `/api/orgs/${b.orgId}/docks`, { cookie: b.cookie });
    expect(docks.body.items).toEqual([]);
    const tokens = await api<{ items: unknown[] }>("GET", `/api/orgs/${b.orgId}/tokens`, { cookie: b.cookie });
    expect(tokens.body.items).toEqual([]);
    const audit = await api<{ items: { target: { id: string | null } }[] }>("GET", `/api/orgs/${b.orgId}/audit`, { cookie: b.cookie });
    expect(audit.body.items.some((e) => e.target.id === a.dockId)).toBe(false);
  });
});

describe("an API token", () => {
  it("works only inside its own organization", async () => {
    expect((await api("GET", `/api/orgs/${a.orgId}/docks`, { token: a.token })).status).toBe(200);
    expect((await api("GET", `/api/orgs/${b.orgId}/docks`, { token: a.token })).status).toBe(404);
    const orgs = await api<{ items: { id: string }[] }>("GET", "/api/orgs", { token: a.token });
    expect(orgs.body.items.map((o) => o.id)).toEqual([a.orgId]);
  });
});

describe("a non-member", () => {
  it("gets the same 404 for a real organization as for an unknown id", async () => {
    const real = await api<{ error: { message: string } }>("GET", `/api/orgs/${a.orgId}/docks`, { cookie: b.cookie });
    const unknown = await api<{ error: { message: string } }>("GET", `/api/orgs/org_doesnotexist/docks`, { cookie: b.cookie });
    expect(real.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(real.body).toEqual(unknown.body);
  });
});
