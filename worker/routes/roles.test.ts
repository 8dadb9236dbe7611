import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, createOrg, roleIdOf, signUp } from "../../test/helpers";

interface RoleBody {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: Record<string, string>;
}

let orgId: string;
let owner: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  owner = await signUp("RoleOwner");
  orgId = await createOrg(owner.cookie, "Roles");
});

describe("custom roles", () => {
  it("name each area explicitly; areas left out are none", async () => {
    const res = await api<RoleBody>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Support", permissions: { resources: "read", monitoring: "full" } } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Support", builtIn: false });
    expect(res.body.permissions).toEqual({
      organization: "none",
      members: "none",
      docks: "none",
      resources: "read",
      projects: "none",
      monitoring: "full",
      operations: "none",
      provisioning: "none",
      audit: "none",
    });
  });

  it("refuse unknown areas and levels, naming them", async () => {
    const area = await api<{ error: { message: string } }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "X", permissions: { billing: "full" } } });
    expect(area.status).toBe(400);
    expect(area.body.error.message).toMatch(/billing/);
    const level = await api<{ error: { message: string } }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Y", permissions: { docks: "write" } } });
    expect(level.status).toBe(400);
    expect(level.body.error.message).toMatch(/permissions\.docks/);
  });

  it("must have unique names", async () => {
    await api("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Dup", permissions: {} } });
    expect((await api("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Dup", permissions: {} } })).status).toBe(409);
  });

  it("take effect on their holders at once when edited", async () => {
    const role = await api<RoleBody>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Auditor", permissions: { audit: "read" } } });
    const member = await addMember(orgId, owner.cookie, { roleId: role.body.id });
    expect((await api("GET", `/api/orgs/${orgId}/audit`, { cookie: member.cookie })).status).toBe(200);
    const edited = await api<RoleBody>("PATCH", `/api/orgs/${orgId}/roles/${role.body.id}`, { cookie: owner.cookie, body: { permissions: { docks: "read" } } });
    expect(edited.body.permissions.audit).toBe("none");
    expect((await api("GET", `/api/orgs/${orgId}/audit`, { cookie: member.cookie })).status).toBe(403);
    expect((await api("GET", `/api/orgs/${orgId}/docks`, { cookie: member.cookie })).status).toBe(200);
  });

  it("cannot be deleted while held, and can afterwards", async () => {
    const role = await api<RoleBody>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "Temp", permissions: {} } });
    const member = await addMember(orgId, owner.cookie, { roleId: role.body.id });
    const held = await api<{ error: { message: string } }>("DELETE", `/api/orgs/${orgId}/roles/${role.body.id}`, { cookie: owner.cookie });
    expect(held.status).toBe(409);
    expect(held.body.error.message).toMatch(/held by 1 member/);
    await api("PATCH", `/api/orgs/${orgId}/members/${member.user.id}`, { cookie: owner.cookie, body: { roleId: await roleIdOf(orgId, owner.cookie, "Viewer") } });
    expect((await api("DELETE", `/api/orgs/${orgId}/roles/${role.body.id}`, { cookie: owner.cookie })).status).toBe(204);
  });

  it("cannot exceed their creator's own permissions", async () => {
    const admin = await addMember(orgId, owner.cookie, "admin");
    const res = await api<{ error: { message: string } }>("POST", `/api/orgs/${orgId}/roles`, { cookie: admin.cookie, body: { name: "Too much", permissions: { organization: "full" } } });
    expect(res.status).toBe(403);
    expect((await api("POST", `/api/orgs/${orgId}/roles`, { cookie: admin.cookie, body: { name: "Fine", permissions: { docks: "full" } } })).status).toBe(201);
  });
});

describe("built-in roles", () => {
  it("cannot be edited or deleted", async () => {
    const ownerRole = await roleIdOf(orgId, owner.cookie, "Owner");
    expect((await api("PATCH", `/api/orgs/${orgId}/roles/${ownerRole}`, { cookie: owner.cookie, body: { name: "Boss" } })).status).toBe(409);
    expect((await api("DELETE", `/api/orgs/${orgId}/roles/${ownerRole}`, { cookie: owner.cookie })).status).toBe(409);
  });
});
