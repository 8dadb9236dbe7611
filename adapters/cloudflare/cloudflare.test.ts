import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
import { ProviderError } from "../errors";
import { collectPages, controlOk, inProcess, recordingFetch } from "../test-kit";
import { readPages } from "../types";
import type { ListedPage, ProviderContext } from "../types";
import { classifyCloudflare, readCloudflareRateLimit } from "./client";
import { credentialsSchema } from "./credentials";
import { createCloudflareFake, exampleCertificatePack, exampleCustomHostname, exampleLoadBalancer, FAKE_ACCOUNT_ID, initialState } from "./fake";
import accountsFixture from "./fixtures/accounts_list_200.json";
import d1Fixture from "./fixtures/d1_databases_list_200.json";
import dnsFixture from "./fixtures/dns_records_list_200.json";
import error401 from "./fixtures/error_401_invalid_token.json";
import pagesFixture from "./fixtures/pages_projects_list_200.json";
import r2Page1 from "./fixtures/r2_buckets_list_page1_200.json";
import r2Page2 from "./fixtures/r2_buckets_list_page2_200.json";
import tokenVerify from "./fixtures/token_verify_200.json";
import workersFixture from "./fixtures/workers_scripts_list_200.json";
import zonesPage1 from "./fixtures/zones_list_page1_200.json";
import zonesPage2 from "./fixtures/zones_list_page2_200.json";
import { cloudflare } from "./index";
import webhookHealthCheck from "./fixtures/webhook_health_check_status_notification.json";
import webhookTest from "./fixtures/webhook_test_message.json";
import webhookWorkers from "./fixtures/webhook_workers_observability_alert.json";
import { cloudflareWebhooks, kindsOfAlert } from "./webhook";
import { PAGE_SIZE } from "./listers";
import { CERTIFICATE_PACK_STATUS, normalizeCertificatePack, normalizeCustomHostname, normalizeLoadBalancer, normalizeD1Database, normalizeDnsRecord, normalizePagesDeployment, normalizePagesProject, normalizeR2Bucket, normalizeWorkerScript, normalizeZone, pagesStageStatus } from "./normalize";
import {
  certificatePackSchema,
  customHostnameSchema,
  loadBalancerSchema,
  accountsPageSchema,
  d1DatabasesPageSchema,
  dnsRecordsPageSchema,
  errorBodySchema,
  pagesProjectsPageSchema,
  r2BucketsPageSchema,
  tokenVerifySchema,
  workerScriptsSchema,
  zonesPageSchema,
} from "./schemas";

const BASE = "https://api.cloudflare.com/client/v4";
const TOKEN = `${"a".repeat(36)}beef`;

async function harness(scopes?: string[]) {
  const app = createCloudflareFake(initialState());
  const control = inProcess(app);
  await controlOk(control, "POST", "/_fake/tokens", scopes ? { token: TOKEN, scopes } : { token: TOKEN });
  const { fetch, urls } = recordingFetch(app);
  const ctx = (extra: Partial<ProviderContext> = {}): ProviderContext => ({ baseUrl: BASE, fetch, sleep: async () => undefined, ...extra });
  return { app, control, urls, ctx };
}

const list = async (kind: Parameters<typeof cloudflare.list>[0], ctx: ProviderContext, credentials: Record<string, string> = { token: TOKEN }) =>
  collectPages(readPages(cloudflare.list(kind, credentials, ctx, null)));
const resources = (pages: ListedPage[]) => pages.flatMap((p) => p.resources);

/** A `fetch` answering with the bodies given per URL path + page, for quirks the fake does not produce. */
function scripted(answer: (url: URL) => unknown): typeof fetch {
  return async (input, init) => {
    const url = new URL(new Request(input, init).url);
    return new Response(JSON.stringify(answer(url)), { status: 200, headers: { "content-type": "application/json" } });
  };
}

