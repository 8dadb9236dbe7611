/**
 * Regression tests for the membership findings of the security review: invitations that outlived their
 * inviter's power (finding 4), API tokens making "self-service" writes beyond their own role (finding 5) and
 * the last-Owner rule under concurrent requests (finding 6), plus invitation tokens kept out of URL paths.
 * Each test is named after the behaviour it protects.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES } from "../../shared/permissions";
import { createDb } from "../../core/db/client";
import { invitations } from "../../core/db/schema";
import { SYSTEM_ACTOR } from "../../core/audit";
import { claimInvitation } from "../../worker/services/memberships";
import { addMember, api, auditActions, createOrg, roleIdOf, signUp } from "../helpers";
import { idToken } from "../id-tokens";

interface ErrorBody {
  error: { code: string; message: string };
}
type Person = Awaited<ReturnType<typeof signUp>>;

const ORGANIZATIONS = 10;

async function invite(orgId: string, cookie: string, email: string, roleId: string): Promise<{ id: string; token: string }> {
  const res = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgId}/invitations`, { cookie, body: { email, roleId } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function accept(token: string, caller: { cookie?: string; token?: string }) {
  return api<ErrorBody & { orgId: string }>("POST", "/api/invitations/accept", { ...caller, body: { token } });
}

async function isMember(orgId: string, userId: string): Promise<boolean> {
  const row = await env.DB.prepare("SELECT 1 AS one FROM memberships WHERE organization_id = ? AND user_id = ?").bind(orgId, userId).first();
  return row !== null;
}

async function ownerCount(orgId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM memberships m JOIN roles r ON r.id = m.role_id WHERE m.organization_id = ? AND r.built_in_key = 'owner'",
  )
    .bind(orgId)
    .first<{ n: number }>();
  return row!.n;
}

async function auditCount(orgId: string, action: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE organization_id = ? AND action = ?").bind(orgId, action).first<{ n: number }>();
  return row!.n;
}

/** An organization with its founding Owner, and an Admin the Owner added. */
async function orgWithAdmin(name: string): Promise<{ orgId: string; owner: Person; admin: Person }> {
  const owner = await signUp(`${name}Owner`);
  const orgId = await createOrg(owner.cookie, name);
  const admin = await addMember(orgId, owner.cookie, "admin", `${name}Admin`);
  return { orgId, owner, admin };
}

/** Organizations with two Owners each: the founder and one they promoted by invitation. */
async function orgsWithTwoOwners(count: number, name: string): Promise<{ orgId: string; a: Person; b: Person }[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const a = await signUp(`${name}A`);
      const orgId = await createOrg(a.cookie, `${name} ${i}`);
      const b = await addMember(orgId, a.cookie, "owner", `${name}B`);
      return { orgId, a, b };
    }),
  );
}

