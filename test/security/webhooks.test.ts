/**
 * Regression tests for webhook replays (finding 9 of the security review) and for refused deliveries
 * flooding the audit log (hardening). GitHub signs only the body: the delivery id and the event name travel
 * beside it, so a signed body must not be taken again under another id, without one, or as another event.
 * Each test is named after the behaviour it protects.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import deploymentStatus from "../../adapters/github/fixtures/webhook-deployment_status.json";
import push from "../../adapters/github/fixtures/webhook-push.json";
import repositoryCreated from "../../adapters/github/fixtures/webhook-repository-created.json";
import type { Resource } from "../../shared/resources";
import { createDb } from "../../core/db/client";
import { SYSTEM_ACTOR } from "../../core/audit";
import { forgetOldDeliveries, WEBHOOK_REPLAY_WINDOW_MS } from "../../worker/services/webhook-deliveries";
import { countRefusedDelivery } from "../../worker/services/webhook-refusals";
import { api, auditActions, createOrg, fakeUrl, signUp } from "../helpers";
import { runs, settled } from "../sync-helpers";
import { githubSignature } from "../webhook-signature";

interface Delivered {
  status: number;
  body: Record<string, unknown> | null;
}

let owner: Awaited<ReturnType<typeof signUp>>;
let orgId: string;

interface Hook {
  dockId: string;
  url: string;
  secret: string;
}
let hook: Hook;
let otherHook: Hook;

const sign = githubSignature;

/** A delivery as GitHub sends it; `delivery: null` leaves the id header out, `signed: false` the signature. */
async function deliver(event: string, payload: unknown, options: { delivery?: string | null; signed?: boolean; to?: Hook } = {}): Promise<Delivered> {
  const to = options.to ?? hook;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": event };
  const delivery = options.delivery === undefined ? crypto.randomUUID() : options.delivery;
  if (delivery !== null) headers["x-github-delivery"] = delivery;
  if (options.signed !== false) headers["x-hub-signature-256"] = await sign(to.secret, body);
  const res = await exports.default.fetch(new Request(to.url, { method: "POST", headers, body }));
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

/** A repository event no other test sends: its body is new to the dock. */
function repositoryEvent(name: string) {
  const id = Math.floor(Math.random() * 1e9);
  return { ...repositoryCreated, repository: { ...repositoryCreated.repository, id, node_id: `R_${id}`, name, full_name: `octo-org/${name}` } };
}

const deliveryRows = async (dockId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE dock_id = ?").bind(dockId).first<{ n: number }>())!.n;

async function repositories(): Promise<Resource[]> {
  const list = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=repository&limit=200`, { cookie: owner.cookie });
  return list.body.items;
}

async function connectGithub(name: string): Promise<Hook> {
  const token = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
  await fetch(`${fakeUrl("github")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  const dock = await api<{ id: string }>("POST", `/api/orgs/${orgId}/docks`, { cookie: owner.cookie, body: { name, provider: "github", credentials: { token }, baseUrl: fakeUrl("github") } });
  await settled(orgId, dock.body.id, owner.cookie);
  const info = await api<{ url: string; secret: string }>("GET", `/api/orgs/${orgId}/docks/${dock.body.id}/webhook`, { cookie: owner.cookie });
  return { dockId: dock.body.id, url: info.body.url, secret: info.body.secret };
}

beforeAll(async () => {
  owner = await signUp("Replays");
  orgId = await createOrg(owner.cookie, "Replays Org");
  hook = await connectGithub("gh");
  otherHook = await connectGithub("gh second");
});

describe("finding 9: a signed webhook body is taken once, with its id, as its own event", () => {
  it("a signed body replayed under a new delivery id is accepted once", async () => {
    const event = repositoryEvent("replayed-once");
    const delivery = crypto.randomUUID();
    const runsBefore = (await runs(orgId, hook.dockId, owner.cookie)).length;
    expect((await deliver("repository", event, { delivery })).body).toMatchObject({ status: "accepted", event: "repository" });
    const rows = await deliveryRows(hook.dockId);
    const stored = await env.DB.prepare("SELECT body_digest AS digest FROM webhook_deliveries WHERE dock_id = ? AND delivery_id = ?").bind(hook.dockId, delivery).first<{ digest: string }>();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(event))));
    expect(stored!.digest).toBe(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));

    // The same body under fresh ids is answered as the repeated id is, and goes no further.
    const repeatedId = await deliver("repository", event, { delivery });
    expect(repeatedId).toEqual({ status: 200, body: { status: "duplicate" } });
    const replays = await Promise.all(Array.from({ length: 3 }, () => deliver("repository", event)));
    expect(replays).toEqual([repeatedId, repeatedId, repeatedId]);
    expect(await deliveryRows(hook.dockId)).toBe(rows);
    expect((await runs(orgId, hook.dockId, owner.cookie)).length).toBe(runsBefore + 1);
  });

  it("a delivery without a delivery id is refused, naming the header", async () => {
    const event = repositoryEvent("without-an-id");
    const rows = await deliveryRows(hook.dockId);
    for (const delivery of [null, "", "   "]) {
      const res = await deliver("repository", event, { delivery });
      expect(res.status, JSON.stringify(delivery)).toBe(400);
      expect(JSON.stringify(res.body)).toContain("X-GitHub-Delivery");
    }
    // The signature is checked first: unsigned, it is still a 401.
    expect((await deliver("repository", event, { delivery: null, signed: false })).status).toBe(401);
    expect(await deliveryRows(hook.dockId)).toBe(rows);
    expect((await repositories()).map((r) => r.name)).not.toContain(event.repository.full_name);
    // Refused, not remembered: with its id it is taken.
    expect((await deliver("repository", event)).body).toMatchObject({ status: "accepted" });
  });

  it("a signed body sent as another event type is refused", async () => {
    const refusal = async (event: string, payload: unknown) => {
      const res = await deliver(event, payload);
      expect(res.status, `${event}: ${JSON.stringify(res.body)}`).toBe(400);
      return (res.body as { error: { message: string } }).error.message;
    };
    const rows = await deliveryRows(hook.dockId);
    const runsBefore = (await runs(orgId, hook.dockId, owner.cookie)).length;
    expect(await refusal("deployment_status", push)).toContain("body is a push event, not deployment_status");
    expect(await refusal("deployment", deploymentStatus)).toContain("body is a deployment_status event, not deployment");
    expect(await refusal("repository", deploymentStatus)).toContain("body is a deployment_status event, not repository");

    // A signed "star deleted" (it carries action and repository) must not delete the repository it names.
    const kept = repositoryEvent("kept-after-star");
    expect((await deliver("repository", kept)).status).toBe(202);
    const starDeleted = { action: "deleted", starred_at: null, repository: kept.repository, sender: kept.sender };
    expect(await deliver("star", starDeleted)).toMatchObject({ status: 202, body: { status: "ignored" } });
    expect(await refusal("repository", starDeleted)).toContain('carries "starred_at"');
    expect((await repositories()).find((r) => r.name === kept.repository.full_name)?.status).not.toBe("deleted");

    expect(await deliveryRows(hook.dockId)).toBe(rows + 2);
    expect((await runs(orgId, hook.dockId, owner.cookie)).length).toBe(runsBefore + 1);
    // Nothing of the refused ones was remembered: the push body, as a push, is taken.
    expect((await deliver("push", push)).body).toMatchObject({ status: "accepted", resync: ["repository"] });
  });

  it("a body replayed after the replay window is accepted again", async () => {
    const event = repositoryEvent("replayed-late");
    const delivery = crypto.randomUUID();
    expect((await deliver("repository", event, { delivery })).body).toMatchObject({ status: "accepted" });
    const age = (ms: number) => env.DB.prepare("UPDATE webhook_deliveries SET received_at = ? WHERE dock_id = ? AND delivery_id = ?").bind(Date.now() - ms, hook.dockId, delivery).run();

    // Inside the window, by id or by body: a repeat.
    await age(WEBHOOK_REPLAY_WINDOW_MS - 60_000);
    expect(await deliver("repository", event)).toEqual({ status: 200, body: { status: "duplicate" } });
    expect(await deliver("repository", event, { delivery })).toEqual({ status: 200, body: { status: "duplicate" } });

    // Past it, the same body is taken again under a new id; and, once that is past the window too, under its old id.
    await age(WEBHOOK_REPLAY_WINDOW_MS + 60_000);
    expect((await deliver("repository", event)).body).toMatchObject({ status: "accepted" });
    await env.DB.prepare("UPDATE webhook_deliveries SET received_at = ? WHERE dock_id = ? AND delivery_id <> ?").bind(Date.now() - WEBHOOK_REPLAY_WINDOW_MS - 60_000, hook.dockId, delivery).run();
    expect((await deliver("repository", event, { delivery })).body).toMatchObject({ status: "accepted" });

    // The cron forgets what the window no longer needs, and only that.
    await age(WEBHOOK_REPLAY_WINDOW_MS + 60_000);
    const recent = crypto.randomUUID();
    expect((await deliver("repository", repositoryEvent("delivered-recently"), { delivery: recent })).status).toBe(202);
    await forgetOldDeliveries(createDb(env.DB));
    const kept = await env.DB.prepare("SELECT delivery_id AS id FROM webhook_deliveries WHERE dock_id = ?").bind(hook.dockId).all<{ id: string }>();
    expect(kept.results.map((r) => r.id)).toEqual([recent]);
  });
});

