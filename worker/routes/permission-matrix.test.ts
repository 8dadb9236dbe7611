/**
 * Every route of the app, called by each kind of caller. The route list is not written here: it is read
 * from the OpenAPI document (plus the few routes registered on the app directly), and each route must have
 * an explicit expectation in EXPECTATIONS — a new route without one fails, and so does an expectation for a
 * route that is gone.
 *
 * Org-scoped routes: anonymous (401), a member of another organization (404: ids leak nothing), members whose
 * role does or does not grant the route's area (2xx or 403), and an API token narrowed to Viewer (a token acts
 * within its role). Each success that changes something and each denial leaves an audit entry.
 */
import { env, exports } from "cloudflare:workers";
import ping from "../../adapters/github/fixtures/webhook-ping.json";
import { beforeAll, describe, expect, it } from "vitest";
import { AREAS, BUILT_IN_ROLES, allows, normalizePermissions } from "../../shared/permissions";
import type { Area, Permissions } from "../../shared/permissions";
import { addMember, api, connectDock, createOrg, fakeToken, fakeUrl, ORIGIN, PASSWORD, roleIdOf, signUp, verificationTokenFor } from "../../test/helpers";
import { allRouteKeys, endpointsOf, loadOpenApiDocument, operationsOf, unlistedDirectRoutes } from "../../test/security/openapi-operations";
import { dropletsOnly, syncNow } from "../../test/sync-helpers";
import { app } from "../index";
import { githubSignature } from "../../test/webhook-signature";

type OrgActorName = "anonymous" | "outsider" | "viewer" | "noArea" | "admin" | "owner" | "viewerToken";
const ORG_ACTORS: OrgActorName[] = ["anonymous", "outsider", "viewer", "noArea", "admin", "owner", "viewerToken"];
type OutsideActorName = "anonymous" | "user" | "token";
const OUTSIDE_ACTORS: OutsideActorName[] = ["anonymous", "user", "token"];

interface Actor {
  cookie?: string;
  token?: string;
  /** Who audit entries name: the user, or for a token the token's id. */
  auditId?: string;
  email?: string;
  permissions?: Permissions;
}

interface Prepared {
  path: string;
  body?: unknown;
  /** Opens the route as a WebSocket handshake rather than a plain request. */
  upgrade?: boolean;
}

interface OrgExpectation {
  scope: "org";
  name: string;
  area: Area;
  level: "read" | "full";
  success: number;
  /** The audit action a successful call records; mutations only. */
  action?: string;
  /** Areas the "role without the area" lacks; by default the route's own. */
  without?: readonly Area[];
  /** Refused to any API token whatever its role (status; not a permission denial, so no access.denied). */
  tokenRefused?: number;
  /**
   * What an API token needs besides `area`/`level`: a self-service write a person may make with any role is, for
   * a token, a write within its own role (denied with 403 and access.denied).
   */
  tokenNeeds?: { area: Area; level: "read" | "full" };
  /** Builds the request for one call; may create what the call will act on. */
  prepare: (actor: Actor) => Promise<Prepared>;
}

interface OutsideExpectation {
  scope: "outside";
  name: string;
  /** What kind of caller the route needs, in words. */
  needs: "nobody (public)" | "a signed-in user or a token" | "a signed-in session, not a token";
  expected: Record<OutsideActorName, number>;
  /** The audit action a signed-in user's successful call records. */
  action?: string;
  prepare: (actor: Actor) => Promise<Prepared>;
}

interface WebhookExpectation {
  scope: "webhook";
  name: string;
}

type Expectation = OrgExpectation | OutsideExpectation | WebhookExpectation;

