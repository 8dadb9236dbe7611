import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
import { ProviderError } from "../errors";
import { collectPages, inProcess, recordingFetch } from "../test-kit";
import { readPages } from "../types";
import type { ListedPage, ProviderContext } from "../types";
import { createLinodeFake, initialState } from "./fake";
import type { LinodeFakeState } from "./fake";
import backupsFixture from "./fixtures/linode_backups_list.json";
import bucketsFixture from "./fixtures/object_storage_buckets_list.json";
import databasesFixture from "./fixtures/databases_list.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import error400 from "./fixtures/error_400.json";
import error401 from "./fixtures/error_401.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import imagesFixture from "./fixtures/images_list.json";
import instancesFixture from "./fixtures/linode_instances_list.json";
import page1of3 from "./fixtures/linode_instances_page1_of_3.json";
import lkeFixture from "./fixtures/lke_clusters_list.json";
import nodeBalancersFixture from "./fixtures/nodebalancers_list.json";
import profileFixture from "./fixtures/profile_get.json";
import typesFixture from "./fixtures/linode_types_list.json";
import nodeBalancerTypesFixture from "./fixtures/nodebalancer_types_list.json";
import volumeTypesFixture from "./fixtures/volume_types_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import vpcsFixture from "./fixtures/vpcs_list.json";
import { linode } from "./index";
import { PAGE_SIZE } from "./listers";
import {
  BACKUP_STATUS,
  DATABASE_STATUS,
  INSTANCE_STATUS,
  monthlyPrice,
  normalizeBackup,
  normalizeBucket,
  normalizeDatabase,
  normalizeDomain,
  normalizeDomainRecord,
  normalizeFirewall,
  normalizeImage,
  normalizeInstance,
  normalizeLkeCluster,
  normalizeNodeBalancer,
  normalizeVolume,
  normalizeVpc,
  utc,
} from "./normalize";
import {
  backupSchema,
  bucketsPageSchema,
  databasesPageSchema,
  domainRecordsPageSchema,
  domainsPageSchema,
  errorBodySchema,
  firewallsPageSchema,
  imagesPageSchema,
  instanceBackupsSchema,
  INSTANCE_STATUSES,
  instancesPageSchema,
  lkeClustersPageSchema,
  nodeBalancersPageSchema,
  profileSchema,
  typesPageSchema,
  volumesPageSchema,
  vpcsPageSchema,
} from "./schemas";
import type { LinodeType } from "./schemas";
import { testKit } from "./testkit";

const TOKEN = "a".repeat(64);

function setup(mutate: (state: LinodeFakeState) => void = () => {}) {
  const state = initialState();
  state.tokens.add(TOKEN);
  mutate(state);
  const app = createLinodeFake(state);
  const { fetch, urls } = recordingFetch(app);
  const waits: number[] = [];
  const ctx: ProviderContext = { baseUrl: linode.defaultBaseUrl, fetch, sleep: async (ms) => void waits.push(ms) };
  return { state, app, ctx, urls, waits, control: inProcess(app) };
}

const list = (kind: Parameters<typeof linode.list>[0], ctx: ProviderContext, token = TOKEN) => collectPages(readPages(linode.list(kind, { token }, ctx, null)));
const resources = (pages: ListedPage[]) => pages.flatMap((p) => p.resources);
const valid = (resource: unknown) => expect(normalizedResourceSchema.safeParse(resource).success, JSON.stringify(resource)).toBe(true);
const typesById = new Map<string, LinodeType>(typesPageSchema.parse(typesFixture).data.map((t) => [t.id, t]));

