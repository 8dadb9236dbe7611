import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import repositoryCreated from "../../adapters/github/fixtures/webhook-repository-created.json";
import deploymentStatus from "../../adapters/github/fixtures/webhook-deployment_status.json";
import ping from "../../adapters/github/fixtures/webhook-ping.json";
import push from "../../adapters/github/fixtures/webhook-push.json";
import type { Resource } from "../../shared/resources";
import { addMember, api, createOrg, fakeUrl, ORIGIN, signUp } from "../../test/helpers";
import { connectLive, is } from "../../test/live-helpers";
import { runs, settled } from "../../test/sync-helpers";
import { githubSignature } from "../../test/webhook-signature";

let owner: Awaited<ReturnType<typeof signUp>>;
let orgId: string;
let dockId: string;
let secret: string;
let url: string;

const sign = githubSignature;

async function deliver(event: string, payload: unknown, options: { delivery?: string; signature?: string | null; key?: string; raw?: string } = {}) {
  const body = options.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": event, "x-github-delivery": options.delivery ?? crypto.randomUUID() };
  const signature = options.signature === undefined ? await sign(options.key ?? secret, body) : options.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const res = await exports.default.fetch(new Request(url, { method: "POST", headers, body }));
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

beforeAll(async () => {
  owner = await signUp("Hooks");
  orgId = await createOrg(owner.cookie, "Hooks Org");
  const token = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
  await fetch(`${fakeUrl("github")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  const dock = await api<{ id: string }>("POST", `/api/orgs/${orgId}/docks`, { cookie: owner.cookie, body: { name: "gh", provider: "github", credentials: { token }, baseUrl: fakeUrl("github") } });
  dockId = dock.body.id;
  await settled(orgId, dockId, owner.cookie);
  const info = await api<{ url: string; secret: string; supported: boolean }>("GET", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie: owner.cookie });
  expect(info.body.supported).toBe(true);
  ({ secret, url } = info.body);
});

describe("webhook settings", () => {
  it("give full-docks members the URL and a secret stored encrypted; others are refused", async () => {
    expect(url).toBe(`${ORIGIN}/webhooks/github/${dockId}`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare("SELECT webhook_secret_ciphertext FROM docks WHERE id = ?").bind(dockId).first<{ webhook_secret_ciphertext: string }>();
    expect(row!.webhook_secret_ciphertext).not.toContain(secret);
    const viewer = await addMember(orgId, owner.cookie, "viewer");
    expect((await api("GET", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie: viewer.cookie })).status).toBe(403);
  });

  it("say who makes the secret, and refuse a pasted secret for a provider whose secret EdgeDock makes", async () => {
    const info = await api<{ secretSource: string }>("GET", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie: owner.cookie });
    expect(info.body.secretSource).toBe("edgedock");
    const pasted = await api<{ error: { message: string } }>("PUT", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie: owner.cookie, body: { secret: "provider-made-secret" } });
    expect(pasted.status).toBe(400);
    expect(pasted.body.error.message).toContain("EdgeDock makes this provider's webhook secret");
    const short = await api<{ error: { message: string } }>("PUT", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie: owner.cookie, body: { secret: "short" } });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain("secret must be at least 8 characters");
    const again = await api<{ secret: string }>("GET", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie: owner.cookie });
    expect(again.body.secret).toBe(secret);
  });
});

describe("a delivery", () => {
  it("with a valid signature updates the resource it carries and reaches a connected socket", async () => {
    const live = await connectLive(orgId, { cookie: owner.cookie });
    await live.waitFor(is("hello"));
    const res = await deliver("repository", repositoryCreated);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "accepted", event: "repository" });
    const message = await live.waitFor((m): m is Extract<typeof m, { type: "resource.changed" }> => m.type === "resource.changed" && m.changes.some((c) => c.name === repositoryCreated.repository.full_name));
    expect(message.changes[0]!.change).toBe("created");
    const list = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=repository&q=${encodeURIComponent(repositoryCreated.repository.name)}`, { cookie: owner.cookie });
    expect(list.body.items.map((r) => r.externalId)).toContain(String(repositoryCreated.repository.id));
    const run = (await runs(orgId, dockId, owner.cookie))[0]!;
    expect(run).toMatchObject({ trigger: "webhook", status: "succeeded", created: 1 });
    live.close();
  });

  it("of a deployment status writes the deployment with its latest state", async () => {
    expect((await deliver("deployment_status", deploymentStatus)).status).toBe(202);
    const list = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=deployment`, { cookie: owner.cookie });
    const deployment = list.body.items.find((r) => r.externalId === String(deploymentStatus.deployment.id))!;
    expect(deployment.providerStatus).toBe(deploymentStatus.deployment_status.state);
  });

  it("of a deployment never downgrades a state a status already gave it, and adds one not known yet", async () => {
    const deploymentOf = async (id: number) => {
      const list = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=deployment&limit=200`, { cookie: owner.cookie });
      return list.body.items.find((r) => r.externalId === String(id));
    };
    // The same deployment as a `deployment` event: it carries no status. Arriving after (or redelivered
    // after) the status event, it must not turn the known state into "unknown".
    // A deployment of its own, so the body is not a replay of another test's delivery.
    const { repository } = deploymentStatus;
    const deployment = { ...deploymentStatus.deployment, id: deploymentStatus.deployment.id + 500_000 };
    expect((await deliver("deployment_status", { ...deploymentStatus, deployment })).status).toBe(202);
    const known = (await deploymentOf(deployment.id))!;
    expect(known.providerStatus).toBe(deploymentStatus.deployment_status.state);
    const late = await deliver("deployment", { action: "created", deployment: { ...deployment, description: "late" }, repository });
    expect(late.status).toBe(202);
    expect(await deploymentOf(deployment.id)).toMatchObject({ status: known.status, providerStatus: known.providerStatus });

    // A deployment EdgeDock has not seen yet is created, its state unknown until its first status.
    const fresh = { ...deployment, id: deployment.id + 1_000_000 };
    expect((await deliver("deployment", { action: "created", deployment: fresh, repository })).status).toBe(202);
    expect(await deploymentOf(fresh.id)).toMatchObject({ status: "unknown", providerStatus: null });
  });

  it("with an invalid or missing signature is refused with 401 and recorded", async () => {
    const before = (await runs(orgId, dockId, owner.cookie)).length;
    expect((await deliver("repository", repositoryCreated, { key: "not the secret" })).status).toBe(401);
    expect((await deliver("repository", repositoryCreated, { signature: null })).status).toBe(401);
    expect((await deliver("repository", repositoryCreated, { signature: "sha256=deadbeef" })).status).toBe(401);
    // A body changed after signing.
    const body = JSON.stringify(repositoryCreated);
    expect((await deliver("repository", null, { raw: body.replace("Hello", "Hallo"), signature: await sign(secret, body) })).status).toBe(401);
    // Counted, not one entry each: one entry per minute (these four may straddle a minute's end).
    const rejected = await env.DB.prepare("SELECT json_extract(metadata, '$.count') AS n, json_extract(metadata, '$.minute') AS minute FROM audit_log WHERE action = 'webhook.rejected' AND target_id = ?")
      .bind(dockId)
      .all<{ n: number; minute: string }>();
    expect(rejected.results.reduce((sum, r) => sum + r.n, 0)).toBe(4);
    expect(new Set(rejected.results.map((r) => r.minute)).size).toBe(rejected.results.length);
    expect((await runs(orgId, dockId, owner.cookie)).length).toBe(before);
  });

  it("signed, but posted to the URL with a token segment, is refused: a signing provider has one way in", async () => {
    const body = JSON.stringify(repositoryCreated);
    const headers = { "content-type": "application/json", "x-github-event": "repository", "x-github-delivery": crypto.randomUUID(), "x-hub-signature-256": await sign(secret, body) };
    const res = await exports.default.fetch(new Request(`${url}/${secret}`, { method: "POST", headers, body }));
    expect(res.status).toBe(401);
  });

  it("seen before is acknowledged and dropped", async () => {
    const delivery = crypto.randomUUID();
    // A status of its own: the one above was handled already, and its body would be a repeat too.
    const later = { ...deploymentStatus, deployment_status: { ...deploymentStatus.deployment_status, id: deploymentStatus.deployment_status.id + 1 } };
    expect((await deliver("deployment_status", later, { delivery })).status).toBe(202);
    const before = (await runs(orgId, dockId, owner.cookie)).length;
    const again = await deliver("deployment_status", later, { delivery });
    expect(again).toEqual({ status: 200, body: { status: "duplicate" } });
    expect((await runs(orgId, dockId, owner.cookie)).length).toBe(before);
  });

  it("over 1 MB is refused with 413", async () => {
    const big = JSON.stringify({ padding: "x".repeat(1024 * 1024) });
    expect((await deliver("repository", null, { raw: big })).status).toBe(413);
  });

  it("of an event EdgeDock does not use is accepted with 202 and ignored; a ping is answered", async () => {
    expect(await deliver("star", { action: "created" })).toEqual({ status: 202, body: { status: "ignored", event: "star" } });
    expect(await deliver("ping", ping)).toEqual({ status: 200, body: { status: "ok", event: "ping" } });
  });

  it("that only says something moved triggers a debounced re-sync of that kind", async () => {
    const before = (await runs(orgId, dockId, owner.cookie)).length;
    const first = await deliver("push", push);
    // Another push right after it (the same body again would be a replay).
    const second = await deliver("push", { ...push, before: push.after, after: "0123456789abcdef0123456789abcdef01234567" });
    expect(first.body).toMatchObject({ status: "accepted", resync: ["repository"] });
    expect(second.status).toBe(202);
    const run = await settled(orgId, dockId, owner.cookie, before + 1);
    const after = await runs(orgId, dockId, owner.cookie);
    // Two deliveries in a burst make one run.
    expect(after.length).toBe(before + 1);
    expect(run).toMatchObject({ trigger: "webhook", status: "succeeded" });
  });

  it("signed with a rotated-out secret is refused", async () => {
    const rotated = await api<{ secret: string }>("POST", `/api/orgs/${orgId}/docks/${dockId}/webhook/rotate`, { cookie: owner.cookie });
    expect(rotated.body.secret).not.toBe(secret);
    // A new hook's ping: the one above was handled already.
    const fresh = { ...ping, zen: "Keep it logically awesome." };
    expect((await deliver("ping", fresh)).status).toBe(401);
    expect(await deliver("ping", fresh, { key: rotated.body.secret })).toEqual({ status: 200, body: { status: "ok", event: "ping" } });
    secret = rotated.body.secret;
  });

  it("to an unknown dock or the wrong provider is a 404", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/webhooks/digitalocean/${dockId}`, { method: "POST", body: "{}" }));
    expect(res.status).toBe(404);
  });
});
