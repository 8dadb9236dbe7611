import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dock } from "../../shared/docks";
import { api, connectDock, createOrg, fakeToken, fakeUrl, injectFault, signUp } from "../../test/helpers";

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

let orgId: string;
let cookie: string;
const docksUrl = () => `/api/orgs/${orgId}/docks`;

beforeAll(async () => {
  ({ cookie } = await signUp("Docker"));
  orgId = await createOrg(cookie, "Docks Org");
});

async function dockCount(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM docks WHERE organization_id = ?").bind(orgId).first<{ n: number }>();
  return row!.n;
}

describe("connecting a DigitalOcean dock", () => {
  it("validates the token with the provider, stores it encrypted and returns only a hint", async () => {
    const token = await fakeToken();
    const res = await api<Dock>("POST", docksUrl(), {
      cookie,
      body: { name: "Production", provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Production",
      provider: "digitalocean",
      status: "pending",
      credentialsHint: `…${token.slice(-4)}`,
      baseUrl: fakeUrl("digitalocean"),
      syncEnabled: true,
      syncIntervalSeconds: 300,
      consecutiveFailures: 0,
      lastSyncAt: null,
      lastError: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(token);
    expect(Object.keys(res.body)).not.toContain("credentials");

    const row = await env.DB.prepare("SELECT * FROM docks WHERE id = ?").bind(res.body.id).first<Record<string, string>>();
    expect(row!.credentials_ciphertext).not.toContain(token);
    expect(row!.credentials_key_id).toBe("test1");

    const fetched = await api<Dock>("GET", `${docksUrl()}/${res.body.id}`, { cookie });
    expect(JSON.stringify(fetched.body)).not.toContain(token);
    const audit = await env.DB.prepare("SELECT metadata FROM audit_log WHERE target_id = ? AND action = 'dock.create'").bind(res.body.id).first<{ metadata: string }>();
    expect(audit!.metadata).not.toContain(token);
    expect(JSON.parse(audit!.metadata)).toMatchObject({ provider: "digitalocean", account: "My Team" });
  });

  it("refuses a token the provider rejects with 422 and the provider's reason, storing nothing", async () => {
    const before = await dockCount();
    const res = await api<ErrorBody>("POST", docksUrl(), {
      cookie,
      body: { name: "Bad", provider: "digitalocean", credentials: { token: "dop_v1_not_a_token_the_fake_knows" }, baseUrl: fakeUrl("digitalocean") },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe("DigitalOcean rejected the credentials: Unable to authenticate you.");
    expect(await dockCount()).toBe(before);
    const audit = await env.DB.prepare("SELECT result FROM audit_log WHERE organization_id = ? AND action = 'dock.validate_failed' ORDER BY id DESC").bind(orgId).first<{ result: string }>();
    expect(audit!.result).toBe("failure");
  });

  it("refuses a token that may not do what connecting needs with 422 and the provider's words, storing nothing", async () => {
    const before = await dockCount();
    const token = await fakeToken();
    // A custom-scoped DigitalOcean token without account:read, which validation reads.
    const scoped = await fetch(`${fakeUrl("digitalocean")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, scopes: ["droplet:read"] }) });
    expect(scoped.status).toBe(201);
    const res = await api<ErrorBody>("POST", docksUrl(), { cookie, body: { name: "Narrow", provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe("DigitalOcean refused GET /v2/account: the credentials lack a permission it needs: You are not authorized to perform this operation.");
    expect(await dockCount()).toBe(before);
  });

  it("passes a provider rate limit on as 429 with Retry-After", async () => {
    const token = await fakeToken();
    await injectFault({ kind: "rate_limit", retryAfterSeconds: 29, token, times: 1 });
    const res = await api<ErrorBody>("POST", docksUrl(), {
      cookie,
      body: { name: "Limited", provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") },
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(28);
    expect(res.body.error.message).toMatch(/DigitalOcean is rate limiting/);
  });

  it("retries a passing provider failure and succeeds", async () => {
    const token = await fakeToken();
    await injectFault({ kind: "status", status: 503, token, times: 2 });
    const res = await api("POST", docksUrl(), { cookie, body: { name: "Flaky", provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") } });
    expect(res.status).toBe(201);
  });

  it("explains a provider that keeps failing or answers nonsense with 502, storing nothing", async () => {
    const before = await dockCount();
    const down = await fakeToken();
    await injectFault({ kind: "status", status: 500, token: down, times: 10 });
    const res = await api<ErrorBody>("POST", docksUrl(), { cookie, body: { name: "Down", provider: "digitalocean", credentials: { token: down }, baseUrl: fakeUrl("digitalocean") } });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("provider_unavailable");
    expect(res.body.error.message).toMatch(/DigitalOcean failed with 500/);

    const garbled = await fakeToken();
    await injectFault({ kind: "malformed", token: garbled, times: 1 });
    const bad = await api<ErrorBody>("POST", docksUrl(), { cookie, body: { name: "Garbled", provider: "digitalocean", credentials: { token: garbled }, baseUrl: fakeUrl("digitalocean") } });
    expect(bad.status).toBe(502);
    expect(bad.body.error.message).toMatch(/malformed JSON/);
    expect(await dockCount()).toBe(before);
  });

  it("names the bad field: unknown provider, missing token, bad base URL, too short an interval", async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: "x", provider: "nope", credentials: { token: "t" } }, /provider: unknown provider "nope"/],
      [{ name: "x", provider: "digitalocean", credentials: {} }, /credentials\.token/],
      [{ name: "x", provider: "digitalocean", credentials: { token: "dop_v1_aaaaaaaaaaaaaaaaaaaaaaaa" }, baseUrl: "ftp://example.com" }, /baseUrl/],
      [{ name: "x", provider: "digitalocean", credentials: { token: "dop_v1_aaaaaaaaaaaaaaaaaaaaaaaa" }, syncIntervalSeconds: 30 }, /syncIntervalSeconds: syncIntervalSeconds must be at least 60/],
      [{ name: "", provider: "digitalocean", credentials: { token: "dop_v1_aaaaaaaaaaaaaaaaaaaaaaaa" } }, /name/],
      [{ name: "x", provider: "digitalocean", credentials: { token: "dop_v1_aaaaaaaaaaaaaaaaaaaaaaaa" }, extra: 1 }, /extra/],
    ];
    for (const [body, message] of cases) {
      const res = await api<ErrorBody>("POST", docksUrl(), { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });
});

describe("editing a dock", () => {
  it("pauses and resumes", async () => {
    const { dockId } = await connectDock(orgId, cookie);
    const paused = await api<Dock>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { syncEnabled: false } });
    expect(paused.body).toMatchObject({ syncEnabled: false, status: "paused" });
    const resumed = await api<Dock>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { syncEnabled: true, syncIntervalSeconds: 900 } });
    expect(resumed.body).toMatchObject({ syncEnabled: true, status: "pending", syncIntervalSeconds: 900 });
  });

  it("replaces credentials only after the provider accepts them", async () => {
    const { dockId, token } = await connectDock(orgId, cookie);
    const rejected = await api<ErrorBody>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { credentials: { token: "dop_v1_unknown_to_the_provider_00" } } });
    expect(rejected.status).toBe(422);
    const unchanged = await api<Dock>("GET", `${docksUrl()}/${dockId}`, { cookie });
    expect(unchanged.body.credentialsHint).toBe(`…${token.slice(-4)}`);

    const next = await fakeToken();
    const replaced = await api<Dock>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { credentials: { token: next } } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.credentialsHint).toBe(`…${next.slice(-4)}`);
  });

  it("refuses a new base URL without new credentials, decrypting nothing", async () => {
    const { dockId } = await connectDock(orgId, cookie);
    const moved = await api<ErrorBody>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { baseUrl: `${fakeUrl("digitalocean")}/elsewhere` } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toBe("invalid body: credentials: changing baseUrl requires entering the credentials again in the same request");
    expect(moved.body.error.details).toEqual({ issues: [{ field: "credentials", message: "required when baseUrl changes" }] });
    const toDefault = await api<ErrorBody>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { baseUrl: null } });
    expect(toDefault.status).toBe(400);
    expect(toDefault.body.error.message).toMatch(/credentials/);
    // Syncs decrypt too (as the system actor); a person's request never did.
    const decrypts = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE target_id = ? AND action = 'credential.decrypt' AND actor_type = 'user'").bind(dockId).first<{ n: number }>();
    expect(decrypts!.n).toBe(0);
    expect((await api<Dock>("GET", `${docksUrl()}/${dockId}`, { cookie })).body.baseUrl).toBe(fakeUrl("digitalocean"));
    // The same base URL again is no move: nothing to re-enter.
    const same = await api<Dock>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { baseUrl: `${fakeUrl("digitalocean")}/`, name: "Renamed" } });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ name: "Renamed", baseUrl: fakeUrl("digitalocean") });
  });

  it("moves to a new base URL with credentials entered for it, checked there first", async () => {
    const { dockId, token } = await connectDock(orgId, cookie);
    const next = await fakeToken();
    const refused = await api<ErrorBody>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { baseUrl: `${fakeUrl("digitalocean")}/elsewhere`, credentials: { token: next } } });
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(/DigitalOcean refused GET \/elsewhere\/v2\/account with 404/);
    const kept = await api<Dock>("GET", `${docksUrl()}/${dockId}`, { cookie });
    expect(kept.body).toMatchObject({ baseUrl: fakeUrl("digitalocean"), credentialsHint: `…${token.slice(-4)}` });

    const moved = await api<Dock>("PATCH", `${docksUrl()}/${dockId}`, { cookie, body: { baseUrl: `${fakeUrl("digitalocean")}/`, credentials: { token: next } } });
    expect(moved.status).toBe(200);
    expect(moved.body.credentialsHint).toBe(`…${next.slice(-4)}`);
  });

  it("deletes a dock and its credentials", async () => {
    const { dockId } = await connectDock(orgId, cookie);
    expect((await api("DELETE", `${docksUrl()}/${dockId}`, { cookie })).status).toBe(204);
    expect((await api("GET", `${docksUrl()}/${dockId}`, { cookie })).status).toBe(404);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM docks WHERE id = ?").bind(dockId).first<{ n: number }>();
    expect(row!.n).toBe(0);
  });
});

describe("listing docks", () => {
  it("pages with limit and cursor, newest first, without repeats", async () => {
    const { cookie: own } = await signUp("Pager");
    const org = await createOrg(own, "Pages");
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await connectDock(org, own, `dock ${i}`)).dockId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Dock[]; nextCursor: string | null } } = await api("GET", `/api/orgs/${org}/docks?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { cookie: own });
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });
});
