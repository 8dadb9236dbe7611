/**
 * Accounts behind one token: the accounts a provider's credentials see are listed before a dock is connected,
 * the dock covers the ones chosen (all when none is named), and its syncs list only what they hold.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Dock, DockAccount } from "../../shared/docks";
import type { Resource } from "../../shared/resources";
import { addMember, api, createOrg, fakeUrl, signUp } from "../../test/helpers";
import { settled } from "../../test/sync-helpers";

const GITHUB = fakeUrl("github");
let cookie: string;
let orgId: string;
/** An organization of this file's own, whose one repository only it adds to the shared GitHub fake. */
const ORG = `accounts-org-${crypto.randomUUID().slice(0, 8)}`;
const ORG_REPO = `${ORG}/infra`;

async function githubToken(): Promise<string> {
  const token = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
  const res = await fetch(`${GITHUB}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  expect(res.status).toBe(201);
  return token;
}

const discover = (body: unknown, as = cookie) => api<{ accounts: DockAccount[] }>("POST", `/api/orgs/${orgId}/docks/accounts`, { cookie: as, body });
const connect = (token: string, scope?: string[]) =>
  api<Dock>("POST", `/api/orgs/${orgId}/docks`, { cookie, body: { name: `gh ${scope?.join(",") ?? "all"}`, provider: "github", credentials: { token }, baseUrl: GITHUB, ...(scope ? { scope } : {}) } });

async function repositoryNames(dockId: string): Promise<string[]> {
  const res = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?dockId=${dockId}&kind=repository&limit=200`, { cookie });
  return res.body.items.map((r) => r.name).sort();
}

beforeAll(async () => {
  ({ cookie } = await signUp("Accounts owner"));
  orgId = await createOrg(cookie, "Accounts org");
  const owner = { login: ORG, id: 7_700_000 + Math.floor(Math.random() * 90_000), type: "Organization", node_id: "O_accounts", avatar_url: "https://avatars.githubusercontent.com/u/1" };
  const res = await fetch(`${GITHUB}/_fake/repos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "infra", owner, full_name: ORG_REPO }) });
  expect(res.status).toBe(201);
});

describe("POST /docks/accounts", () => {
  it("lists the token's user and every organization it sees, and stores nothing", async () => {
    const token = await githubToken();
    const res = await discover({ provider: "github", credentials: { token }, baseUrl: GITHUB });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = res.body.accounts.map((a) => a.id);
    expect(ids[0]).toBe("octocat");
    expect(res.body.accounts[0]!.name).toBe("octocat (personal)");
    expect(ids).toContain(ORG);
    const docks = await api<{ items: Dock[] }>("GET", `/api/orgs/${orgId}/docks`, { cookie });
    expect(docks.body.items).toEqual([]);
  });

  it("answers a provider with one account per token with that account", async () => {
    const token = `hcloud_${crypto.randomUUID().replace(/-/g, "")}`;
    await fetch(`${fakeUrl("hetzner")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
    const res = await discover({ provider: "hetzner", credentials: { token }, baseUrl: `${fakeUrl("hetzner")}/v1` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.accounts).toHaveLength(1);
  });

  it("refuses credentials the provider rejects with its words (422), an unknown provider (400), and a member who may not connect docks (403)", async () => {
    const rejected = await discover({ provider: "github", credentials: { token: "ghp_not_a_known_token_0000000000000000" }, baseUrl: GITHUB });
    expect(rejected.status).toBe(422);
    expect(rejected.body).toMatchObject({ error: { message: expect.stringMatching(/Bad credentials/) } });
    const unknown = await discover({ provider: "nope", credentials: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { message: expect.stringMatching(/^invalid body: provider: unknown provider "nope"/) } });
    const viewer = await addMember(orgId, cookie, "viewer", "Accounts viewer");
    const refused = await discover({ provider: "github", credentials: { token: await githubToken() }, baseUrl: GITHUB }, viewer.cookie);
    expect(refused.status).toBe(403);
  });
});

describe("a dock's scope", () => {
  it("covers every account when the request names none", async () => {
    const res = await connect(await githubToken());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.scope).toBeNull();
    await settled(orgId, res.body.id, cookie);
    const names = await repositoryNames(res.body.id);
    expect(names).toContain(ORG_REPO);
    expect(names.some((n) => n.startsWith("octocat/"))).toBe(true);
  });

  it("covers only the accounts chosen: their repositories, and the children of those alone", async () => {
    const res = await connect(await githubToken(), [ORG]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.scope).toEqual([ORG]);
    const run = await settled(orgId, res.body.id, cookie);
    expect(run?.status, run?.error ?? "").toBe("succeeded");
    expect(await repositoryNames(res.body.id)).toEqual([ORG_REPO]);
    const deployments = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?dockId=${res.body.id}&kind=deployment&limit=200`, { cookie });
    expect(deployments.body.items).toEqual([]);
    const read = await api<Dock>("GET", `/api/orgs/${orgId}/docks/${res.body.id}`, { cookie });
    expect(read.body.scope).toEqual([ORG]);
  });

  it("refuses an account the credentials do not see, naming it and what they do see", async () => {
    const res = await connect(await githubToken(), [ORG, "someone-else"]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { message: expect.stringMatching(/^invalid body: scope\.1: "someone-else" is not an account these credentials see \(they see: octocat, .*\)$/) } });
    const empty = await connect(await githubToken(), []);
    expect(empty.status).toBe(400);
    const twice = await connect(await githubToken(), [ORG, ORG]);
    expect(twice.status).toBe(400);
  });

  it("is changed with the credentials entered again, or widened to every account without them", async () => {
    const token = await githubToken();
    const created = await connect(token, [ORG]);
    const dockId = created.body.id;
    const narrowed = await api<Dock>("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie, body: { scope: ["octocat"] } });
    expect(narrowed.status).toBe(400);
    expect(JSON.stringify(narrowed.body)).toMatch(/choosing accounts requires entering the credentials again/);
    const moved = await api<Dock>("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie, body: { scope: ["octocat"], credentials: { token } } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.scope).toEqual(["octocat"]);
    const widened = await api<Dock>("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie, body: { scope: null } });
    expect(widened.status).toBe(200);
    expect(widened.body.scope).toBeNull();
  });
});