describe("hardening: refused webhook deliveries do not flood the audit log", () => {
  interface RejectedEntry {
    id: number;
    actor_type: string;
    result: string;
    metadata: string;
  }
  const entries = async (dockId: string) =>
    (await env.DB.prepare("SELECT id, actor_type, result, metadata FROM audit_log WHERE action = 'webhook.rejected' AND target_id = ? ORDER BY id").bind(dockId).all<RejectedEntry>()).results.map(
      (e) => ({ ...e, metadata: JSON.parse(e.metadata) as { reason: string; count: number; minute: string } }),
    );

  it("refused deliveries are counted in one audit entry per dock per minute", async () => {
    // A dock of its own, refused nothing before this test.
    const refused = await connectGithub("gh refused");
    // One minute's burst must not straddle the next minute.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();

    const burst = await Promise.all(Array.from({ length: 12 }, () => deliver("repository", repositoryCreated, { signed: false, to: refused })));
    expect(burst.map((r) => r.status)).toEqual(Array(12).fill(401));
    expect(burst[0]!.body).toMatchObject({ error: { code: "unauthorized", message: "webhook signature is missing or invalid" } });
    await Promise.all(Array.from({ length: 3 }, () => deliver("ping", {}, { signed: false, to: otherHook })));

    const [entry, ...more] = await entries(refused.dockId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor_type: "anonymous", result: "denied", metadata: { reason: "signature missing or invalid", count: 12, minute } });
    // Each dock has its own.
    expect((await entries(otherHook.dockId)).map((e) => e.metadata.count)).toEqual([3]);
    // Readable where people read it.
    const listed = (await auditActions(orgId, owner.cookie, "&action=webhook.rejected")).filter((e) => e.target.id === refused.dockId);
    expect(listed.map((e) => e.metadata)).toEqual([{ reason: "signature missing or invalid", count: 12, minute }]);

    // The next minute opens a new entry; the past minute's counter is then no longer needed.
    const next = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;
    await countRefusedDelivery(createDb(env.DB), SYSTEM_ACTOR, { dockId: refused.dockId, organizationId: orgId, reason: "signature missing or invalid" }, next + 1_000);
    const [same, opened] = await entries(refused.dockId);
    expect(same!.metadata.count).toBe(12);
    expect(opened!.metadata).toEqual({ reason: "signature missing or invalid", count: 1, minute: new Date(next).toISOString() });
    await forgetOldDeliveries(createDb(env.DB), next + 60_000 + 1_000);
    const counters = await env.DB.prepare("SELECT minute FROM webhook_refusals WHERE dock_id = ?").bind(refused.dockId).all<{ minute: number }>();
    expect(counters.results.map((r) => r.minute)).toEqual([next / 60_000]);
  });
});
