import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import { collectPages, inProcess, recordingFetch } from "../test-kit";
import { readPages } from "../types";
import type { ListedPage, ProviderContext, ResourcePage } from "../types";
import { vultrRateLimitBackoffMs } from "./client";
import { createVultrFake, initialState } from "./fake";
import type { VultrFakeState } from "./fake";
import accountFixture from "./fixtures/account_get.json";
import backupsFixture from "./fixtures/backups_list.json";
import blocksFixture from "./fixtures/blocks_list.json";
import databasesFixture from "./fixtures/databases_list.json";
import recordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import error400 from "./fixtures/error_400.json";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import firewallsFixture from "./fixtures/firewall_groups_list.json";
import instancesFixture from "./fixtures/instances_list_page1.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import objectStorageFixture from "./fixtures/object_storage_list.json";
import plansFixture from "./fixtures/plans_list.json";
import snapshotsFixture from "./fixtures/snapshots_list.json";
import { vultr } from "./index";
import { PER_PAGE } from "./listers";
import {
  instanceState,
  normalizeBackup,
  normalizeBareMetal,
  normalizeBlock,
  normalizeDatabase,
  normalizeDomain,
  normalizeFirewallGroup,
  normalizeInstance,
  normalizeKubernetesCluster,
  normalizeLoadBalancer,
  normalizeObjectStorage,
  normalizeRecord,
  normalizeReservedIp,
  normalizeSnapshot,
  normalizeVpc,
  planPrices,
} from "./normalize";
import {
  accountSchema,
  backupsPageSchema,
  bareMetalSchema,
  blocksPageSchema,
  databasesPageSchema,
  domainsPageSchema,
  errorBodySchema,
  firewallGroupsPageSchema,
  instancesPageSchema,
  kubernetesClusterSchema,
  loadBalancersPageSchema,
  objectStoragesPageSchema,
  plansPageSchema,
  recordsPageSchema,
  reservedIpSchema,
  snapshotsPageSchema,
  vpcSchema,
} from "./schemas";
import { kubernetesTemplate, reservedIpTemplate, seedId, testKit, vpcTemplate } from "./testkit";

const TOKEN = "TESTVULTRAPIKEY0000000000000000000001";
const credentials = { apiKey: TOKEN };
const valid = (r: NormalizedResource) => normalizedResourceSchema.parse(r);

function setup(mutate: (state: VultrFakeState) => void = () => undefined) {
  const state = initialState();
  state.tokens.add(TOKEN);
  mutate(state);
  const app = createVultrFake(state);
  const { fetch, urls } = recordingFetch(app);
  const waits: number[] = [];
  const ctx = (extra: Partial<ProviderContext> = {}): ProviderContext => ({ baseUrl: vultr.defaultBaseUrl, fetch, sleep: async (ms) => void waits.push(ms), ...extra });
  return { state, app, urls, waits, ctx, control: inProcess(app) };
}

const collect = (pages: AsyncIterable<ResourcePage>) => collectPages(readPages(pages));
const resources = (pages: ListedPage[]) => pages.flatMap((p) => p.resources);