let orgId: string;
let owner: { cookie: string; user: { id: string; email: string } };
const actors = {} as Record<Exclude<OrgActorName, "noArea">, Actor>;
const noAreaActors = new Map<string, Actor>();
let viewerRoleId: string;
let otherOrg: { orgId: string; cookie: string; roleId: string };
let dock: { dockId: string; token: string };
let resourceId: string;
let github: { dockId: string; secret: string };
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${crypto.randomUUID().slice(0, 6)}`;

const org = (e: Omit<OrgExpectation, "scope">): OrgExpectation => ({ scope: "org", ...e });
const publicRoute = (name: string, success: number, prepare: OutsideExpectation["prepare"]): OutsideExpectation => ({
  scope: "outside",
  name,
  needs: "nobody (public)",
  expected: { anonymous: success, user: success, token: success },
  prepare,
});
const userRoute = (name: string, success: number, prepare: OutsideExpectation["prepare"], action?: string): OutsideExpectation => ({
  scope: "outside",
  name,
  needs: "a signed-in user or a token",
  expected: { anonymous: 401, user: success, token: success },
  prepare,
  ...(action ? { action } : {}),
});
const sessionRoute = (name: string, success: number, prepare: OutsideExpectation["prepare"], action?: string): OutsideExpectation => ({
  scope: "outside",
  name,
  needs: "a signed-in session, not a token",
  expected: { anonymous: 401, user: success, token: 403 },
  prepare,
  ...(action ? { action } : {}),
});

async function freshViewer() {
  return (await addMember(orgId, owner.cookie, "viewer", "Target")).user.id;
}

async function invite(email: string, into = { orgId, cookie: owner.cookie, roleId: viewerRoleId }) {
  const inv = await api<{ id: string; token: string }>("POST", `/api/orgs/${into.orgId}/invitations`, { cookie: into.cookie, body: { email, roleId: into.roleId } });
  expect(inv.status).toBe(201);
  return inv.body;
}

/**
 * An invitation the caller could accept if its kind of credential were enough: to the caller's own address,
 * in an organization the caller is not in yet. For the token, whose user is our Owner, that is the other
 * organization, so a 403 there can only mean "not with a token".
 */
async function invitationFor(actor: Actor) {
  if (actor === actors.viewerToken) return invite(owner.user.email, otherOrg);
  return invite(actor.email ?? `${unique("nobody")}@example.com`);
}

/** A confirmation token for a new account, as the sign-up email carries it. */
async function signedUpToken(): Promise<string> {
  const email = `${unique("confirm")}@example.com`;
  const res = await api("POST", "/api/auth/signup", { body: { email, password: PASSWORD, name: "Confirm" } });
  expect(res.status).toBe(202);
  return verificationTokenFor(email);
}

/** One line per route, keyed "METHOD /path" exactly as the OpenAPI document (or the app) names it. */
const EXPECTATIONS: Record<string, Expectation> = {
  // ---- outside organizations ----
  "GET /api/openapi.json": publicRoute("the API description", 200, async () => ({ path: "/api/openapi.json" })),
  "GET /api/providers": publicRoute("the provider catalog", 200, async () => ({ path: "/api/providers" })),
  "POST /api/auth/signup": publicRoute("sign up", 202, async () => ({
    path: "/api/auth/signup",
    body: { email: `${unique("signup")}@example.com`, password: PASSWORD, name: "Signup" },
  })),
  "POST /api/auth/verify-email": publicRoute("confirm an email address", 200, async () => ({ path: "/api/auth/verify-email", body: { token: await signedUpToken() } })),
  "POST /api/auth/login": publicRoute("log in", 200, async () => ({ path: "/api/auth/login", body: { email: owner.user.email, password: PASSWORD } })),
  "POST /api/auth/logout": userRoute("log out", 204, async () => ({ path: "/api/auth/logout" }), "auth.logout"),
  "GET /api/me": userRoute("the caller and their organizations", 200, async () => ({ path: "/api/me" })),
  // Where its creator signs in is none of the token's organization's business.
  "GET /api/me/security-events": sessionRoute("one's own sign-in history", 200, async () => ({ path: "/api/me/security-events" })),
  "GET /api/orgs": userRoute("list one's organizations", 200, async () => ({ path: "/api/orgs" })),
  // A token is bound to its organization, so it cannot found another.
  "POST /api/orgs": sessionRoute("create an organization", 201, async () => ({ path: "/api/orgs", body: { name: unique("Org") } }), "organization.create"),
  "POST /api/invitations/accept": sessionRoute("accept an invitation", 200, async (actor) => ({ path: "/api/invitations/accept", body: { token: (await invitationFor(actor)).token } }), "member.join"),
  "POST /webhooks/{provider}/{dockId}": { scope: "webhook", name: "a provider's webhook delivery" },
  "POST /webhooks/{provider}/{dockId}/{urlToken}": { scope: "webhook", name: "a webhook delivery of a provider that signs nothing" },

  // ---- organization ----
  "GET /api/orgs/{orgId}": org({ name: "read the organization", area: "organization", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}` }) }),
  "PATCH /api/orgs/{orgId}": org({
    name: "rename the organization",
    area: "organization",
    level: "full",
    success: 200,
    action: "organization.update",
    prepare: async () => ({ path: `/api/orgs/${orgId}`, body: { name: "Matrix Org" } }),
  }),

  // ---- members, invitations, roles ----
  "GET /api/orgs/{orgId}/members": org({ name: "list members", area: "members", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/members` }) }),
  "PATCH /api/orgs/{orgId}/members/{userId}": org({
    name: "change a member's role",
    area: "members",
    level: "full",
    success: 200,
    action: "member.update",
    prepare: async () => ({ path: `/api/orgs/${orgId}/members/${await freshViewer()}`, body: { roleId: viewerRoleId } }),
  }),
  "DELETE /api/orgs/{orgId}/members/{userId}": org({
    name: "remove a member",
    area: "members",
    level: "full",
    success: 204,
    action: "member.remove",
    prepare: async () => ({ path: `/api/orgs/${orgId}/members/${await freshViewer()}` }),
  }),
  "GET /api/orgs/{orgId}/invitations": org({ name: "list invitations", area: "members", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/invitations` }) }),
  "POST /api/orgs/{orgId}/invitations": org({
    name: "invite",
    area: "members",
    level: "full",
    success: 201,
    action: "member.invite",
    prepare: async () => ({ path: `/api/orgs/${orgId}/invitations`, body: { email: `${unique("invitee")}@example.com`, roleId: viewerRoleId } }),
  }),
  "DELETE /api/orgs/{orgId}/invitations/{invitationId}": org({
    name: "revoke an invitation",
    area: "members",
    level: "full",
    success: 204,
    action: "member.invite_revoke",
    prepare: async () => ({ path: `/api/orgs/${orgId}/invitations/${(await invite(`${unique("rev")}@example.com`)).id}` }),
  }),
  "GET /api/orgs/{orgId}/roles": org({ name: "list roles", area: "members", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/roles` }) }),
  "POST /api/orgs/{orgId}/roles": org({
    name: "create a role",
    area: "members",
    level: "full",
    success: 201,
    action: "role.create",
    prepare: async () => ({ path: `/api/orgs/${orgId}/roles`, body: { name: unique("Role"), permissions: { docks: "read" } } }),
  }),
  "PATCH /api/orgs/{orgId}/roles/{roleId}": org({
    name: "edit a role",
    area: "members",
    level: "full",
    success: 200,
    action: "role.update",
    prepare: async () => {
      const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: unique("Edit"), permissions: { docks: "read" } } });
      return { path: `/api/orgs/${orgId}/roles/${role.body.id}`, body: { permissions: { docks: "read", resources: "read" } } };
    },
  }),
  "DELETE /api/orgs/{orgId}/roles/{roleId}": org({
    name: "delete a role",
    area: "members",
    level: "full",
    success: 204,
    action: "role.delete",
    prepare: async () => {
      const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: unique("Del"), permissions: { docks: "read" } } });
      return { path: `/api/orgs/${orgId}/roles/${role.body.id}` };
    },
  }),

  // ---- API tokens ----
  "GET /api/orgs/{orgId}/tokens": org({ name: "list API tokens", area: "organization", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/tokens` }) }),
  "POST /api/orgs/{orgId}/tokens": org({
    name: "create an API token",
    area: "organization",
    level: "read",
    success: 201,
    action: "token.create",
    // A token minting tokens would outlive its own expiry and revocation.
    tokenRefused: 403,
    prepare: async () => ({ path: `/api/orgs/${orgId}/tokens`, body: { name: unique("token") } }),
  }),
  "DELETE /api/orgs/{orgId}/tokens/{tokenId}": org({
    name: "revoke one's own API token",
    area: "organization",
    level: "read",
    success: 204,
    action: "token.delete",
    // The token aims at its creator's other token: a narrowed token may not take that from its creator.
    tokenNeeds: { area: "organization", level: "full" },
    prepare: async (actor) => {
      // Callers who cannot create a token here aim at the owner's (a token's own user is the owner).
      const cookie = actor.cookie && actor.permissions && allows(actor.permissions, "organization", "read") ? actor.cookie : owner.cookie;
      const token = await api<{ id: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie, body: { name: unique("mine") } });
      return { path: `/api/orgs/${orgId}/tokens/${token.body.id}` };
    },
  }),

  // ---- docks, sync, webhook settings ----
  "GET /api/orgs/{orgId}/docks": org({ name: "list docks", area: "docks", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/docks` }) }),
  "POST /api/orgs/{orgId}/docks": org({
    name: "connect a dock",
    area: "docks",
    level: "full",
    success: 201,
    action: "dock.create",
    prepare: async () => ({
      path: `/api/orgs/${orgId}/docks`,
      body: { name: unique("dock"), provider: "digitalocean", credentials: { token: await fakeToken() }, baseUrl: fakeUrl("digitalocean") },
    }),
  }),
  "POST /api/orgs/{orgId}/docks/accounts": org({
    name: "list the accounts credentials reach",
    area: "docks",
    level: "full",
    success: 200,
    prepare: async () => ({
      path: `/api/orgs/${orgId}/docks/accounts`,
      body: { provider: "digitalocean", credentials: { token: await fakeToken() }, baseUrl: fakeUrl("digitalocean") },
    }),
  }),
  "GET /api/orgs/{orgId}/docks/{dockId}": org({
    name: "read a dock",
    area: "docks",
    level: "read",
    success: 200,
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${(await connectDock(orgId, owner.cookie)).dockId}` }),
  }),
  "PATCH /api/orgs/{orgId}/docks/{dockId}": org({
    name: "edit a dock",
    area: "docks",
    level: "full",
    success: 200,
    action: "dock.update",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${(await connectDock(orgId, owner.cookie)).dockId}`, body: { name: unique("renamed") } }),
  }),
  "DELETE /api/orgs/{orgId}/docks/{dockId}": org({
    name: "delete a dock",
    area: "docks",
    level: "full",
    success: 204,
    action: "dock.delete",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${(await connectDock(orgId, owner.cookie)).dockId}` }),
  }),
  "POST /api/orgs/{orgId}/docks/{dockId}/sync": org({
    name: "sync a dock now",
    area: "docks",
    level: "full",
    success: 202,
    action: "dock.sync",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${dock.dockId}/sync` }),
  }),
  "GET /api/orgs/{orgId}/docks/{dockId}/runs": org({
    name: "list a dock's sync runs",
    area: "docks",
    level: "read",
    success: 200,
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${dock.dockId}/runs` }),
  }),
  // The secret is a credential: reading it takes full docks access, like changing the dock.
  "GET /api/orgs/{orgId}/docks/{dockId}/webhook": org({
    name: "read the webhook settings",
    area: "docks",
    level: "full",
    success: 200,
    action: "webhook.secret_read",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${dock.dockId}/webhook` }),
  }),
  // Storing a provider-issued secret takes what reading one does. This dock's provider sends no webhooks, so
  // the permitted call is refused as a request (400), after the permission check has passed.
  "PUT /api/orgs/{orgId}/docks/{dockId}/webhook": org({
    name: "store a provider-issued webhook secret",
    area: "docks",
    level: "full",
    success: 400,
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${dock.dockId}/webhook`, body: { secret: "a-provider-made-secret" } }),
  }),
  "POST /api/orgs/{orgId}/docks/{dockId}/webhook/rotate": org({
    name: "rotate the webhook secret",
    area: "docks",
    level: "full",
    success: 200,
    action: "webhook.rotate",
    prepare: async () => ({ path: `/api/orgs/${orgId}/docks/${dock.dockId}/webhook/rotate` }),
  }),

  // ---- resources (monitors and issues are the monitoring area's, so a role lacking both reads nothing) ----
  "GET /api/orgs/{orgId}/resources": org({
    name: "list resources",
    area: "resources",
    level: "read",
    success: 200,
    without: ["resources", "monitoring"],
    prepare: async () => ({ path: `/api/orgs/${orgId}/resources` }),
  }),
  "GET /api/orgs/{orgId}/resources/{resourceId}": org({
    name: "read a resource",
    area: "resources",
    level: "read",
    success: 200,
    without: ["resources", "monitoring"],
    prepare: async () => ({ path: `/api/orgs/${orgId}/resources/${resourceId}` }),
  }),
  "GET /api/orgs/{orgId}/events": org({
    name: "list resource changes",
    area: "resources",
    level: "read",
    success: 200,
    without: ["resources", "monitoring"],
    prepare: async () => ({ path: `/api/orgs/${orgId}/events` }),
  }),
  "GET /api/orgs/{orgId}/summary": org({
    name: "the resource summary",
    area: "resources",
    level: "read",
    success: 200,
    without: ["resources", "monitoring"],
    prepare: async () => ({ path: `/api/orgs/${orgId}/summary` }),
  }),
  "GET /api/orgs/{orgId}/live": org({
    name: "open the live channel",
    area: "resources",
    level: "read",
    success: 101,
    prepare: async () => ({ path: `/api/orgs/${orgId}/live`, upgrade: true }),
  }),

  // ---- audit ----
  "GET /api/orgs/{orgId}/audit": org({ name: "read the audit log", area: "audit", level: "read", success: 200, prepare: async () => ({ path: `/api/orgs/${orgId}/audit` }) }),
  "GET /api/orgs/{orgId}/audit/export": org({
    name: "export the audit log as CSV",
    area: "audit",
    level: "read",
    success: 200,
    action: "audit.export",
    prepare: async () => ({ path: `/api/orgs/${orgId}/audit/export` }),
  }),
};