describe("Linode contract examples through schemas and normalizers", () => {
  it("reads an instance with its region's plan price, public and private IPv4 and the spec's plain UTC time", () => {
    const instance = instancesPageSchema.parse(instancesFixture).data[0]!;
    const server = normalizeInstance({ ...instance, type: "g6-standard-2" }, typesById);
    valid(server);
    expect(server).toMatchObject({
      kind: "server",
      externalId: "123",
      name: "linode123",
      status: "running",
      providerStatus: "running",
      region: "us-east",
      url: "https://cloud.linode.com/linodes/123",
      createdAt: "2018-01-01T00:01:01Z",
      // us-east has its own price for g6-standard-2: 24 USD, not the default 20.
      monthlyCostCents: 2400,
      currency: "USD",
    });
    expect(server.attributes).toEqual({ ipv4: "203.0.113.1", ipv6: "c001:d00d::1337", privateIpv4: null, vcpus: 2, memoryMb: 4096, diskGb: 80, image: "linode/debian10", size: "g6-standard-2", tags: ["example tag", "another example"] });
    // The example's own plan is not in the example price list: no price rather than a wrong one.
    expect(normalizeInstance(instance, typesById)).toMatchObject({ monthlyCostCents: null, currency: null });
  });

  it("prices a plan by its region's entry, else its default price", () => {
    const type = typesById.get("g6-standard-2");
    expect(monthlyPrice(type, "us-east")).toBe(24);
    expect(monthlyPrice(type, "eu-west")).toBe(20);
    expect(monthlyPrice(undefined, "us-east")).toBeNull();
  });

  it("accepts an instance image as a string or as an object (4.189.0 types it `object`)", () => {
    const instance = instancesPageSchema.parse(instancesFixture).data[0]!;
    const server = normalizeInstance({ ...instance, image: { id: "linode/ubuntu24.04", label: "Ubuntu 24.04" } }, typesById);
    expect(server.attributes).toMatchObject({ image: "linode/ubuntu24.04" });
  });

  it("maps every instance status of the spec, keeping the provider's word", () => {
    for (const word of INSTANCE_STATUSES) expect(INSTANCE_STATUS[word], word).toBeDefined();
    const instance = instancesPageSchema.parse(instancesFixture).data[0]!;
    const expected = { offline: "stopped", booting: "starting", busy: "starting", shutting_down: "stopped", deleting: "inactive", billing_suspension: "inactive", some_new_word: "unknown" } as const;
    for (const [word, status] of Object.entries(expected)) expect(normalizeInstance({ ...instance, status: word }, typesById)).toMatchObject({ status, providerStatus: word });
  });

  it("reads volumes, NodeBalancers, databases, buckets, firewalls, VPCs and LKE clusters", () => {
    const volumePrices = typesPageSchema.parse(volumeTypesFixture).data[0]!;
    const volume = normalizeVolume(volumesPageSchema.parse(volumesFixture).data[0]!, volumePrices);
    // 30 GB at 0.10 USD per GB a month; in a region with its own rate, that rate.
    expect(normalizeVolume({ ...volumesPageSchema.parse(volumesFixture).data[0]!, region: "br-gru" }, volumePrices)).toMatchObject({ monthlyCostCents: 420 });
    expect(volume).toMatchObject({ kind: "block_volume", externalId: "12345", status: "active", monthlyCostCents: 300, currency: "USD", attributes: { sizeGb: 30, attachedTo: ["linode123"], filesystem: "/dev/disk/by-id/scsi-0Linode_Volume_my-volume" } });
    const lb = normalizeNodeBalancer(nodeBalancersPageSchema.parse(nodeBalancersFixture).data[0]!, typesPageSchema.parse(nodeBalancerTypesFixture).data[0]!);
    expect(lb).toMatchObject({ kind: "load_balancer", status: "active", providerStatus: null, monthlyCostCents: 1000, currency: "USD", url: "https://cloud.linode.com/nodebalancers/12345", attributes: { ipv4: "203.0.113.1", ipv6: null } });
    const db = normalizeDatabase(databasesPageSchema.parse(databasesFixture).data[0]!);
    expect(db).toMatchObject({ kind: "database", externalId: "mysql/123", status: "running", providerStatus: "active", url: "https://cloud.linode.com/databases/mysql/123", attributes: { engine: "mysql", nodes: 3, size: "g6-dedicated-2" } });
    const bucket = normalizeBucket(bucketsPageSchema.parse(bucketsFixture).data[0]!);
    expect(bucket).toMatchObject({ kind: "bucket", externalId: "us-east/example-bucket", region: "us-east", attributes: { storageBytes: 188318981, objectCount: 4 } });
    const firewall = normalizeFirewall(firewallsPageSchema.parse(firewallsFixture).data[0]!);
    expect(firewall).toMatchObject({ kind: "firewall", status: "active", providerStatus: "enabled", attributes: { inboundRules: 1, outboundRules: 1 } });
    const vpc = normalizeVpc(vpcsPageSchema.parse(vpcsFixture).data[0]!);
    expect(vpc).toMatchObject({ kind: "network", externalId: "123", attributes: { ipRange: "10.0.1.0/24", attachedCount: 1, description: "A description of my VPC." } });
    const lke = normalizeLkeCluster(lkeClustersPageSchema.parse(lkeFixture).data[0]!);
    expect(lke).toMatchObject({ kind: "kubernetes_cluster", status: "running", providerStatus: "ready", attributes: { version: "1.31", highAvailability: true } });
    expect(normalizeLkeCluster({ ...lkeClustersPageSchema.parse(lkeFixture).data[0]!, status: undefined })).toMatchObject({ status: "unknown", providerStatus: null });
    for (const r of [volume, lb, db, bucket, firewall, vpc, lke]) valid(r);
    expect(DATABASE_STATUS.failed).toBe("error");
    expect(DATABASE_STATUS.suspended).toBe("stopped");
  });

  it("reads domains and their records, the domain as the record's parent", () => {
    const domain = domainsPageSchema.parse(domainsFixture).data[0]!;
    const record = normalizeDomainRecord(domain, domainRecordsPageSchema.parse(domainRecordsFixture).data[0]!);
    valid(normalizeDomain(domain));
    valid(record);
    expect(normalizeDomain(domain)).toMatchObject({ kind: "domain", externalId: "1234", name: "example.org", status: "active", attributes: { ttl: 300 } });
    expect(normalizeDomain({ ...domain, status: "disabled" })).toMatchObject({ status: "inactive" });
    expect(record).toMatchObject({ externalId: "1234/123456", name: "test.example.org", parentExternalId: "1234", attributes: { domain: "example.org", type: "A", recordName: "test", data: "192.0.2.0", ttl: 604800, priority: null } });
  });

  it("reads the account's images as snapshots, and an instance's backups with the instance as parent", () => {
    const image = imagesPageSchema.parse(imagesFixture).data[0]!;
    const snapshot = normalizeImage({ ...image, id: "private/42", is_public: false });
    valid(snapshot);
    expect(snapshot).toMatchObject({ kind: "snapshot", externalId: "private/42", status: "active", providerStatus: "available", createdAt: "2021-08-14T22:44:02Z" });
    const backups = instanceBackupsSchema.parse(backupsFixture);
    const backup = normalizeBackup({ id: 123, label: "linode123", region: "us-east" }, backups.automatic![0]!);
    valid(backup);
    expect(backup).toMatchObject({ kind: "backup", externalId: "123/123456", parentExternalId: "123", status: "active", attributes: { source: "linode123", type: "automatic", sizeGb: 8.79 } });
    for (const [word, status] of Object.entries({ pending: "starting", needsPostProcessing: "starting", failed: "error", userAborted: "stopped", paused: "inactive" })) {
      expect(BACKUP_STATUS[word]).toBe(status);
      expect(normalizeBackup({ id: 1, label: "x" }, backupSchema.parse({ ...backups.automatic![0]!, status: word })).status).toBe(status);
    }
  });

  it("reads the error bodies and the profile; times without a zone are UTC", () => {
    expect(errorBodySchema.parse(error400).errors[0]).toEqual({ field: "fieldname", reason: "fieldname must be a valid value" });
    expect(errorBodySchema.parse(error401).errors[0]!.reason).toBe("Invalid Token");
    expect(profileSchema.parse(profileFixture)).toMatchObject({ uid: 1234, username: "exampleUser" });
    expect(utc("2018-01-01T00:01:01")).toBe("2018-01-01T00:01:01Z");
    expect(utc("2018-01-01T00:01:01Z")).toBe("2018-01-01T00:01:01Z");
    expect(utc(null)).toBeNull();
  });
});