describe("contract examples through the schemas and normalizers", () => {
  const prices = planPrices(plansPageSchema.parse(plansFixture).plans);

  it("reads the account", () => {
    expect(accountSchema.parse(accountFixture).account).toMatchObject({ name: "Example Account", email: "admin@example.com" });
  });

  it("reads error bodies, 401 and 429 included", () => {
    for (const body of [error400, error401, error429]) expect(errorBodySchema.parse(body).error).toBe(body.error);
    expect(error401.error).toBe("Invalid API token.");
  });

  it("normalizes the instance example: three status words, plan price, console link", () => {
    const page = instancesPageSchema.parse(instancesFixture);
    expect(page.meta.links?.next).toBe("WxYzExampleNext");
    const withPrice = planPrices([{ id: "vc2-6c-16gb", monthly_cost: 80 }]);
    const r = valid(normalizeInstance(page.instances[0]!, withPrice));
    expect(r).toMatchObject({
      kind: "server",
      externalId: "cb676a46-66fd-4dfb-b839-443f2e6c0b60",
      name: "Example Instance",
      status: "running",
      providerStatus: "active/running/ok",
      region: "atl",
      url: "https://my.vultr.com/subs/?id=cb676a46-66fd-4dfb-b839-443f2e6c0b60",
      createdAt: "2020-10-10T01:56:20.000Z",
      monthlyCostCents: 8000,
      currency: "USD",
    });
    expect(r.attributes).toEqual({
      ipv4: "192.0.2.123",
      ipv6: "2001:0db8:1112:18fb:0200:00ff:fe00:0000",
      privateIpv4: null,
      vcpus: 1,
      memoryMb: 2048,
      diskGb: 55,
      image: "CentOS SELinux 8 x64",
      size: "vc2-6c-16gb",
      tags: ["a tag", "another"],
    });
    // The example's plan is not in the example plan list: no price rather than a wrong one.
    expect(normalizeInstance(page.instances[0]!, prices)).toMatchObject({ monthlyCostCents: null, currency: null });
  });

  it("accepts IPv6 as the schema's v6_networks as well as the example's flat fields", () => {
    const { v6_main_ip: _flat, ...rest } = instancesFixture.instances[0]!;
    const instance = instancesPageSchema.shape.instances.element.parse({ ...rest, v6_networks: [{ network: "2001:db8::", main_ip: "2001:db8::5", network_size: 64 }] });
    expect(normalizeInstance(instance, prices).attributes).toMatchObject({ ipv6: "2001:db8::5" });
  });

  it("prices from monthly_cost, fractional ones included", () => {
    expect(prices.get("vhf-8c-32gb")).toBe(19_200);
    const fractional = planPrices(plansPageSchema.parse({ plans: [{ id: "vc2-1c-0.5gb", monthly_cost: 2.5 }, { id: "vc2-1c-1gb", monthly_cost: 3.5 }], meta: { total: 2, links: { next: "", prev: "" } } }).plans);
    expect([...fractional.values()]).toEqual([250, 350]);
  });

  it("normalizes block storage with its own monthly cost and attachment", () => {
    const r = valid(normalizeBlock(blocksPageSchema.parse(blocksFixture).blocks[0]!));
    expect(r).toMatchObject({ kind: "block_volume", status: "starting", providerStatus: "pending", monthlyCostCents: 500, currency: "USD", region: "ewr" });
    expect(r.attributes).toMatchObject({ sizeGb: 50, attachedTo: ["742c9913-d088-4d67-bc61-5a10e922fbd1"] });
  });

  it("normalizes a load balancer", () => {
    const r = valid(normalizeLoadBalancer(loadBalancersPageSchema.parse(loadBalancersFixture).load_balancers[0]!));
    expect(r).toMatchObject({ kind: "load_balancer", status: "active", providerStatus: "active", name: "Example Load Balancer" });
    expect(r.attributes).toEqual({ ipv4: "192.0.2.123", ipv6: "2001:0db8:5:4973:ffff:ffff:ffff:ffff", algorithm: "roundrobin", type: null, targets: [] });
  });

  it("normalizes the database example despite its type mismatches, without copying its secrets", () => {
    const r = valid(normalizeDatabase(databasesPageSchema.parse(databasesFixture).databases[0]!, planPrices([{ id: "vultr-dbaas-hobbyist-cc-1-25-1", monthly_cost: 15 }])));
    expect(r).toMatchObject({ kind: "database", status: "running", providerStatus: "Running", region: "ewr", createdAt: "2022-05-09T10:13:31.000Z", monthlyCostCents: 1500, currency: "USD" });
    expect(r.attributes).toEqual({ engine: "mysql", version: "8", nodes: 1, size: "vultr-dbaas-hobbyist-cc-1-25-1", storageMb: 25 * 1024 });
    expect(JSON.stringify(r)).not.toContain("PASSWORD_GOES_HERE");
  });

  it("normalizes an object storage subscription without its S3 keys", () => {
    const r = valid(normalizeObjectStorage(objectStoragesPageSchema.parse(objectStorageFixture).object_storages[0]!));
    expect(r).toMatchObject({ kind: "bucket", status: "active", name: "Example Object Storage", region: "ewr" });
    expect(JSON.stringify(r)).not.toMatch(/00example11223344/);
  });

  it("normalizes domains and their records, the record naming its domain as parent", () => {
    const domain = valid(normalizeDomain(domainsPageSchema.parse(domainsFixture).domains[0]!));
    expect(domain).toMatchObject({ kind: "domain", externalId: "example.com", status: "active" });
    const record = valid(normalizeRecord("example.com", recordsPageSchema.parse(recordsFixture).records[0]!));
    expect(record).toMatchObject({ kind: "dns_record", parentExternalId: "example.com", name: "foo.example.com A" });
    expect(record.attributes).toEqual({ domain: "example.com", type: "A", recordName: "foo.example.com", data: "192.0.2.123", ttl: 300, priority: 0 });
    expect(normalizeRecord("example.com", { id: "x", type: "MX", name: "", data: "mail.example.com", priority: 10, ttl: 3600 }).attributes).toMatchObject({ recordName: "@" });
  });

  it("normalizes firewall groups, snapshots and backups", () => {
    expect(valid(normalizeFirewallGroup(firewallGroupsPageSchema.parse(firewallsFixture).firewall_groups[0]!))).toMatchObject({ kind: "firewall", name: "Example Firewall Group", attributes: { inboundRules: 0 } });
    expect(valid(normalizeSnapshot(snapshotsPageSchema.parse(snapshotsFixture).snapshots[0]!))).toMatchObject({ kind: "snapshot", status: "active", providerStatus: "complete", attributes: { sizeGb: 40 } });
    expect(valid(normalizeBackup(backupsPageSchema.parse(backupsFixture).backups[0]!))).toMatchObject({ kind: "backup", status: "active", providerStatus: "complete" });
  });

  it("normalizes reserved IPs, VPCs and Kubernetes clusters (priced by their node pools)", () => {
    const v4 = valid(normalizeReservedIp(reservedIpSchema.parse({ ...reservedIpTemplate, id: "ip-1", instance_id: "inst-1" })));
    expect(v4.attributes).toEqual({ ip: "192.0.2.10", family: "ipv4", assignedTo: "inst-1", blocked: null });
    const v6 = normalizeReservedIp(reservedIpSchema.parse({ ...reservedIpTemplate, id: "ip-2", ip_type: "v6", subnet: "2001:db8::", subnet_size: 64 }));
    expect(v6.attributes).toMatchObject({ ip: "2001:db8::/64", family: "ipv6", assignedTo: null });
    expect(valid(normalizeVpc(vpcSchema.parse({ ...vpcTemplate, id: "vpc-1", description: "office" }))).attributes).toMatchObject({ ipRange: "10.99.0.0/24", description: "office" });
    const cluster = valid(normalizeKubernetesCluster(kubernetesClusterSchema.parse({ ...kubernetesTemplate, id: "k-1", label: "prod" }), planPrices([{ id: "vc2-6c-16gb", monthly_cost: 80 }])));
    expect(cluster).toMatchObject({ kind: "kubernetes_cluster", status: "running", monthlyCostCents: 24_000, currency: "USD", attributes: { nodeCount: 3, version: "v1.29.2+1" } });
  });

  it("normalizes bare metal, priced by its metal plan", () => {
    const machine = bareMetalSchema.parse({ id: "bm-1", label: "db", os: "Ubuntu", region: "ewr", plan: "vbm-4c-32gb", cpu_count: 4, ram: "32768 MB", disk: "2x 240GB SSD", main_ip: "192.0.2.5", date_created: "2020-10-10T01:56:20+00:00", status: "active" });
    expect(valid(normalizeBareMetal(machine, planPrices([{ id: "vbm-4c-32gb", monthly_cost: 120 }])))).toMatchObject({ status: "running", providerStatus: "active", monthlyCostCents: 12_000, attributes: { memoryMb: 32_768, vcpus: 4 } });
  });
});