describe("contract examples through the schemas and normalizers", () => {
  it("reads zones: status words, name servers, console URL, the zone id as the records' parent", () => {
    const zones = [...zonesPageSchema.parse(zonesPage1).result, ...zonesPageSchema.parse(zonesPage2).result].map(normalizeZone);
    for (const z of zones) expect(normalizedResourceSchema.parse(z)).toEqual(z);
    expect(zones.map((z) => [z.name, z.status, z.providerStatus])).toEqual([
      ["example.com", "active", "active"],
      ["example.org", "starting", "pending"],
      ["example.net", "active", "active"],
    ]);
    // Vanity name servers, when the zone has them, are what the registrar should point at.
    expect(zones[0]!.attributes).toEqual({ expiresAt: null, nameservers: ["ns1.example.com", "ns2.example.com"], ttl: null });
    expect(zones[0]!.url).toBe("https://dash.cloudflare.com/023e105f4ecef8ad9ca31a8372d0c353/example.com");
    const records = dnsRecordsPageSchema.parse(dnsFixture).result.map((r) => normalizeDnsRecord(zonesPage1.result[0]!, r));
    for (const r of records) expect(normalizedResourceSchema.parse(r)).toEqual(r);
    expect(records[0]).toMatchObject({ externalId: "023e105f4ecef8ad9ca31a8372d0c353", name: "A example.com", parentExternalId: zones[0]!.externalId, providerStatus: "dns_only" });
    expect(records[0]!.attributes).toEqual({ domain: "example.com", type: "A", recordName: "example.com", data: "198.51.100.4", ttl: 3600, priority: null });
    expect(records[1]).toMatchObject({ providerStatus: "proxied", attributes: { type: "CNAME", ttl: 1 } });
  });

  it("maps every zone status word, a paused zone as inactive, and prices a monthly plan", () => {
    const zone = zonesPage1.result[0]!;
    const status = (s: string, paused = false) => normalizeZone(zonesPageSchema.shape.result.element.parse({ ...zone, status: s, paused }));
    expect(["initializing", "pending", "active", "moved", "something-new"].map((s) => status(s).status)).toEqual(["starting", "starting", "active", "inactive", "unknown"]);
    expect(status("active", true)).toMatchObject({ status: "inactive", providerStatus: "active (paused)" });
    const priced = normalizeZone(zonesPageSchema.shape.result.element.parse({ ...zone, plan: { id: "pro", name: "Pro Plan", price: 25, currency: "USD", frequency: "monthly" } }));
    expect(priced).toMatchObject({ monthlyCostCents: 2500, currency: "USD" });
    const free = normalizeZone(zonesPageSchema.shape.result.element.parse({ ...zone, plan: { id: "free", name: "Free Website", price: 0, currency: "USD", frequency: "" } }));
    expect(free).toMatchObject({ monthlyCostCents: 0, currency: "USD" });
    expect(normalizeZone(zonesPageSchema.shape.result.element.parse(zone))).toMatchObject({ monthlyCostCents: null, currency: null });
  });

  it("reads Workers scripts, Pages projects and their deployments", () => {
    const [script] = workerScriptsSchema.parse(workersFixture).result.map((s) => normalizeWorkerScript(FAKE_ACCOUNT_ID, s));
    expect(normalizedResourceSchema.parse(script)).toEqual(script);
    expect(script).toMatchObject({ kind: "web_service", externalId: `${FAKE_ACCOUNT_ID}/workers/my-workers-script`, name: "my-workers-script", status: "running" });
    const projects = pagesProjectsPageSchema.parse(pagesFixture).result;
    const project = normalizePagesProject(FAKE_ACCOUNT_ID, projects[0]!);
    expect(normalizedResourceSchema.parse(project)).toEqual(project);
    expect(project).toMatchObject({ name: "ninjakittens", status: "running", providerStatus: "deploy success", attributes: { framework: null, repository: "my-org/ninjakittens", branch: "main" } });
    const deployment = normalizePagesDeployment(FAKE_ACCOUNT_ID, projects[0]!, projects[0]!.latest_deployment!);
    expect(normalizedResourceSchema.parse(deployment)).toEqual(deployment);
    expect(deployment).toMatchObject({
      externalId: "f64788e9-fccd-4d4a-a28a-cb84f88f6",
      name: "Update index.html",
      status: "active",
      parentExternalId: project.externalId,
      attributes: { repository: "my-org/ninjakittens", environment: "production", ref: "main", sha: "ad9ccd918a81025731e10e40267e11273a263421", creator: "github:push", latestState: "deploy success" },
    });
  });

  it("maps every Pages stage status", () => {
    const at = (name: string, status: string) => pagesStageStatus({ name, status });
    expect([at("deploy", "success"), at("build", "success"), at("build", "active"), at("queued", "idle"), at("build", "failure"), at("deploy", "canceled"), at("x", "new")]).toEqual([
      "active",
      "starting",
      "starting",
      "starting",
      "error",
      "stopped",
      "unknown",
    ]);
    expect(pagesStageStatus({ name: "deploy", status: "success" }, true)).toBe("inactive");
  });

  it("reads R2's other envelope and D1 databases", () => {
    const buckets = [...r2BucketsPageSchema.parse(r2Page1).result.buckets, ...r2BucketsPageSchema.parse(r2Page2).result.buckets].map((b) => normalizeR2Bucket(FAKE_ACCOUNT_ID, b));
    for (const b of buckets) expect(normalizedResourceSchema.parse(b)).toEqual(b);
    expect(buckets.map((b) => [b.externalId, b.region])).toEqual([
      [`${FAKE_ACCOUNT_ID}/r2/example-bucket`, "wnam"],
      [`${FAKE_ACCOUNT_ID}/r2/example-bucket-2`, "weur"],
    ]);
    // A page-numbered schema refuses R2's body: the object `result` is not a list.
    expect(d1DatabasesPageSchema.safeParse(r2Page1).success).toBe(false);
    const [db] = d1DatabasesPageSchema.parse(d1Fixture).result.map((d) => normalizeD1Database(FAKE_ACCOUNT_ID, d));
    expect(normalizedResourceSchema.parse(db)).toEqual(db);
    expect(db).toMatchObject({ externalId: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", name: "my-database", region: null, attributes: { engine: "sqlite", version: "production" } });
  });

  it("reads the token verification, accounts and error envelopes", () => {
    expect(tokenVerifySchema.parse(tokenVerify).result).toMatchObject({ id: "100bf38cc8393103870917dd535e0628", status: "active" });
    expect(accountsPageSchema.parse(accountsFixture).result[0]).toMatchObject({ id: FAKE_ACCOUNT_ID, name: "Demo Account" });
    expect(errorBodySchema.parse(error401).errors[0]).toMatchObject({ code: 1000, message: "Invalid API Token" });
  });
});

describe("refusals and rate limits", () => {
  it("tells a dead token from a missing permission by status and code", () => {
    expect(classifyCloudflare(401, error401)).toEqual({ kind: "credentials_rejected" });
    expect(classifyCloudflare(403, { success: false, errors: [{ code: 10000, message: "Authentication error" }] })).toEqual({ kind: "permission_missing" });
    expect(classifyCloudflare(400, { success: false, errors: [{ code: 6003, message: "Invalid request headers" }] })).toEqual({ kind: "credentials_rejected" });
    expect(classifyCloudflare(400, { success: false, errors: [{ code: 1001, message: "List accounts endpoint does not support account owned tokens." }] })).toBeNull();
  });

  it("reads the Ratelimit and Ratelimit-Policy headers, the reset as seconds from now", () => {
    const now = Date.UTC(2026, 0, 1);
    const state = readCloudflareRateLimit(new Headers({ ratelimit: '"default";r=50;t=30', "ratelimit-policy": '"default";q=1200;w=300' }), now);
    expect(state).toEqual({ limit: 1200, remaining: 50, resetAt: new Date(now + 30_000).toISOString(), observedAt: new Date(now).toISOString() });
    expect(readCloudflareRateLimit(new Headers())).toBeNull();
  });

  it("names the permission of a kind the token may not read, and a Workers refusal after Workers Scripts Read", async () => {
    const h = await harness(["Zone Read", "DNS Read", "Pages Read", "Workers R2 Storage Read", "D1 Read"]);
    const { error } = await list("web_service", h.ctx());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "permission_missing", scope: "Workers Scripts Read", status: 403 });
    expect((await list("domain", h.ctx())).error).toBeNull();
  });

  it("names Zone Read for a zone-scoped kind whose zones the token may not list", async () => {
    const h = await harness(["DNS Read", "Load Balancers Read", "SSL and Certificates Read"]);
    for (const kind of ["dns_record", "load_balancer", "certificate"] as const) {
      expect((await list(kind, h.ctx())).error, kind).toMatchObject({ kind: "permission_missing", scope: "Zone Read" });
    }
  });

  it("refuses an unknown token in Cloudflare's words, with what an account-owned token needs", async () => {
    const h = await harness();
    const error = await cloudflare.validate({ token: `${"b".repeat(36)}cafe` }, h.ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "credentials_rejected", status: 401 });
    expect((error as Error).message).toContain("Invalid API Token");
    expect((error as Error).message).toContain("account ID");
  });

  it("refuses a token Cloudflare says is not active", async () => {
    const h = await harness();
    const fetchFn: typeof fetch = async (input, init) => {
      const url = new URL(new Request(input, init).url);
      if (url.pathname.endsWith("/user/tokens/verify")) return Response.json({ ...tokenVerify, result: { id: "x", status: "expired" } });
      return h.app.fetch(new Request(input, init));
    };
    await expect(cloudflare.validate({ token: TOKEN }, h.ctx({ fetch: fetchFn }))).rejects.toMatchObject({ kind: "credentials_rejected", message: expect.stringContaining("expired") });
  });
});