describe("Linode pagination", () => {
  it("reads the spec's page-1-of-3 envelope", () => {
    expect(instancesPageSchema.parse(page1of3)).toMatchObject({ page: 1, pages: 3, results: 300 });
  });

  it("asks page_size=500 (the maximum) and follows `pages` to the end", async () => {
    const { ctx, urls } = setup((s) => {
      s.volumes = Array.from({ length: 1001 }, (_, i) => ({ ...structuredClone(volumesFixture.data[0]!), id: i + 1, label: `v-${i}` }));
    });
    const { pages, error } = await list("block_volume", ctx);
    expect(error).toBeNull();
    expect(resources(pages)).toHaveLength(1001);
    const asked = urls.filter((u) => u.pathname === "/v4/volumes");
    expect(asked.map((u) => u.searchParams.get("page"))).toEqual(["1", "2", "3"]);
    for (const url of asked) expect(url.searchParams.get("page_size")).toBe(String(PAGE_SIZE));
  });

  it("ends an empty account's listing on its one page", async () => {
    const { ctx } = setup((s) => {
      s.firewalls = [];
    });
    const { pages, error } = await list("firewall", ctx);
    expect(error).toBeNull();
    expect(resources(pages)).toEqual([]);
    expect(pages.at(-1)!.next).toBeNull();
  });

  it("tolerates `pages: 0` for an empty collection", async () => {
    const { ctx, control } = setup();
    await control("POST", "/_fake/faults", { kind: "json", body: { data: [], page: 1, pages: 0, results: 0 }, path: "/v4/vpcs" });
    const { pages, error } = await list("network", ctx);
    expect(error).toBeNull();
    expect(resources(pages)).toEqual([]);
  });

  it("the fake refuses a page size beyond 500 the way Linode does", async () => {
    const { app } = setup();
    const res = await app.request("/v4/volumes?page_size=501", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ field: "page_size", reason: "Must be a number between 25 and 500" }] });
  });

  it("prices instances from every page of the plan list", async () => {
    const { ctx, urls } = setup((s) => {
      s.types = [
        ...Array.from({ length: 600 }, (_, i) => ({ id: `filler-${i}`, price: { monthly: 1 }, region_prices: [] })),
        { ...structuredClone(typesFixture.data[0]!), id: "g6-standard-1", price: { monthly: 12 }, region_prices: [] },
      ];
    });
    const { pages, error } = await list("server", ctx);
    expect(error).toBeNull();
    expect(resources(pages)[0]).toMatchObject({ monthlyCostCents: 1200, currency: "USD" });
    expect(urls.filter((u) => u.pathname === "/v4/linode/types").map((u) => u.searchParams.get("page"))).toEqual(["1", "2"]);
  });
});