// The route list, from the running app's own description of itself.
const operations = operationsOf(await loadOpenApiDocument());
const ROUTES = allRouteKeys(operations);
const APP_ENDPOINTS = endpointsOf(app.routes);

const withoutKey = (areas: readonly Area[]) => [...areas].sort().join("+");
const orgEntries = ROUTES.flatMap((key) => {
  const e = EXPECTATIONS[key];
  return e?.scope === "org" ? [{ key, ...e }] : [];
});
const outsideEntries = ROUTES.flatMap((key) => {
  const e = EXPECTATIONS[key];
  return e?.scope === "outside" ? [{ key, ...e }] : [];
});

beforeAll(async () => {
  owner = await signUp("Owner");
  orgId = await createOrg(owner.cookie, "Matrix Org");
  viewerRoleId = await roleIdOf(orgId, owner.cookie, "Viewer");
  const outsider = await signUp("Outsider");
  const outsiderOrgId = await createOrg(outsider.cookie, "Other Org");
  otherOrg = { orgId: outsiderOrgId, cookie: outsider.cookie, roleId: await roleIdOf(outsiderOrgId, outsider.cookie, "Viewer") };
  const viewer = await addMember(orgId, owner.cookie, "viewer", "Viewer");
  const admin = await addMember(orgId, owner.cookie, "admin", "Admin");
  const token = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "viewer token", roleId: viewerRoleId } });
  expect(token.status).toBe(201);
  actors.anonymous = {};
  actors.outsider = { cookie: outsider.cookie, auditId: outsider.user.id };
  actors.owner = { cookie: owner.cookie, auditId: owner.user.id, permissions: BUILT_IN_ROLES.owner.permissions };
  actors.viewer = { cookie: viewer.cookie, auditId: viewer.user.id, permissions: BUILT_IN_ROLES.viewer.permissions };
  actors.admin = { cookie: admin.cookie, auditId: admin.user.id, permissions: BUILT_IN_ROLES.admin.permissions };
  // The token's role is Viewer and its creator the Owner: it acts with the lesser of the two.
  actors.viewerToken = { token: token.body.token, auditId: token.body.id, permissions: BUILT_IN_ROLES.viewer.permissions };

  const denials = new Map(orgEntries.map((e) => [withoutKey(e.without ?? [e.area]), e.without ?? [e.area]]));
  for (const [key, areas] of denials) {
    const permissions = normalizePermissions(Object.fromEntries(AREAS.map((a) => [a, areas.includes(a) ? "none" : "full"])));
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner.cookie, body: { name: `No ${key}`, permissions } });
    expect(role.status).toBe(201);
    const member = await addMember(orgId, owner.cookie, { roleId: role.body.id }, `No${key.replace(/\W/g, "")}`);
    noAreaActors.set(key, { cookie: member.cookie, auditId: member.user.id, permissions });
  }

  // Something synced to read, a dock to sync and a webhook-capable dock to deliver to.
  dock = await connectDock(orgId, owner.cookie, "Matrix dock");
  await dropletsOnly(dock.token, 2);
  await syncNow(orgId, dock.dockId, owner.cookie);
  const listed = await api<{ items: { id: string }[] }>("GET", `/api/orgs/${orgId}/resources?limit=1`, { cookie: owner.cookie });
  expect(listed.body.items.length).toBe(1);
  resourceId = listed.body.items[0]!.id;

  const ghToken = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
  const registered = await fetch(`${fakeUrl("github")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: ghToken }) });
  expect(registered.status).toBe(201);
  const gh = await api<{ id: string }>("POST", `/api/orgs/${orgId}/docks`, {
    cookie: owner.cookie,
    body: { name: "gh", provider: "github", credentials: { token: ghToken }, baseUrl: fakeUrl("github") },
  });
  expect(gh.status).toBe(201);
  const info = await api<{ secret: string }>("GET", `/api/orgs/${orgId}/docks/${gh.body.id}/webhook`, { cookie: owner.cookie });
  github = { dockId: gh.body.id, secret: info.body.secret };
});

describe("the route list", () => {
  it("comes from the app: the OpenAPI document plus the routes registered directly, and nothing else", () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(unlistedDirectRoutes(APP_ENDPOINTS, operations), "routes on the app that are neither in the OpenAPI document nor in DIRECT_ROUTES").toEqual([]);
    expect(ROUTES.filter((k) => !APP_ENDPOINTS.includes(k)), "listed routes the app does not serve").toEqual([]);
  });

  it("has an explicit expectation for every route", () => {
    const missing = ROUTES.filter((k) => !(k in EXPECTATIONS));
    expect(missing, `routes without an expectation in EXPECTATIONS (add one line each): ${missing.join(", ")}`).toEqual([]);
  });

  it("has no expectation for a route that no longer exists", () => {
    const stale = Object.keys(EXPECTATIONS).filter((k) => !ROUTES.includes(k));
    expect(stale, `expectations for routes the app no longer has: ${stale.join(", ")}`).toEqual([]);
  });
});

function actorFor(name: OrgActorName, route: OrgExpectation): Actor {
  if (name === "noArea") {
    const actor = noAreaActors.get(withoutKey(route.without ?? [route.area]));
    if (!actor) throw new Error(`no role without ${route.area}`);
    return actor;
  }
  return actors[name];
}

/** The permission a denial of this actor names: the route's own, or what a token additionally needs. */
function deniedPermission(name: OrgActorName, actor: Actor, route: OrgExpectation): { area: Area; level: "read" | "full" } | null {
  if (!allows(actor.permissions!, route.area, route.level)) return { area: route.area, level: route.level };
  if (name === "viewerToken" && route.tokenNeeds && !allows(actor.permissions!, route.tokenNeeds.area, route.tokenNeeds.level)) return route.tokenNeeds;
  return null;
}

function expectedStatus(name: OrgActorName, actor: Actor, route: OrgExpectation): number {
  if (name === "anonymous") return 401;
  if (name === "outsider") return 404;
  if (name === "viewerToken" && route.tokenRefused !== undefined) return route.tokenRefused;
  return deniedPermission(name, actor, route) ? 403 : route.success;
}

async function call(method: string, prepared: Prepared, actor: Actor): Promise<{ status: number; body: unknown }> {
  if (!prepared.upgrade) {
    const res = await api(method, prepared.path, { cookie: actor.cookie, token: actor.token, body: prepared.body });
    return { status: res.status, body: res.body };
  }
  const headers: Record<string, string> = { upgrade: "websocket", origin: ORIGIN };
  if (actor.cookie) headers.cookie = actor.cookie;
  if (actor.token) headers.authorization = `Bearer ${actor.token}`;
  const res = await exports.default.fetch(new Request(`${ORIGIN}${prepared.path}`, { headers }));
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, "done");
    return { status: res.status, body: null };
  }
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function lastAudit(actorId: string, inOrg: string | null = orgId) {
  const query = inOrg
    ? env.DB.prepare("SELECT action, result, metadata FROM audit_log WHERE organization_id = ? AND actor_id = ? ORDER BY id DESC LIMIT 1").bind(inOrg, actorId)
    : env.DB.prepare("SELECT action, result, metadata FROM audit_log WHERE actor_id = ? ORDER BY id DESC LIMIT 1").bind(actorId);
  return query.first<{ action: string; result: string; metadata: string | null }>();
}

describe.each(orgEntries)("$key ($name)", (route) => {
  const method = route.key.split(" ")[0]!;
  it.each(ORG_ACTORS)("as %s", async (name) => {
    const actor = actorFor(name, route);
    const prepared = await route.prepare(actor);
    const res = await call(method, prepared, actor);
    const expected = expectedStatus(name, actor, route);
    expect(res.status, `${method} ${prepared.path} as ${name}: ${JSON.stringify(res.body)}`).toBe(expected);

    if (expected === 403 && route.tokenRefused === undefined) {
      const entry = await lastAudit(actor.auditId!);
      expect(entry?.action).toBe("access.denied");
      expect(entry?.result).toBe("denied");
      expect(JSON.parse(entry!.metadata!)).toMatchObject({ ...deniedPermission(name, actor, route), method });
    } else if (expected === route.success && route.action) {
      const entry = await lastAudit(actor.auditId!);
      expect(entry?.action).toBe(route.action);
      expect(entry?.result).toBe("success");
    } else if (name === "viewerToken" && route.tokenRefused !== undefined && route.action) {
      // Refused outright: the mutation did not happen, so it left no entry either.
      const entry = await lastAudit(actor.auditId!);
      expect(entry?.action).not.toBe(route.action);
    }
  });
});

describe.each(outsideEntries)("$key ($name): needs $needs", (route) => {
  const method = route.key.split(" ")[0]!;
  it.each(OUTSIDE_ACTORS)("as %s", async (name) => {
    // A throwaway user, so logging out or joining changes nobody else's state.
    const fresh = name === "user" ? await signUp("Caller") : null;
    const actor: Actor =
      name === "anonymous" ? {} : fresh ? { cookie: fresh.cookie, auditId: fresh.user.id, email: fresh.user.email } : actors.viewerToken;
    const prepared = await route.prepare(actor);
    const res = await call(method, prepared, actor);
    expect(res.status, `${method} ${prepared.path} as ${name}: ${JSON.stringify(res.body)}`).toBe(route.expected[name]);
    if (name === "user" && route.action) {
      const entry = await lastAudit(actor.auditId!, null);
      expect(entry?.action).toBe(route.action);
      expect(entry?.result).toBe("success");
    }
  });
});

describe("POST /webhooks/{provider}/{dockId}: authenticated by the dock's signature, not by a session", () => {
  const sign = (body: string) => githubSignature(github.secret, body);
  async function deliver(options: { signed: boolean; cookie?: string; dockId?: string }) {
    const body = JSON.stringify(ping);
    const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": crypto.randomUUID() };
    if (options.signed) headers["x-hub-signature-256"] = await sign(body);
    if (options.cookie) headers.cookie = options.cookie;
    const res = await exports.default.fetch(new Request(`${ORIGIN}/webhooks/github/${options.dockId ?? github.dockId}`, { method: "POST", headers, body }));
    return { status: res.status, body: await res.text() };
  }
  // Refusals are counted per dock and minute in one entry (`metadata.count`): the sum is the number refused.
  const rejections = () =>
    env.DB.prepare(
      "SELECT coalesce(sum(json_extract(metadata, '$.count')), 0) AS n FROM audit_log WHERE organization_id = ? AND action = 'webhook.rejected' AND target_id = ?",
    )
      .bind(orgId, github.dockId)
      .first<{ n: number }>();

  it("unsigned, as anonymous: 401 and a webhook.rejected entry", async () => {
    const before = (await rejections())!.n;
    expect((await deliver({ signed: false })).status).toBe(401);
    expect((await rejections())!.n).toBe(before + 1);
  });

  it("unsigned, with the Owner's session: still 401", async () => {
    expect((await deliver({ signed: false, cookie: owner.cookie })).status).toBe(401);
  });

  it("signed with the dock's secret: accepted", async () => {
    const res = await deliver({ signed: true });
    expect(res.status, res.body).toBe(200);
  });

  it("to a dock that does not exist: 404", async () => {
    expect((await deliver({ signed: true, dockId: "dck_nothing" })).status).toBe(404);
  });
});