describe("finding 4: invitations do not outlive their inviter's power", () => {
  it("an invitation from a removed Admin no longer admits anyone", async () => {
    const { orgId, owner, admin } = await orgWithAdmin("Removed");
    const invitee = await signUp("RemovedInvitee");
    const inv = await invite(orgId, admin.cookie, invitee.user.email, await roleIdOf(orgId, owner.cookie, "Admin"));

    expect((await api("DELETE", `/api/orgs/${orgId}/members/${admin.user.id}`, { cookie: owner.cookie })).status).toBe(204);

    const res = await accept(inv.token, { cookie: invitee.cookie });
    expect(res.status).toBe(410);
    expect(res.body.error.message).toMatch(/revoked/);
    expect(await isMember(orgId, invitee.user.id)).toBe(false);
    const pending = await api<{ items: { id: string }[] }>("GET", `/api/orgs/${orgId}/invitations?limit=200`, { cookie: owner.cookie });
    expect(pending.body.items.map((i) => i.id)).not.toContain(inv.id);
    const revocations = (await auditActions(orgId, owner.cookie, "&action=member.invite_revoke")).filter((e) => e.target.id === inv.id);
    expect(revocations).toEqual([expect.objectContaining({ result: "success", metadata: expect.objectContaining({ reason: "inviter_removed", inviterId: admin.user.id }) })]);
  });

  it("an invitation whose inviter's role no longer covers it admits nobody", async () => {
    // The inviter stays a member, but their role is edited down: no revocation ran, so accepting must check.
    const owner = await signUp("EditedOwner");
    const orgId = await createOrg(owner.cookie, "Edited");
    const recruiter = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, {
      cookie: owner.cookie,
      body: { name: "Recruiter", permissions: { ...BUILT_IN_ROLES.admin.permissions } },
    });
    expect(recruiter.status).toBe(201);
    const inviter = await addMember(orgId, owner.cookie, { roleId: recruiter.body.id }, "Recruiter");
    const invitee = await signUp("EditedInvitee");
    const inv = await invite(orgId, inviter.cookie, invitee.user.email, await roleIdOf(orgId, owner.cookie, "Admin"));
    const narrowed = await api("PATCH", `/api/orgs/${orgId}/roles/${recruiter.body.id}`, {
      cookie: owner.cookie,
      body: { permissions: { ...BUILT_IN_ROLES.admin.permissions, docks: "read" } },
    });
    expect(narrowed.status).toBe(200);

    const res = await accept(inv.token, { cookie: invitee.cookie });
    expect(res.status).toBe(410);
    expect(res.body.error.message).toMatch(/the person who invited you can no longer grant this role; ask for a new invitation/);
    expect(await isMember(orgId, invitee.user.id)).toBe(false);
  });

  it("demoting an Admin revokes the invitations they could no longer issue, and says so in the audit log", async () => {
    const { orgId, owner, admin } = await orgWithAdmin("Demoted");
    // Still invites, but only as far as Viewer.
    const inviterOfViewers = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, {
      cookie: owner.cookie,
      body: { name: "Viewer inviter", permissions: { ...BUILT_IN_ROLES.viewer.permissions, members: "full" } },
    });
    expect(inviterOfViewers.status).toBe(201);
    const asAdmin = await signUp("AsAdmin");
    const asViewer = await signUp("AsViewer");
    const adminInvitation = await invite(orgId, admin.cookie, asAdmin.user.email, await roleIdOf(orgId, owner.cookie, "Admin"));
    const viewerInvitation = await invite(orgId, admin.cookie, asViewer.user.email, await roleIdOf(orgId, owner.cookie, "Viewer"));

    const demoted = await api("PATCH", `/api/orgs/${orgId}/members/${admin.user.id}`, { cookie: owner.cookie, body: { roleId: inviterOfViewers.body.id } });
    expect(demoted.status).toBe(200);

    const revocations = await auditActions(orgId, owner.cookie, "&action=member.invite_revoke");
    expect(revocations.map((e) => e.target.id)).toEqual([adminInvitation.id]);
    expect(revocations[0]!.metadata).toMatchObject({ reason: "inviter_demoted", inviterId: admin.user.id, email: asAdmin.user.email });
    expect((await accept(adminInvitation.token, { cookie: asAdmin.cookie })).status).toBe(410);
    expect(await isMember(orgId, asAdmin.user.id)).toBe(false);
    // What the new role can still grant stays valid.
    expect((await accept(viewerInvitation.token, { cookie: asViewer.cookie })).status).toBe(200);
  });

  it("accepting an invitation needs a confirmed email address", async () => {
    const owner = await signUp("UnconfirmedOwner");
    const orgId = await createOrg(owner.cookie, "Unconfirmed");
    // An identity provider that does not assert email_verified leaves the address unproven.
    const email = `unproven.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const bearer = await idToken({ sub: `idp|${email}`, email });
    const me = await api<{ user: { id: string } }>("GET", "/api/me", { token: bearer });
    expect(me.status).toBe(200);
    const inv = await invite(orgId, owner.cookie, email, await roleIdOf(orgId, owner.cookie, "Admin"));

    const res = await accept(inv.token, { token: bearer });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/confirm your email address first/);
    expect(await isMember(orgId, me.body.user.id)).toBe(false);
    // Once the provider vouches for the address, the same invitation works.
    const verified = await idToken({ sub: `idp|${email}`, email, email_verified: true });
    expect((await accept(inv.token, { token: verified })).status).toBe(200);
  });

  it("accepting while the inviter is being removed admits only if the accept landed first", async () => {
    const cases = await Promise.all(
      Array.from({ length: ORGANIZATIONS }, async (_, i) => {
        const { orgId, owner, admin } = await orgWithAdmin(`Race${i}`);
        const invitee = await signUp("RaceInvitee");
        const inv = await invite(orgId, admin.cookie, invitee.user.email, await roleIdOf(orgId, owner.cookie, "Viewer"));
        return { orgId, owner, admin, invitee, inv };
      }),
    );
    const later = <T>(run: () => Promise<T>) => new Promise((resolve) => setTimeout(resolve, 0)).then(run);
    // Half the organizations start the removal first, half the accept: both orders must end consistently.
    const results = await Promise.all(
      cases.map(({ orgId, owner, admin, invitee, inv }, i) => {
        const remove = () => api("DELETE", `/api/orgs/${orgId}/members/${admin.user.id}`, { cookie: owner.cookie });
        const join = () => accept(inv.token, { cookie: invitee.cookie });
        return i % 2 === 0 ? Promise.all([remove(), later(join)]) : Promise.all([later(remove), join()]);
      }),
    );
    for (const [i, { orgId, invitee }] of cases.entries()) {
      const [removed, accepted] = results[i]!;
      expect(removed.status).toBe(204);
      const member = await isMember(orgId, invitee.user.id);
      expect(member, `org ${i}: accept answered ${accepted.status}`).toBe(accepted.status === 200);
      if (!member) continue;
      // Joined: only legitimately, i.e. before the inviter was removed.
      const order = await env.DB.prepare("SELECT action FROM audit_log WHERE organization_id = ? AND action IN ('member.join', 'member.remove') ORDER BY id")
        .bind(orgId)
        .all<{ action: string }>();
      expect(order.results.map((r) => r.action).slice(-2), `org ${i}`).toEqual(["member.join", "member.remove"]);
    }
  });

  it("an invitation revoked between the checks and the claim admits nobody", async () => {
    const owner = await signUp("ClaimOwner");
    const orgId = await createOrg(owner.cookie, "Claim");
    const invitee = await signUp("ClaimInvitee");
    const inv = await invite(orgId, owner.cookie, invitee.user.email, await roleIdOf(orgId, owner.cookie, "Viewer"));
    const db = createDb(env.DB);
    const row = (await db.select().from(invitations).where(eq(invitations.id, inv.id)).get())!;
    // The accept route read the invitation as pending; a revocation lands before its batch does.
    await env.DB.prepare("UPDATE invitations SET revoked_at = ? WHERE id = ?").bind(Date.now(), inv.id).run();

    expect(await claimInvitation(db, SYSTEM_ACTOR, row, invitee.user.id, new Date())).toBe(false);
    expect(await isMember(orgId, invitee.user.id)).toBe(false);
    expect(await auditCount(orgId, "member.join")).toBe(0);
    expect((await db.select().from(invitations).where(eq(invitations.id, inv.id)).get())!.acceptedAt).toBeNull();
  });
});

describe("hardening: invitation tokens stay out of URL paths", () => {
  it("an invitation token is accepted from the request body, never from the path", async () => {
    const owner = await signUp("BodyOwner");
    const orgId = await createOrg(owner.cookie, "Body");
    const invitee = await signUp("BodyInvitee");
    const inv = await invite(orgId, owner.cookie, invitee.user.email, await roleIdOf(orgId, owner.cookie, "Viewer"));

    expect((await api("POST", `/api/invitations/${inv.token}/accept`, { cookie: invitee.cookie })).status).toBe(404);
    expect((await api("POST", "/api/invitations/accept", { cookie: invitee.cookie, body: { token: "short" } })).status).toBe(400);
    expect(await isMember(orgId, invitee.user.id)).toBe(false);
    const res = await accept(inv.token, { cookie: invitee.cookie });
    expect(res.status).toBe(200);
    expect(res.body.orgId).toBe(orgId);

    const doc = await api<{ paths: Record<string, unknown> }>("GET", "/api/openapi.json");
    const paths = Object.keys(doc.body.paths);
    expect(paths).toContain("/api/invitations/accept");
    expect(paths.filter((p) => p.includes("{token}"))).toEqual([]);
  });
});

describe("finding 5: a token acts only within its own permissions", () => {
  it("a token narrowed to Viewer cannot remove its creator from the organization", async () => {
    const { orgId, owner, admin } = await orgWithAdmin("Narrowed");
    const viewerToken = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgId}/tokens`, {
      cookie: admin.cookie,
      body: { name: "read only", roleId: await roleIdOf(orgId, owner.cookie, "Viewer") },
    });
    expect(viewerToken.status).toBe(201);

    const res = await api<ErrorBody>("DELETE", `/api/orgs/${orgId}/members/${admin.user.id}`, { token: viewerToken.body.token });
    expect(res.status).toBe(403);
    expect(await isMember(orgId, admin.user.id)).toBe(true);
    const denied = (await auditActions(orgId, owner.cookie, "&action=access.denied")).filter((e) => e.metadata?.area === "members");
    expect(denied[0]).toMatchObject({ result: "denied", metadata: expect.objectContaining({ level: "full", method: "DELETE" }) });
    // The person themselves still leaves whenever they like.
    expect((await api("DELETE", `/api/orgs/${orgId}/members/${admin.user.id}`, { cookie: admin.cookie })).status).toBe(204);
  });

  it("a token narrowed to Viewer cannot delete its creator's other tokens", async () => {
    const owner = await signUp("TokensOwner");
    const orgId = await createOrg(owner.cookie, "Tokens");
    const viewerToken = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgId}/tokens`, {
      cookie: owner.cookie,
      body: { name: "read only", roleId: await roleIdOf(orgId, owner.cookie, "Viewer") },
    });
    const deployToken = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "deploy" } });

    const res = await api<ErrorBody>("DELETE", `/api/orgs/${orgId}/tokens/${deployToken.body.id}`, { token: viewerToken.body.token });
    expect(res.status).toBe(403);
    expect((await api("GET", `/api/orgs/${orgId}`, { token: deployToken.body.token })).status).toBe(200);
    const denied = (await auditActions(orgId, owner.cookie, "&action=access.denied")).filter((e) => e.metadata?.method === "DELETE");
    expect(denied[0]).toMatchObject({ result: "denied", metadata: expect.objectContaining({ area: "organization", level: "full" }) });
    // Revoking itself takes nothing from anyone, so the token may.
    expect((await api("DELETE", `/api/orgs/${orgId}/tokens/${viewerToken.body.id}`, { token: viewerToken.body.token })).status).toBe(204);
    expect((await api("GET", `/api/orgs/${orgId}`, { token: viewerToken.body.token })).status).toBe(401);
  });
});

describe("finding 6: an organization keeps an Owner under concurrent changes", () => {
  it("two Owners demoting each other at the same moment leave one Owner", async () => {
    const orgs = await orgsWithTwoOwners(ORGANIZATIONS, "Demote");
    const results = await Promise.all(
      orgs.map(async ({ orgId, a, b }) => {
        const adminRole = await roleIdOf(orgId, a.cookie, "Admin");
        return Promise.all([
          api<ErrorBody>("PATCH", `/api/orgs/${orgId}/members/${b.user.id}`, { cookie: a.cookie, body: { roleId: adminRole } }),
          api<ErrorBody>("PATCH", `/api/orgs/${orgId}/members/${a.user.id}`, { cookie: b.cookie, body: { roleId: adminRole } }),
        ]);
      }),
    );
    for (const [i, { orgId }] of orgs.entries()) {
      const [won, lost] = [...results[i]!].sort((x, y) => x.status - y.status);
      expect(won!.status, `org ${i}`).toBe(200);
      // Refused for the last Owner (409) — or, when the other change landed before this request was even
      // checked, because its caller is no longer an Owner and so cannot change one (403).
      expect([403, 409], `org ${i}: ${JSON.stringify(lost!.body)}`).toContain(lost!.status);
      if (lost!.status === 409) expect(lost!.body.error.message).toMatch(/at least one Owner; make someone else Owner first/);
      expect(await ownerCount(orgId), `org ${i}`).toBe(1);
      // The refused change left no trace as if it had happened.
      expect(await auditCount(orgId, "member.update"), `org ${i}`).toBe(1);
    }
    // The requests did overlap: both passed the checks, and the write itself refused one.
    expect(results.filter((pair) => pair.some((r) => r.status === 409)).length).toBeGreaterThan(0);
  });

  it("two Owners leaving at the same moment leave one Owner", async () => {
    const orgs = await orgsWithTwoOwners(ORGANIZATIONS, "Leave");
    const tokens = await Promise.all(
      orgs.map(async ({ orgId, a, b }) => {
        const mint = async (cookie: string) => (await api<{ token: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie, body: { name: "mine" } })).body.token;
        return { a: await mint(a.cookie), b: await mint(b.cookie) };
      }),
    );
    const results = await Promise.all(
      orgs.map(({ orgId, a, b }) =>
        Promise.all([
          api<ErrorBody>("DELETE", `/api/orgs/${orgId}/members/${a.user.id}`, { cookie: a.cookie }),
          api<ErrorBody>("DELETE", `/api/orgs/${orgId}/members/${b.user.id}`, { cookie: b.cookie }),
        ]),
      ),
    );
    for (const [i, { orgId }] of orgs.entries()) {
      const [leftA, leftB] = results[i]!;
      expect([leftA.status, leftB.status].sort(), `org ${i}`).toEqual([204, 409]);
      expect((leftA.status === 409 ? leftA : leftB).body.error.message).toMatch(/at least one Owner; make someone else Owner first/);
      expect(await ownerCount(orgId), `org ${i}`).toBe(1);
      expect(await auditCount(orgId, "member.remove"), `org ${i}`).toBe(1);
      // The one who stayed keeps their token; the one who left lost theirs.
      const stayed = leftA.status === 409 ? tokens[i]!.a : tokens[i]!.b;
      const left = leftA.status === 409 ? tokens[i]!.b : tokens[i]!.a;
      expect((await api("GET", `/api/orgs/${orgId}`, { token: stayed })).status, `org ${i}`).toBe(200);
      expect((await api("GET", `/api/orgs/${orgId}`, { token: left })).status, `org ${i}`).toBe(401);
    }
  });
});
