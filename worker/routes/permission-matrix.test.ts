/**
 * Every org-scoped route, called by each kind of caller: anonymous (401), a member of another organization
 * (404: ids leak nothing), and members whose role does or does not grant the route's area (2xx or 403).
 * Each success that changes something and each denial leaves an audit entry.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { AREAS, BUILT_IN_ROLES, allows, normalizePermissions } from "../../shared/permissions";
import type { Area, Permissions } from "../../shared/permissions";
import { addMember, api, connectDock, createOrg, fakeToken, fakeUrl, roleIdOf, signUp } from "../../test/helpers";

type ActorName = "anonymous" | "outsider" | "viewer" | "noArea" | "admin" | "owner";
const ACTORS: ActorName[] = ["anonymous", "outsider", "viewer", "noArea", "admin", "owner"];

interface Actor {
  cookie?: string;
  userId?: string;
  permissions?: Permissions;
}

interface RouteCase {
  name: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  area: Area;
  level: "read" | "full";
  success: number;
  /** The audit action a successful call records; mutations only. */
  action?: string;
  /** Builds the path (and body) for one call; may create what the call will act on. */
  prepare: (actor: Actor) => Promise<{ path: string; body?: unknown }>;
}

let orgId: string;
let owner: { cookie: string; user: { id: string } };
const actors = {} as Record<ActorName, Actor>;
const noAreaActors = {} as Record<Area, Actor>;
let viewerRoleId: string;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${crypto.randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  owner = await signUp("Owner");
  orgId = await createOrg(owner.cookie, "Matrix Org");
  viewerRoleId = await roleIdOf(orgId, owner.cookie, "Viewer");
  const outsider = await signUp("Outsider");
  await createOrg(outsider.cookie, "Other Org");
  const viewer = await addMember(orgId, owner.cookie, "viewer", "Viewer");
  const admin = await addMember(orgId, owner.cookie, "admin", "Admin");
  actors.anonymous = {};
  actors.outsider = { cookie: outsider.cookie, userId: outsider.user.id };
  actors.owner = { cookie: owner.cookie, userId: owner.user.id, permissions: BUILT_IN_ROLES.owner.permissions };
  actors.viewer = { cookie: viewer.cookie, userId: viewer.user.id, permissions: BUILT_IN_ROLES.viewer.permissions };
  actors.admin = { cookie: admin.cookie, userId: admin.user.id, permissions: BUILT_IN_ROLES.admin.permissions };
  for (const area of ["organization", "members", "docks", "audit"] as const) {
    const permissions = normalizePermissions(Object.fromEntries(AREAS.map((a) => [a, a === area ? "none" : "full"])));
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: `No ${area}`, permissions } });
    expect(role.status).toBe(201);
    const member = await addMember(orgId, owner.cookie, { roleId: role.body.id }, `No${area}`);
    noAreaActors[area] = { cookie: member.cookie, userId: member.user.id, permissions };
  }
});

async function freshViewer() {
  return (await addMember(orgId, owner.cookie, "viewer", "Target")).user.id;
}

