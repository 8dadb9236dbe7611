import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, createOrg, roleIdOf, signUp } from "../../test/helpers";

interface ErrorBody {
  error: { code: string; message: string };
}

let orgId: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewerRole: string;
let ownerRole: string;

beforeAll(async () => {
  owner = await signUp("Founder");
  orgId = await createOrg(owner.cookie, "Team");
  viewerRole = await roleIdOf(orgId, owner.cookie, "Viewer");
  ownerRole = await roleIdOf(orgId, owner.cookie, "Owner");
});

async function invite(email: string, roleId = viewerRole, cookie = owner.cookie) {
  return api<{ id: string; token: string; expiresAt: string }>("POST", `/api/orgs/${orgId}/invitations`, { cookie, body: { email, roleId } });
}

describe("organizations", () => {
  it("make their creator Owner and come with the three built-in roles", async () => {
    const me = await api<{ memberships: { orgId: string; role: { name: string } }[] }>("GET", "/api/me", { cookie: owner.cookie });
    expect(me.body.memberships).toEqual([expect.objectContaining({ orgId, role: expect.objectContaining({ name: "Owner" }) })]);
    const roles = await api<{ items: { name: string; builtIn: boolean }[] }>("GET", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie });
    expect(roles.body.items.filter((r) => r.builtIn).map((r) => r.name).sort()).toEqual(["Admin", "Owner", "Viewer"]);
  });

  it("can be many per user, each resolved from the path", async () => {
    const second = await createOrg(owner.cookie, "Second");
    const orgs = await api<{ items: { id: string }[] }>("GET", "/api/orgs", { cookie: owner.cookie });
    expect(orgs.body.items.map((o) => o.id).sort()).toEqual([orgId, second].sort());
    expect((await api<{ id: string }>("GET", `/api/orgs/${second}`, { cookie: owner.cookie })).body.id).toBe(second);
  });
});

describe("invitations", () => {
  it("let the addressed user join with the invited role, once", async () => {
    const newcomer = await signUp("Newcomer");
    const inv = await invite(newcomer.user.email.toUpperCase());
    expect(inv.status).toBe(201);
    expect(Date.parse(inv.body.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
    const accepted = await api<{ orgId: string; roleId: string }>("POST", "/api/invitations/accept", { cookie: newcomer.cookie, body: { token: inv.body.token } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ orgId, roleId: viewerRole });
    const again = await api<ErrorBody>("POST", "/api/invitations/accept", { cookie: newcomer.cookie, body: { token: inv.body.token } });
    expect(again.status).toBe(409);
    const joined = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE organization_id = ? AND action = 'member.join' AND actor_id = ?").bind(orgId, newcomer.user.id).first<{ n: number }>();
    expect(joined!.n).toBe(1);
  });

  it("cannot be used by someone else, nor after expiry, nor with an unknown token", async () => {
    const intended = await signUp("Intended");
    const other = await signUp("Other");
    const inv = await invite(intended.user.email);
    const wrong = await api<ErrorBody>("POST", "/api/invitations/accept", { cookie: other.cookie, body: { token: inv.body.token } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toMatch(/another email/);

    await env.DB.prepare("UPDATE invitations SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, inv.body.id).run();
    const expired = await api<ErrorBody>("POST", "/api/invitations/accept", { cookie: intended.cookie, body: { token: inv.body.token } });
    expect(expired.status).toBe(410);
    expect((await api("POST", "/api/invitations/accept", { cookie: intended.cookie, body: { token: "x".repeat(43) } })).status).toBe(404);
    expect((await api("POST", "/api/invitations/accept", { body: { token: inv.body.token } })).status).toBe(401);
  });

  it("are refused for existing members and for roles beyond the inviter's", async () => {
    const member = await addMember(orgId, owner.cookie, "viewer");
    expect((await invite(member.user.email)).status).toBe(409);
    const admin = await addMember(orgId, owner.cookie, "admin");
    const escalation = await invite("someone@example.com", ownerRole, admin.cookie);
    expect(escalation.status).toBe(403);
  });

  it("can be revoked, after which the link is dead", async () => {
    const invitee = await signUp("Revoked");
    const inv = await invite(invitee.user.email);
    const pending = await api<{ items: { id: string }[] }>("GET", `/api/orgs/${orgId}/invitations?limit=200`, { cookie: owner.cookie });
    expect(pending.body.items.map((i) => i.id)).toContain(inv.body.id);
    expect((await api("DELETE", `/api/orgs/${orgId}/invitations/${inv.body.id}`, { cookie: owner.cookie })).status).toBe(204);
    const dead = await api<ErrorBody>("POST", "/api/invitations/accept", { cookie: invitee.cookie, body: { token: inv.body.token } });
    expect(dead.status).toBe(410);
    expect(dead.body.error.message).toMatch(/revoked/);
    const after = await api<{ items: { id: string }[] }>("GET", `/api/orgs/${orgId}/invitations?limit=200`, { cookie: owner.cookie });
    expect(after.body.items.map((i) => i.id)).not.toContain(inv.body.id);
    // Revoking twice finds nothing to revoke.
    expect((await api("DELETE", `/api/orgs/${orgId}/invitations/${inv.body.id}`, { cookie: owner.cookie })).status).toBe(404);
  });
});

describe("member management", () => {
  it("keeps at least one Owner", async () => {
    const { cookie, user } = await signUp("Solo");
    const solo = await createOrg(cookie, "Solo");
    const adminRole = await roleIdOf(solo, cookie, "Admin");
    const demote = await api<ErrorBody>("PATCH", `/api/orgs/${solo}/members/${user.id}`, { cookie, body: { roleId: adminRole } });
    expect(demote.status).toBe(409);
    const leave = await api<ErrorBody>("DELETE", `/api/orgs/${solo}/members/${user.id}`, { cookie });
    expect(leave.status).toBe(409);
    expect(leave.body.error.message).toMatch(/at least one Owner/);
  });

  it("does not let an Admin promote to Owner, or demote or remove an Owner", async () => {
    const admin = await addMember(orgId, owner.cookie, "admin");
    const viewer = await addMember(orgId, owner.cookie, "viewer");
    expect((await api("PATCH", `/api/orgs/${orgId}/members/${viewer.user.id}`, { cookie: admin.cookie, body: { roleId: ownerRole } })).status).toBe(403);
    expect((await api("PATCH", `/api/orgs/${orgId}/members/${owner.user.id}`, { cookie: admin.cookie, body: { roleId: viewerRole } })).status).toBe(403);
    expect((await api("DELETE", `/api/orgs/${orgId}/members/${owner.user.id}`, { cookie: admin.cookie })).status).toBe(403);
    // An Owner can do all of it.
    expect((await api("PATCH", `/api/orgs/${orgId}/members/${viewer.user.id}`, { cookie: owner.cookie, body: { roleId: ownerRole } })).status).toBe(200);
  });

  it("lets any member leave, and the removed member loses access at once", async () => {
    const viewer = await addMember(orgId, owner.cookie, "viewer");
    expect((await api("GET", `/api/orgs/${orgId}`, { cookie: viewer.cookie })).status).toBe(200);
    expect((await api("DELETE", `/api/orgs/${orgId}/members/${viewer.user.id}`, { cookie: owner.cookie })).status).toBe(204);
    expect((await api("GET", `/api/orgs/${orgId}`, { cookie: viewer.cookie })).status).toBe(404);
  });
});