describe("instance state from status, power_status and server_status", () => {
  it.each([
    ["active", "running", "ok", "running"],
    ["active", "running", "installingbooting", "starting"],
    ["active", "running", "none", "starting"],
    ["active", "running", "locked", "starting"],
    ["active", "stopped", "ok", "stopped"],
    ["active", "stopped", "none", "stopped"],
    ["pending", "running", "none", "starting"],
    ["pending", "stopped", "none", "starting"],
    ["resizing", "running", "ok", "starting"],
    ["suspended", "stopped", "ok", "inactive"],
    ["active", "running", "something-new", "unknown"],
    ["archived", "running", "ok", "unknown"],
  ] as const)("%s / %s / %s is %s", (status, power, server, expected) => {
    expect(instanceState(status, power, server)).toBe(expected);
  });

  it("database, block, snapshot and cluster words, case-insensitive, unknown words unknown", () => {
    const db = databasesPageSchema.parse(databasesFixture).databases[0]!;
    expect(normalizeDatabase({ ...db, status: "Rebuilding" }, new Map()).status).toBe("starting");
    expect(normalizeDatabase({ ...db, status: "Rebalancing" }, new Map()).status).toBe("running");
    expect(normalizeDatabase({ ...db, status: "running" }, new Map()).status).toBe("running");
    expect(normalizeDatabase({ ...db, status: "Melting" }, new Map())).toMatchObject({ status: "unknown", providerStatus: "Melting" });
    const snap = snapshotsPageSchema.parse(snapshotsFixture).snapshots[0]!;
    expect(normalizeSnapshot({ ...snap, status: "pending" }).status).toBe("starting");
    expect(normalizeSnapshot({ ...snap, status: "deleted" }).status).toBe("inactive");
    const block = blocksPageSchema.parse(blocksFixture).blocks[0]!;
    expect(normalizeBlock({ ...block, status: "active" }).status).toBe("active");
    expect(normalizeKubernetesCluster(kubernetesClusterSchema.parse({ ...kubernetesTemplate, id: "k", label: "k", status: "pending" }), new Map()).status).toBe("starting");
  });
});