describe("accounts", () => {
  it("lists the accounts a user token sees, and an account-owned token's one account without /accounts", async () => {
    const h = await harness();
    expect(await cloudflare.accounts({ token: TOKEN }, h.ctx())).toEqual([{ id: FAKE_ACCOUNT_ID, name: "Demo Account" }]);
    const before = h.urls.length;
    const owned = { token: TOKEN, accountId: FAKE_ACCOUNT_ID };
    expect(await cloudflare.validate(owned, h.ctx())).toEqual({ id: FAKE_ACCOUNT_ID, name: `Account ${FAKE_ACCOUNT_ID}` });
    expect(await cloudflare.accounts(owned, h.ctx())).toEqual([{ id: FAKE_ACCOUNT_ID, name: `Account ${FAKE_ACCOUNT_ID}` }]);
    const paths = h.urls.slice(before).map((u) => u.pathname);
    expect(paths).toContain(`/client/v4/accounts/${FAKE_ACCOUNT_ID}/tokens/verify`);
    expect(paths).not.toContain("/client/v4/accounts");
  });

  it("checks the account ID's shape", () => {
    expect(credentialsSchema.safeParse({ token: TOKEN, accountId: "not-an-id" }).success).toBe(false);
    expect(credentialsSchema.parse({ token: TOKEN })).toEqual({ token: TOKEN, accountId: "" });
  });

  it("lists only the accounts the dock covers", async () => {
    const h = await harness();
    const { pages, error } = await collectPages(readPages(cloudflare.list("domain", { token: TOKEN }, h.ctx({ accounts: ["ffffffffffffffffffffffffffffffff"] }), null)));
    expect(error).toBeNull();
    expect(resources(pages)).toEqual([]);
    expect(h.urls.some((u) => u.pathname === "/client/v4/zones")).toBe(false);
  });
});

