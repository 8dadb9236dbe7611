import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, createOrg, roleIdOf, signUp } from "../../test/helpers";

interface CreatedToken {
  id: string;
  token: string;
  prefix: string;
  role: { id: string; name: string } | null;
}

let orgId: string;
let owner: { cookie: string };

beforeAll(async () => {
  owner = await signUp("TokenOwner");
  orgId = await createOrg(owner.cookie, "Tokens");
});

describe("personal API tokens", () => {
  it("are prefixed, shown once, stored hashed, and authenticate as bearer tokens", async () => {
    const res = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "deploy" } });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^edk_[A-Za-z0-9_-]{43}$/);
    expect(res.body.token.startsWith(res.body.prefix)).toBe(true);

    const row = await env.DB.prepare("SELECT token_hash FROM api_tokens WHERE id = ?").bind(res.body.id).first<{ token_hash: string }>();
    expect(row!.token_hash).not.toContain(res.body.token.slice(4));

    const list = await api<{ items: Record<string, unknown>[] }>("GET", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie });
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    expect(list.body.items[0]).not.toHaveProperty("token");

    const me = await api<{ memberships: { orgId: string }[] }>("GET", "/api/me", { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.memberships.map((m) => m.orgId)).toEqual([orgId]);
  });

  it("never carry more power than their creator, even with a stronger role", async () => {
    const admin = await addMember(orgId, owner.cookie, "admin");
    const ownerRole = await roleIdOf(orgId, owner.cookie, "Owner");
    const tooStrong = await api<{ error: { message: string } }>("POST", `/api/orgs/${orgId}/tokens`, { cookie: admin.cookie, body: { name: "x", roleId: ownerRole } });
    expect(tooStrong.status).toBe(403);
    expect(tooStrong.body.error.message).toMatch(/more access than your own/);

    // A token without a role acts with its creator's role at request time: demoting the creator narrows it.
    const token = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: admin.cookie, body: { name: "follows me" } });
    expect((await api("GET", `/api/orgs/${orgId}/members`, { token: token.body.token })).status).toBe(200);
    expect((await api("POST", `/api/orgs/${orgId}/roles`, { token: token.body.token, body: { name: "ByToken", permissions: {} } })).status).toBe(201);
    const viewerRole = await roleIdOf(orgId, owner.cookie, "Viewer");
    await api("PATCH", `/api/orgs/${orgId}/members/${admin.user.id}`, { cookie: owner.cookie, body: { roleId: viewerRole } });
    expect((await api("POST", `/api/orgs/${orgId}/roles`, { token: token.body.token, body: { name: "ByToken2", permissions: {} } })).status).toBe(403);
  });

  it("narrowed to a role, stay within both that role and the creator's", async () => {
    const limited = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: "DocksOnly", permissions: { docks: "read" } } });
    const token = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "ro", roleId: limited.body.id } });
    expect((await api("GET", `/api/orgs/${orgId}/docks`, { token: token.body.token })).status).toBe(200);
    expect((await api("GET", `/api/orgs/${orgId}/members`, { token: token.body.token })).status).toBe(403);
    expect((await api("GET", `/api/orgs/${orgId}/audit`, { token: token.body.token })).status).toBe(403);
  });

  it("stop working when revoked, when expired, and when their creator leaves", async () => {
    const revoked = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "gone" } });
    expect((await api("DELETE", `/api/orgs/${orgId}/tokens/${revoked.body.id}`, { cookie: owner.cookie })).status).toBe(204);
    expect((await api("GET", "/api/me", { token: revoked.body.token })).status).toBe(401);

    const expiring = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "brief", expiresAt: new Date(Date.now() + 60_000).toISOString() } });
    expect((await api("GET", "/api/me", { token: expiring.body.token })).status).toBe(200);
    await env.DB.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?").bind(Date.now() - 1000, expiring.body.id).run();
    expect((await api("GET", "/api/me", { token: expiring.body.token })).status).toBe(401);

    const member = await addMember(orgId, owner.cookie, "viewer");
    const theirs = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: member.cookie, body: { name: "mine" } });
    expect((await api("DELETE", `/api/orgs/${orgId}/members/${member.user.id}`, { cookie: member.cookie })).status).toBe(204);
    expect((await api("GET", `/api/orgs/${orgId}/docks`, { token: theirs.body.token })).status).toBe(401);
  });

  it("cannot mint further tokens or organizations", async () => {
    const token = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "no-mint" } });
    expect((await api("POST", `/api/orgs/${orgId}/tokens`, { token: token.body.token, body: { name: "child" } })).status).toBe(403);
    expect((await api("POST", "/api/orgs", { token: token.body.token, body: { name: "New" } })).status).toBe(403);
  });

  it("refuse an expiry in the past and a malformed bearer header", async () => {
    const past = await api<{ error: { message: string } }>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "old", expiresAt: "2020-01-01T00:00:00Z" } });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/expiresAt/);
    expect((await api("GET", "/api/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect((await api("GET", "/api/me", { token: "edk_not-a-real-token" })).status).toBe(401);
  });

  it("are listed as one's own, and others' are invisible without full members access", async () => {
    const viewer = await addMember(orgId, owner.cookie, "viewer");
    const ownerToken = await api<CreatedToken>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "owner's" } });
    await api("POST", `/api/orgs/${orgId}/tokens`, { cookie: viewer.cookie, body: { name: "viewer's" } });
    const list = await api<{ items: { name: string }[] }>("GET", `/api/orgs/${orgId}/tokens`, { cookie: viewer.cookie });
    expect(list.body.items.map((t) => t.name)).toEqual(["viewer's"]);
    expect((await api("DELETE", `/api/orgs/${orgId}/tokens/${ownerToken.body.id}`, { cookie: viewer.cookie })).status).toBe(404);
    const all = await api<{ items: { name: string }[] }>("GET", `/api/orgs/${orgId}/tokens?limit=200`, { cookie: owner.cookie });
    expect(all.body.items.map((t) => t.name)).toContain("viewer's");
  });
});