describe("pagination quirks", () => {
  it("asks for 500 a page, sends meta.links.next back URL-encoded, and stops at an empty next", async () => {
    const h = setup((s) => {
      s.collections.snapshots = Array.from({ length: 1_003 }, (_, i) => ({ ...snapshotsFixture.snapshots[0]!, id: seedId("snap", i) }));
    });
    const { pages, error } = await collect(vultr.list("snapshot", credentials, h.ctx(), null));
    expect(error).toBeNull();
    expect(resources(pages)).toHaveLength(1_003);
    const requests = h.urls.filter((u) => u.pathname === "/v2/snapshots");
    expect(requests.map((u) => u.searchParams.get("per_page"))).toEqual(["500", "500", "500"]);
    // The fake's cursors are base64 with `=` padding, which must travel percent-encoded.
    expect(requests[0]!.searchParams.get("cursor")).toBeNull();
    expect(requests[1]!.searchParams.get("cursor")).toBe(btoa("next__500"));
    expect(requests[2]!.search).toContain(`cursor=${encodeURIComponent(btoa("next__1000"))}`);
    expect(btoa("next__1000")).toContain("=");
    expect(pages.at(-1)!.next).toBeNull();
  });

  it("fails when the next cursor repeats the one just sent", async () => {
    const h = setup();
    await h.control("POST", "/_fake/faults", { kind: "json", body: { snapshots: [], meta: { total: 5, links: { next: "WxYz", prev: "" } } }, path: "/v2/snapshots", times: 1 });
    await h.control("POST", "/_fake/faults", { kind: "json", body: { snapshots: [], meta: { total: 5, links: { next: "WxYz", prev: "" } } }, path: "/v2/snapshots", times: 1 });
    const { error } = await collect(vultr.list("snapshot", credentials, h.ctx(), null));
    expect(error).toMatchObject({ kind: "contract_violation" });
  });

  it("reads managed databases in one unpaged request (meta has only total)", async () => {
    const h = setup();
    const { pages, error } = await collect(vultr.list("database", credentials, h.ctx(), null));
    expect(error).toBeNull();
    expect(resources(pages).map((r) => [r.externalId, r.monthlyCostCents])).toEqual([["999c4ed0-f2e4-4f2a-a951-de358ceb9ab5", 1500]]);
    expect(h.urls.filter((u) => u.pathname === "/v2/databases").map((u) => u.search)).toEqual([""]);
    expect(h.urls.filter((u) => u.pathname === "/v2/databases/plans")).toHaveLength(1);
  });

  it("lists servers as instances then bare metal, each priced from its own plan list", async () => {
    const h = setup((s) => {
      s.collections.plans = [{ id: "vc2-6c-16gb", monthly_cost: 2.5 }];
      s.collections.plans_metal = [{ id: "vbm-4c-32gb", monthly_cost: 120 }];
      s.collections.bare_metals = [{ id: "bm-1", label: "metal", os: "Ubuntu", region: "ewr", plan: "vbm-4c-32gb", cpu_count: 4, ram: "32768 MB", disk: "2x 240GB SSD", main_ip: "192.0.2.9", date_created: "2020-10-10T01:56:20+00:00", status: "active" }];
    });
    const { pages, error } = await collect(vultr.list("server", credentials, h.ctx(), null));
    expect(error).toBeNull();
    expect(resources(pages).map((r) => [r.externalId, r.monthlyCostCents])).toEqual([
      ["cb676a46-66fd-4dfb-b839-443f2e6c0b60", 250],
      ["bm-1", 12_000],
    ]);
    expect(h.urls.find((u) => u.pathname === "/v2/plans")?.searchParams.get("per_page")).toBe(String(PER_PAGE));
  });

  it("lists each domain's records under it and passes over a domain that vanished", async () => {
    const h = setup((s) => {
      s.collections.domains.push({ domain: "gone.example", date_created: "2020-10-10T01:56:20+00:00", dns_sec: "disabled" });
    });
    const listed = vultr.list("dns_record", credentials, h.ctx(), null);
    // The second domain is deleted after the domain list was read: its records answer 404.
    const original = h.state.collections.domains;
    const pages: ListedPage[] = [];
    for await (const page of listed) {
      pages.push(page);
      h.state.collections.domains = original.filter((d) => d.domain !== "gone.example");
    }
    expect(resources(pages).map((r) => r.parentExternalId)).toEqual(["example.com"]);
    expect(pages.at(-1)!.next).toBeNull();
  });
});