describe("listing the example account", () => {
  it("syncs every kind of the contract's examples, each zone listed with its account and at the endpoint's page size", async () => {
    const h = await harness();
    const counts: Record<string, number> = {};
    for (const kind of cloudflare.resourceKinds) {
      const { pages, error } = await list(kind, h.ctx());
      expect(error, kind).toBeNull();
      counts[kind] = resources(pages).length;
    }
    expect(counts).toEqual({ domain: 3, dns_record: 2, web_service: 2, deployment: 1, bucket: 2, database: 1, load_balancer: 1, certificate: 2 });
    const zoneRequests = h.urls.filter((u) => u.pathname === "/client/v4/zones");
    for (const u of zoneRequests) expect(Object.fromEntries(u.searchParams)).toMatchObject({ "account.id": FAKE_ACCOUNT_ID, per_page: String(PAGE_SIZE.zones) });
    const records = h.urls.filter((u) => u.pathname.endsWith("/dns_records"));
    // One request per zone (the example account has three), each at DNS's page size.
    expect(records.map((u) => u.searchParams.get("per_page"))).toEqual(["5000", "5000", "5000"]);
  });
});

describe("load balancers and certificates", () => {
  const zone = zonesPage1.result[0]!;

  it("normalizes a load balancer, a certificate pack and a custom hostname, every status word mapped", () => {
    const lb = normalizeLoadBalancer(zone, loadBalancerSchema.parse(exampleLoadBalancer()));
    expect(normalizedResourceSchema.parse(lb)).toEqual(lb);
    expect(lb).toMatchObject({ name: "www.example.com", status: "active", attributes: { algorithm: "dynamic_latency", type: "proxied", targets: ["17b5962d775c646f3f9725cbc7a53df4", "9290f38c5d07c2e2f4df57b1f61d4196"] } });
    expect(normalizeLoadBalancer(zone, loadBalancerSchema.parse(exampleLoadBalancer({ enabled: false })))).toMatchObject({ status: "inactive", providerStatus: "disabled" });
    const pack = normalizeCertificatePack(zone, certificatePackSchema.parse(exampleCertificatePack()));
    expect(normalizedResourceSchema.parse(pack)).toEqual(pack);
    expect(pack).toMatchObject({ status: "active", attributes: { domains: ["example.com", "*.example.com"], expiresAt: "2027-03-01T12:00:00Z", type: "managed", issuer: "Google Trust Services" } });
    const packStatus = (status: string) => normalizeCertificatePack(zone, certificatePackSchema.parse(exampleCertificatePack({ status }))).status;
    expect(["pending_validation", "holding_deployment", "expired", "validation_timed_out", "deleted", "something-new"].map(packStatus)).toEqual(["starting", "starting", "error", "error", "inactive", "unknown"]);
    for (const word of Object.keys(CERTIFICATE_PACK_STATUS)) expect(packStatus(word)).not.toBe("unknown");
    const host = normalizeCustomHostname(zone, customHostnameSchema.parse(exampleCustomHostname()));
    expect(normalizedResourceSchema.parse(host)).toEqual(host);
    expect(host).toMatchObject({ name: "app.example.com", status: "active", attributes: { domains: ["app.example.com"], issuer: "Let's Encrypt", type: "managed" } });
  });

  it("passes over custom hostnames on a zone without SSL for SaaS, after its certificate packs", async () => {
    const h = await harness();
    await controlOk(h.control, "PUT", `/_fake/accounts/${TOKEN}/zones`, [{ zone, records: [], certificatePacks: [exampleCertificatePack()] }]);
    const { pages, error } = await list("certificate", h.ctx());
    expect(error).toBeNull();
    expect(resources(pages).map((r) => r.name)).toEqual(["example.com (universal)"]);
  });
});