describe("Linode kinds through the fake", () => {
  it("lists only the account's private images as snapshots", async () => {
    const { ctx } = setup((s) => {
      s.images = [structuredClone(imagesFixture.data[0]!), { ...structuredClone(imagesFixture.data[0]!), id: "private/7", label: "golden", is_public: false }];
    });
    const { pages, error } = await list("snapshot", ctx);
    expect(error).toBeNull();
    expect(resources(pages).map((r) => r.externalId)).toEqual(["private/7"]);
  });

  it("lists each backed-up instance's backups once, its snapshot in the same slot as current and in progress counted once", async () => {
    const { ctx } = setup((s) => {
      s.instances.push({ ...structuredClone(instancesFixture.data[0]!), id: 999, label: "no-backups", backups: { enabled: false, available: false } });
    });
    const { pages, error } = await list("backup", ctx);
    expect(error).toBeNull();
    const listed = resources(pages);
    expect(listed.map((r) => r.externalId)).toEqual(["123/123456"]);
    expect(listed[0]).toMatchObject({ parentExternalId: "123" });
  });

  it("passes over an instance deleted between the instance list and its backups", async () => {
    const { ctx, control } = setup();
    await control("POST", "/_fake/faults", { kind: "json", body: { data: [{ ...instancesFixture.data[0]!, id: 5 }, instancesFixture.data[0]!], page: 1, pages: 1, results: 2 }, path: "/v4/linode/instances", times: 1 });
    const { pages, error } = await list("backup", ctx);
    expect(error).toBeNull();
    expect(resources(pages).map((r) => r.externalId)).toEqual(["123/123456"]);
  });
});

describe("Linode refusals and rate limits", () => {
  it("a bad token is credentials_rejected in Linode's words", async () => {
    const { ctx } = setup();
    const error = await linode.validate({ token: "b".repeat(64) }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "credentials_rejected", status: 401 });
    expect((error as ProviderError).message).toContain("Invalid Token");
  });

  it("validates a narrowly scoped token through /profile, which needs no scope", async () => {
    const { ctx, control } = setup();
    await testKit.registerWithout!(control, TOKEN, ["linodes:read_only", "volumes:read_only"]);
    await expect(linode.validate({ token: TOKEN }, ctx)).resolves.toEqual({ id: "1234", name: "exampleUser" });
  });

  it("a token without an area's scope is that kind's permission_missing, naming the scope the endpoint accepts", async () => {
    const { ctx, control } = setup();
    await testKit.registerWithout!(control, TOKEN, ["domains:read_only"]);
    const { error } = await list("dns_record", ctx);
    expect(error).toMatchObject({ kind: "permission_missing", status: 403, scope: "domains:read_only" });
    expect((error as ProviderError).message).toContain("Your OAuth token is not authorized to use this endpoint.");
    // A read_write grant of the area covers reading it.
    await control("POST", "/_fake/tokens", { token: TOKEN, scopes: ["domains:read_write"] });
    expect((await list("domain", ctx)).error).toBeNull();
  });

  it("honours Retry-After on a 429 with an empty body, as Linode has been seen to send", async () => {
    const { ctx, control, waits } = setup();
    await control("PUT", "/_fake/settings", { rateLimitBody: "empty" });
    await control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 2, path: "/v4/vpcs", times: 1 });
    const { pages, error } = await list("network", { ...ctx, maxRateLimitWaitMs: 10_000 });
    expect(error).toBeNull();
    expect(resources(pages)).toHaveLength(1);
    expect(waits).toContain(2000);
  });

  it("records X-RateLimit-* with the reset as epoch seconds", async () => {
    const { app } = setup();
    const states: unknown[] = [];
    const { fetch } = recordingFetch(app);
    await linode.validate({ token: TOKEN }, { baseUrl: linode.defaultBaseUrl, fetch, onRateLimit: (s) => states.push(s) });
    const state = states.at(-1) as { limit: number; remaining: number; resetAt: string };
    expect(state.limit).toBe(800);
    expect(state.remaining).toBeLessThan(800);
    expect(Date.parse(state.resetAt)).toBeGreaterThan(Date.now());
  });
});