const ROUTES: RouteCase[] = [
  { name: "read the organization", method: "GET", area: "organization", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}` }) },
  {
    name: "rename the organization",
    method: "PATCH",
    area: "organization",
    level: "full",
    success: 200,
    action: "organization.update",
    prepare: async () => ({ path: `/api/orgs/${orgId}`, body: { name: "Matrix Org" } }),
  },
  { name: "list members", method: "GET", area: "members", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/members` }) },
  {
    name: "change a member's role",
    method: "PATCH",
    area: "members",
    level: "full",
    success: 200,
    action: "member.update",
    prepare: async () => ({ path: `/api/orgs/${orgId}/members/${await freshViewer()}`, body: { roleId: viewerRoleId } }),
  },
  {
    name: "remove a member",
    method: "DELETE",
    area: "members",
    level: "full",
    success: 204,
    action: "member.remove",
    prepare: async () => ({ path: `/api/orgs/${orgId}/members/${await freshViewer()}` }),
  },
  { name: "list invitations", method: "GET", area: "members", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/invitations` }) },
  {
    name: "invite",
    method: "POST",
    area: "members",
    level: "full",
    success: 201,
    action: "member.invite",
    prepare: async () => ({ path: `/api/orgs/${orgId}/invitations`, body: { email: `${unique("invitee")}@example.com`, roleId: viewerRoleId } }),
  },
  {
    name: "revoke an invitation",
    method: "DELETE",
    area: "members",
    level: "full",
    success: 204,
    action: "member.invite_revoke",
    prepare: async () => {
      const inv = await api<{ id: string }>("POST", `/api/orgs/${orgId}/invitations`, { cookie: owner.cookie, body: { email: `${unique("rev")}@example.com`, roleId: viewerRoleId } });
      return { path: `/api/orgs/${orgId}/invitations/${inv.body.id}` };
    },
  },
  { name: "list roles", method: "GET", area: "members", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/roles` }) },
  {
    name: "create a role",
    method: "POST",
    area: "members",
    level: "full",
    success: 201,
    action: "role.create",
    prepare: async () => ({ path: `/api/orgs/${orgId}/roles`, body: { name: unique("Role"), permissions: { docks: "read" } } }),
  },
  {
    name: "edit a role",
    method: "PATCH",
    area: "members",
    level: "full",
    success: 200,
    action: "role.update",
    prepare: async () => {
      const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: unique("Edit"), permissions: { docks: "read" } } });
      return { path: `/api/orgs/${orgId}/roles/${role.body.id}`, body: { permissions: { docks: "read", resources: "read" } } };
    },
  },
  {
    name: "delete a role",
    method: "DELETE",
    area: "members",
    level: "full",
    success: 204,
    action: "role.delete",
    prepare: async () => {
      const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: unique("Del"), permissions: { docks: "read" } } });
      return { path: `/api/orgs/${orgId}/roles/${role.body.id}` };
    },
  },
  { name: "list API tokens", method: "GET", area: "organization", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/tokens` }) },
  {
    name: "create an API token",
    method: "POST",
    area: "organization",
    level: "read",
    success: 201,
    action: "token.create",
    prepare: async () => ({ path: `/api/orgs/${orgId}/tokens`, body: { name: unique("token") } }),
  },
  {
    name: "revoke one's own API token",
    method: "DELETE",
    area: "organization",
    level: "read",
    success: 204,
    action: "token.delete",
    prepare: async (actor) => {
      // Callers who cannot create a token here aim at the owner's.
      const cookie = actor.cookie && actor.permissions && allows(actor.permissions, "organization", "read") ? actor.cookie : owner.cookie;
      const token = await api<{ id: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie, body: { name: unique("mine") } });
      return { path: `/api/orgs/${orgId}/tokens/${token.body.id}` };
    },
  },
  { name: "list docks", method: "GET", area: "docks", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/docks` }) },
  {
    name: "connect a dock",
    method: "POST",
    area: "docks",
    level: "full",
    success: 201,
    action: "dock.create",
    prepare: async () => ({
      path: `/api/orgs/${orgId}/docks`,
      body: { name: unique("dock"), provider: "digitalocean", credentials: { token: await fakeToken() }, baseUrl: fakeUrl("digitalocean") },
    }),
  },
  {
    name: "read a dock",
    method: "GET",
    area: "docks",
    level: "read",
    success: 200,
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${(await connectDock(orgId, owner.cookie)).dockId}` }),
  },
  {
    name: "edit a dock",
    method: "PATCH",
    area: "docks",
    level: "full",
    success: 200,
    action: "dock.update",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${(await connectDock(orgId, owner.cookie)).dockId}`, body: { name: unique("renamed") } }),
  },
  {
    name: "delete a dock",
    method: "DELETE",
    area: "docks",
    level: "full",
    success: 204,
    action: "dock.delete",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${(await connectDock(orgId, owner.cookie)).dockId}` }),
  },
  { name: "read the audit log", method: "GET", area: "audit", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/audit` }) },
  {
    name: "export the audit log as CSV",
    method: "GET",
    area: "audit",
    level: "read",
    success: 200,
    action: "audit.export",
    prepare: async () => ({ path: `/api/orgs/${orgId}/audit/export` }),
  },
];

function actorFor(name: ActorName, area: Area): Actor {
  return name === "noArea" ? noAreaActors[area] : actors[name];
}

function expectedStatus(name: ActorName, actor: Actor, route: RouteCase): number {
  if (name === "anonymous") return 401;
  if (name === "outsider") return 404;
  return allows(actor.permissions!, route.area, route.level) ? route.success : 403;
}

async function lastAudit(actorId: string) {
  return env.DB.prepare("SELECT action, result, metadata FROM audit_log WHERE organization_id = ? AND actor_id = ? ORDER BY id DESC LIMIT 1")
    .bind(orgId, actorId)
    .first<{ action: string; result: string; metadata: string }>();
}

describe.each(ROUTES)("$method $name", (route) => {
  it.each(ACTORS)("as %s", async (name) => {
    const actor = actorFor(name, route.area);
    const { path, body } = await route.prepare(actor);
    const res = await api<{ error?: { code: string } }>(route.method, path, { cookie: actor.cookie, body });
    const expected = expectedStatus(name, actor, route);
    expect(res.status, `${route.method} ${path} as ${name}: ${JSON.stringify(res.body)}`).toBe(expected);

    if (expected === 403) {
      const entry = await lastAudit(actor.userId!);
      expect(entry?.action).toBe("access.denied");
      expect(entry?.result).toBe("denied");
      expect(JSON.parse(entry!.metadata)).toMatchObject({ area: route.area, level: route.level, method: route.method });
    } else if (expected === route.success && route.action) {
      const entry = await lastAudit(actor.userId!);
      expect(entry?.action).toBe(route.action);
      expect(entry?.result).toBe("success");
    }
  });
});

describe("routes outside an organization", () => {
  it("the provider catalog is public; /api/me and /api/orgs need a caller", async () => {
    expect((await api("GET", "/api/providers")).status).toBe(200);
    expect((await api("GET", "/api/me")).status).toBe(401);
    expect((await api("GET", "/api/orgs")).status).toBe(401);
    expect((await api("POST", "/api/orgs", { body: { name: "x" } })).status).toBe(401);
    expect((await api("POST", "/api/auth/logout")).status).toBe(401);
    expect((await api("GET", "/api/me", { cookie: actors.viewer.cookie })).status).toBe(200);
  });
});