describe("pagination quirks", () => {
  const zone = zonesPage1.result[0]!;
  const account = accountsFixture.result[0]!;
  const accountsPage = { success: true, errors: [], messages: [], result: [account], result_info: { page: 1, per_page: 50, count: 1, total_count: 1 } };

  it("does not stop at a page shorter than asked for while total_count says more", async () => {
    const zones = Array.from({ length: 7 }, (_, i) => ({ ...zone, id: `z${i}`, name: `z${i}.example` }));
    const fetchFn = scripted((url) => {
      if (url.pathname.endsWith("/accounts")) return accountsPage;
      const page = Number(url.searchParams.get("page"));
      // Three a page, though 50 were asked for (the endpoint's cap is lower): the listing goes by what the page says.
      const slice = zones.slice((page - 1) * 3, page * 3);
      return { success: true, errors: [], messages: [], result: slice, result_info: { page, per_page: 3, count: slice.length, total_count: 7 } };
    });
    const { pages, error } = await list("domain", { baseUrl: BASE, fetch: fetchFn });
    expect(error).toBeNull();
    expect(resources(pages).map((r) => r.externalId)).toEqual(zones.map((z) => z.id));
  });

  it("follows total_pages where the page states it", async () => {
    const fetchFn = scripted((url) => {
      if (url.pathname.endsWith("/accounts")) return accountsPage;
      const page = Number(url.searchParams.get("page"));
      return { success: true, errors: [], messages: [], result: page <= 2 ? [{ ...zone, id: `p${page}` }] : [], result_info: { page, per_page: 50, count: 1, total_pages: 2 } };
    });
    const { pages, error } = await list("domain", { baseUrl: BASE, fetch: fetchFn });
    expect(error).toBeNull();
    expect(resources(pages).map((r) => r.externalId)).toEqual(["p1", "p2"]);
  });

  it("fails rather than ends when a page is empty before the total is reached", async () => {
    const fetchFn = scripted((url) => {
      if (url.pathname.endsWith("/accounts")) return accountsPage;
      const page = Number(url.searchParams.get("page"));
      return { success: true, errors: [], messages: [], result: page === 1 ? [zone] : [], result_info: { page, per_page: 50, count: page === 1 ? 1 : 0, total_count: 120 } };
    });
    const { error } = await list("domain", { baseUrl: BASE, fetch: fetchFn });
    expect(error).toMatchObject({ kind: "contract_violation" });
  });

  it("pages R2 by result_info.cursor and ends on a page without one", async () => {
    const sent: (string | null)[] = [];
    const fetchFn = scripted((url) => {
      if (url.pathname.endsWith("/accounts")) return accountsPage;
      sent.push(url.searchParams.get("cursor"));
      expect(url.searchParams.get("per_page")).toBe("1000");
      return url.searchParams.get("cursor") ? r2Page2 : r2Page1;
    });
    const { pages, error } = await list("bucket", { baseUrl: BASE, fetch: fetchFn });
    expect(error).toBeNull();
    expect(resources(pages).map((r) => r.name)).toEqual(["example-bucket", "example-bucket-2"]);
    expect(sent).toEqual([null, r2Page1.result_info.cursor]);
  });

  it("refuses a per_page beyond an endpoint's maximum, as the fake's bounds say", async () => {
    const h = await harness();
    const res = await h.app.request(`/client/v4/zones?per_page=51`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { code: number }[] }).errors[0]!.code).toBe(1004);
  });
});