describe("refusals and rate limits", () => {
  it("validates with GET /account and names the account", async () => {
    const h = setup();
    await expect(vultr.validate(credentials, h.ctx())).resolves.toEqual({ id: "admin@example.com", name: "Example Account" });
  });

  it("an unknown key is rejected in Vultr's words", async () => {
    const h = setup();
    const error = await vultr.validate({ apiKey: "UNKNOWNKEY0000000000000000000000000000" }, h.ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "credentials_rejected", status: 401 });
    expect((error as ProviderError).message).toContain("Invalid API token.");
  });

  it("a user without the DNS permission gets permission_missing for DNS only", async () => {
    const h = setup();
    await testKit.registerWithout!(h.control, TOKEN, ["dns"]);
    const dns = await collect(vultr.list("domain", credentials, h.ctx(), null));
    expect(dns.error).toMatchObject({ kind: "permission_missing", status: 403 });
    const servers = await collect(vultr.list("server", credentials, h.ctx(), null));
    expect(servers.error).toBeNull();
  });

  it("backs off on its own after a header-less 429, then gives up as rate_limited", async () => {
    const h = setup();
    await h.control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 0, path: "/v2/blocks" });
    const { error } = await collect(vultr.list("block_volume", credentials, h.ctx({ maxRateLimitWaitMs: 10_000 }), null));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429 });
    expect(h.waits).toEqual([500, 1_000, 2_000]);
    expect([0, 1, 2, 3, 4, 5].map(vultrRateLimitBackoffMs)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("a passing 429 is sat out and the listing completes", async () => {
    const h = setup();
    await h.control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 0, path: "/v2/blocks", times: 1 });
    const { pages, error } = await collect(vultr.list("block_volume", credentials, h.ctx({ maxRateLimitWaitMs: 10_000 }), null));
    expect(error).toBeNull();
    expect(resources(pages)).toHaveLength(1);
    expect(h.waits).toEqual([500]);
  });

  it("the fake sends no rate-limit headers and refuses a page size above 500", async () => {
    const h = setup();
    const res = await h.app.request("/v2/instances?per_page=501", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    expect([...res.headers.keys()].filter((k) => k.startsWith("x-ratelimit") || k === "retry-after")).toEqual([]);
    const plans = await h.app.request("/v2/plans");
    expect(plans.status).toBe(200);
  });
});