describe("webhooks (Notifications to a generic webhook destination)", () => {
  const delivery = (body: unknown, auth?: string) => ({
    rawBody: new TextEncoder().encode(JSON.stringify(body)),
    headers: new Headers(auth === undefined ? { "content-type": "application/json" } : { "content-type": "application/json", "cf-webhook-auth": auth }),
    url: new URL("https://edgedock.example/webhooks/cloudflare/dock_1"),
  });

  it("accepts exactly the secret in cf-webhook-auth, and nothing without it", async () => {
    const secret = "s3cret-value-for-the-destination";
    expect(cloudflare.webhooks?.secretSource).toBe("edgedock");
    await expect(cloudflareWebhooks.verify(secret, delivery(webhookWorkers, secret))).resolves.toBe(true);
    await expect(cloudflareWebhooks.verify(secret, delivery(webhookWorkers, `${secret}x`))).resolves.toBe(false);
    await expect(cloudflareWebhooks.verify(secret, delivery(webhookWorkers, secret.toUpperCase()))).resolves.toBe(false);
    await expect(cloudflareWebhooks.verify(secret, delivery(webhookWorkers))).resolves.toBe(false);
    await expect(cloudflareWebhooks.verify("", delivery(webhookWorkers, ""))).resolves.toBe(false);
  });

  it("acknowledges the Save and Test message and re-syncs what an alert names", () => {
    const headers = new Headers();
    expect(cloudflareWebhooks.interpret(headers, webhookTest)).toEqual({ type: "ack", event: "test" });
    expect(cloudflareWebhooks.interpret(headers, webhookWorkers)).toEqual({ type: "resync", event: "workers_observability_alert", kinds: ["web_service"] });
    expect(cloudflareWebhooks.interpret(headers, webhookHealthCheck)).toEqual({ type: "ignore", event: "health_check_status_notification" });
    expect(kindsOfAlert("pages_event_alert")).toEqual(["web_service", "deployment"]);
    expect(kindsOfAlert("universal_ssl_event_type")).toEqual(["certificate"]);
    expect(kindsOfAlert("load_balancing_health_alert")).toEqual(["load_balancer"]);
    expect(kindsOfAlert("zone_aop_custom_certificate_expiration_type")).toEqual(["certificate"]);
    expect(() => cloudflareWebhooks.interpret(headers, "not a notification")).toThrow(ProviderError);
  });

  it("tells deliveries apart by alert, state event and time", () => {
    const headers = new Headers();
    expect(cloudflareWebhooks.deliveryId(headers, webhookWorkers)).toBe("000eaa907ed24e78946d3a93adb2ae57:ALERT_STATE_EVENT_START:1136214245");
    expect(cloudflareWebhooks.deliveryId(headers, { ...webhookWorkers, alert_event: "ALERT_STATE_EVENT_END" })).not.toBe(cloudflareWebhooks.deliveryId(headers, webhookWorkers));
    expect(cloudflareWebhooks.deliveryId(headers, webhookTest)).toMatch(/^test:Hello World!/);
    expect(cloudflareWebhooks.deliveryId(headers, { alert_type: "pages_event_alert" })).toBeNull();
    expect(cloudflareWebhooks.eventMismatch(headers, webhookWorkers)).toBeNull();
  });
});
