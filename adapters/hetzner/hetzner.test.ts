import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import { collectPages } from "../test-kit";
import { readPages } from "../types";
import type { ListedPage, ProviderContext, ResourcePage } from "../types";
import { hetznerRateLimitBackoffMs } from "./client";
import { createHetznerFake, initialState, makeServer } from "./fake";
import type { HetznerFakeState } from "./fake";
import { hetzner } from "./index";
import { PER_PAGE } from "./listers";
import {
  hostAddress,
  normalizeCertificate,
  normalizeFirewall,
  normalizeImage,
  normalizeLoadBalancer,
  normalizeNetwork,
  normalizePrimaryIp,
  normalizeRrset,
  normalizeServer,
  normalizeVolume,
  normalizeZone,
  tenThousandths,
} from "./normalize";
import {
  certificatesPageSchema,
  errorBodySchema,
  firewallsPageSchema,
  floatingIpsPageSchema,
  imagesPageSchema,
  loadBalancersPageSchema,
  networksPageSchema,
  pricingSchema,
  primaryIpsPageSchema,
  rrsetsPageSchema,
  serversPageSchema,
  volumesPageSchema,
  zonesPageSchema,
} from "./schemas";
import type { Pricing } from "./schemas";
import { CursorError } from "../kit";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import errorInvalidInput from "./fixtures/error_invalid_input.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import pricingFixture from "./fixtures/pricing_get.json";
import serversFixture from "./fixtures/servers_list.json";
import serversEmpty from "./fixtures/servers_list_empty.json";
import serversPage1 from "./fixtures/servers_list_page1_of_4.json";
import serversPage2 from "./fixtures/servers_list_page2_of_4.json";
import volumesFixture from "./fixtures/volumes_list.json";
import certificatesFixture from "./fixtures/certificates_list.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import floatingIpsFixture from "./fixtures/floating_ips_list.json";
import imagesFixture from "./fixtures/images_list.json";
import networksFixture from "./fixtures/networks_list.json";
import primaryIpsFixture from "./fixtures/primary_ips_list.json";
import rrsetsFixture from "./fixtures/zone_rrsets_list.json";
import zonesFixture from "./fixtures/zones_list.json";

const TOKEN = "hcloud_test_token_0123456789abcdef0123456789abcdef0123";
const BASE = "https://api.hetzner.cloud/v1";

/** The fake in-process, with every request URL recorded and backoff sleeps skipped. */
function harness(state: HetznerFakeState = initialState()) {
  state.tokens.add(TOKEN);
  const app = createHetznerFake(state);
  const urls: URL[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    urls.push(new URL(req.url));
    return app.fetch(req);
  }) as typeof fetch;
  const ctx: ProviderContext = { baseUrl: BASE, fetch: fetchFn, sleep: async () => {} };
  const control = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { state, app, urls, ctx, control };
}

const collect = (pages: AsyncIterable<ResourcePage>) => collectPages(readPages(pages));

const credentials = { token: TOKEN };
const servers = (ctx: ProviderContext, cursor: string | null = null) => hetzner.list("server", credentials, ctx, cursor);

describe("Hetzner response schemas", () => {
  it("accept the contract's example payloads", () => {
    expect(serversPageSchema.parse(serversFixture).servers[0]!.id).toBe(42);
    expect(serversPageSchema.parse(serversPage1).meta.pagination.next_page).toBe(2);
    expect(serversPageSchema.parse(serversPage2).meta.pagination).toMatchObject({ page: 2, previous_page: 1, next_page: 3, last_page: 4, total_entries: 100 });
    expect(serversPageSchema.parse(serversEmpty).servers).toEqual([]);
    expect(volumesPageSchema.parse(volumesFixture).volumes[0]!.server).toBe(12);
    expect(loadBalancersPageSchema.parse(loadBalancersFixture).load_balancers[0]!.load_balancer_type.name).toBe("lb11");
    expect(pricingSchema.parse(pricingFixture).pricing.currency).toBe("EUR");
    expect(errorBodySchema.parse(error401).error.message).toBe("unable to authenticate");
    expect(errorBodySchema.parse(errorInvalidInput).error.code).toBe("invalid_input");
    expect(errorBodySchema.parse(error429).error.code).toBe("rate_limit_exceeded");
  });

  it("refuse a price that is not a decimal string", () => {
    const broken = structuredClone(serversFixture);
    broken.servers[0]!.server_type.prices[0]!.price_monthly.net = "1,00";
    expect(serversPageSchema.safeParse(broken).success).toBe(false);
  });
});

/** A price list with the types' prices only: no backup surcharge, no address prices. */
const typesOnly = { currency: "EUR", primary_ips: [], floating_ips: [] };

describe("Hetzner normalization", () => {
  const pricing = pricingSchema.parse(pricingFixture).pricing;

  it("turns the example server into a typed server with its location's net monthly price", () => {
    const server = normalizeServer(serversPageSchema.parse(serversFixture).servers[0]!, typesOnly);
    expect(normalizedResourceSchema.parse(server)).toEqual(server);
    expect(server).toEqual({
      kind: "server",
      externalId: "42",
      name: "my-resource",
      status: "running",
      providerStatus: "running",
      region: "fsn1",
      url: "https://console.hetzner.cloud/projects",
      createdAt: "2016-01-30T23:55:00Z",
      monthlyCostCents: 100,
      currency: "EUR",
      attributes: {
        ipv4: "1.2.3.4",
        // The network's ::1, the address Hetzner configures, not the /64 the API reports.
        ipv6: "2001:db8::1",
        privateIpv4: "10.0.0.2",
        vcpus: 2,
        memoryMb: 4096,
        diskGb: 80,
        image: "Ubuntu 24.04 Standard 64 bit",
        size: "cpx22",
        tags: ["environment=prod", "example.com/my=label", "just-a-key"],
      },
    });
  });

  it("maps every server status of the contract onto the normalized set", () => {
    const expected: Record<string, string> = {
      running: "running",
      off: "stopped",
      initializing: "starting",
      starting: "starting",
      migrating: "starting",
      rebuilding: "starting",
      stopping: "stopped",
      deleting: "inactive",
      unknown: "unknown",
      hibernating: "unknown",
    };
    for (const [status, normalized] of Object.entries(expected)) {
      const raw = serversPageSchema.parse({ ...serversFixture, servers: [{ ...serversFixture.servers[0]!, status }] }).servers[0]!;
      expect([status, normalizeServer(raw, typesOnly).status]).toEqual([status, normalized]);
      expect(normalizeServer(raw, typesOnly).providerStatus).toBe(status);
    }
  });

  it("prices from the entry for the server's own location and leaves the price out when there is none", () => {
    const raw = structuredClone(serversFixture.servers[0]!);
    raw.server_type.prices = [
      { ...raw.server_type.prices[0]!, location: "nbg1", price_monthly: { net: "9.9900", gross: "11.8881" } },
      { ...raw.server_type.prices[0]!, location: "hel1", price_monthly: { net: "4.5150", gross: "5.3729" } },
    ];
    raw.location.name = "hel1";
    const inHelsinki = normalizeServer(serversPageSchema.parse({ ...serversFixture, servers: [raw] }).servers[0]!, typesOnly);
    expect([inHelsinki.monthlyCostCents, inHelsinki.currency, inHelsinki.region]).toEqual([452, "EUR", "hel1"]);
    raw.location.name = "ash";
    const nowhere = normalizeServer(serversPageSchema.parse({ ...serversFixture, servers: [raw] }).servers[0]!, typesOnly);
    expect([nowhere.monthlyCostCents, nowhere.currency]).toEqual([null, null]);
  });

  it("converts decimal strings to cents exactly, rounding half up", () => {
    expect(tenThousandths("1.1950")).toBe(11950);
    expect(tenThousandths("0.04405")).toBe(441);
    expect(tenThousandths("12")).toBe(120000);
    const raw = structuredClone(serversFixture.servers[0]!);
    raw.server_type.prices[0]!.price_monthly.net = "1.1950";
    expect(normalizeServer(serversPageSchema.parse({ ...serversFixture, servers: [raw] }).servers[0]!, typesOnly).monthlyCostCents).toBe(120);
  });

  it("prices a volume by its size at the per-GB rate and reads attachment from `server`", () => {
    const raw = volumesPageSchema.parse(volumesFixture).volumes[0]!;
    const volume = normalizeVolume(raw, pricing);
    expect(normalizedResourceSchema.parse(volume)).toEqual(volume);
    expect(volume).toEqual({
      kind: "block_volume",
      externalId: "42",
      name: "my-resource",
      status: "active",
      providerStatus: "available",
      region: "fsn1",
      url: "https://console.hetzner.cloud/projects",
      createdAt: "2016-01-30T23:55:00Z",
      monthlyCostCents: 4200,
      currency: "EUR",
      attributes: { sizeGb: 42, attachedTo: ["12"], filesystem: "xfs", description: null },
    });
    const cheaper = { ...pricing, volume: { price_per_gb_month: { net: "0.0440", gross: "0.0524" } } };
    expect(normalizeVolume(raw, cheaper).monthlyCostCents).toBe(185);
    expect(normalizeVolume({ ...raw, server: null }, pricing)).toMatchObject({ status: "inactive", attributes: { attachedTo: [] } });
    expect(normalizeVolume({ ...raw, status: "creating" }, pricing).status).toBe("starting");
    expect(normalizeVolume(raw, typesOnly)).toMatchObject({ monthlyCostCents: null, currency: null });
  });

  it("turns the example load balancer into addresses, algorithm, type, targets and its type's price", () => {
    const raw = loadBalancersPageSchema.parse(loadBalancersFixture).load_balancers[0]!;
    const lb = normalizeLoadBalancer(raw, "EUR");
    expect(normalizedResourceSchema.parse(lb)).toEqual(lb);
    expect(lb).toEqual({
      kind: "load_balancer",
      externalId: "42",
      name: "my-resource",
      status: "active",
      providerStatus: null,
      region: "fsn1",
      url: "https://console.hetzner.cloud/projects",
      createdAt: "2016-01-30T23:55:00Z",
      monthlyCostCents: 100,
      currency: "EUR",
      attributes: { ipv4: "1.2.3.4", ipv6: "2001:db8::1", algorithm: "round_robin", type: "lb11", targets: ["203.0.113.1"] },
    });
    const mixed = {
      ...raw,
      targets: [
        { type: "server", server: { id: 7 } },
        { type: "label_selector", label_selector: { selector: "env=prod" } },
        { type: "something_new" },
      ],
      public_net: { ...raw.public_net, enabled: false },
    };
    expect(normalizeLoadBalancer(mixed, "EUR").attributes).toMatchObject({ ipv4: null, ipv6: null, targets: ["7", "label:env=prod"] });
  });
});

describe("Hetzner validate", () => {
  it("accepts a token the fake knows, with one cheap authenticated GET", async () => {
    const { ctx, urls } = harness();
    expect(await hetzner.validate(credentials, ctx)).toEqual({ id: "project", name: "Hetzner Cloud project" });
    expect(urls.map((u) => `${u.pathname}${u.search}`)).toEqual(["/v1/servers?per_page=1"]);
  });

  it("reports Hetzner's own 401 message for an unknown token", async () => {
    const { ctx } = harness();
    const err = await hetzner.validate({ token: "hcloud_unknown_unknown_unknown_unknown" }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "credentials_rejected", status: 401, message: "Hetzner Cloud rejected the credentials: unable to authenticate" });
  });

  it("records the RateLimit-* headers, reset in epoch seconds", async () => {
    const { ctx } = harness();
    const states: { limit: number | null; remaining: number | null; resetAt: string | null }[] = [];
    await hetzner.validate(credentials, { ...ctx, onRateLimit: (s) => states.push(s) });
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({ limit: 3600, remaining: 3599 });
    const reset = Date.parse(states[0]!.resetAt!);
    expect(reset).toBeGreaterThan(Date.now() - 1000);
    expect(reset).toBeLessThan(Date.now() + 5000);
  });

  it("hints at a token by its last four characters only", () => {
    expect(hetzner.credentialsHint({ token: "abcdefghijklmnopqrstuvwxyz0123456789WXYZ" })).toBe("…WXYZ");
  });

  it("offers every kind the API lists", () => {
    expect([...hetzner.resourceKinds].sort()).toEqual(["backup", "block_volume", "certificate", "dns_record", "domain", "firewall", "ip_address", "load_balancer", "network", "server", "snapshot"]);
  });
});

describe("Hetzner listings against the fake", () => {
  it("pages through every server at per_page=50 following meta.pagination.next_page", async () => {
    const { ctx, urls, control } = harness();
    expect((await control("POST", "/_fake/servers/generate", { count: 173 })).status).toBe(201);
    const { pages, error } = await collect(servers(ctx));
    expect(error).toBeNull();
    expect(pages.map((p) => p.resources.length)).toEqual([50, 50, 50, 23]);
    // Each cursor carries the total the listing had, so a resumed listing notices when items came or went.
    expect(pages.map((p) => p.next)).toEqual(["2:173", "3:173", "4:173", null]);
    const ids = pages.flatMap((p) => p.resources.map((r) => r.externalId));
    expect(new Set(ids).size).toBe(173);
    expect(ids[0]).toBe("10000000");
    expect(ids[172]).toBe("10000172");
    const listRequests = urls.filter((u) => u.pathname === "/v1/servers");
    expect(listRequests.map((u) => u.searchParams.get("page"))).toEqual(["1", "2", "3", "4"]);
    expect(PER_PAGE).toBe(50);
    expect(listRequests.map((u) => u.searchParams.get("per_page"))).toEqual(["50", "50", "50", "50"]);
    expect(listRequests.map((u) => u.searchParams.get("sort"))).toEqual(["id:asc", "id:asc", "id:asc", "id:asc"]);
    // Four pages and the price list, fetched once (after the first page, which has something to price;
    // pages after it were already asked for by then).
    expect(urls.map((u) => u.pathname).sort()).toEqual(["/v1/pricing", "/v1/servers", "/v1/servers", "/v1/servers", "/v1/servers"]);
    expect(urls[0]!.pathname).toBe("/v1/servers");
    expect(pages[0]!.resources[0]).toMatchObject({ status: "running", region: "fsn1", monthlyCostCents: 100, currency: "EUR", attributes: { ipv4: "203.0.0.0", size: "cpx22", tags: ["generated"] } });
  });

  it("resumes from a cursor with the remaining pages only", async () => {
    const { ctx, urls, control } = harness();
    await control("POST", "/_fake/servers/generate", { count: 173 });
    const { pages, error } = await collect(servers(ctx, "3"));
    expect(error).toBeNull();
    expect(pages.map((p) => p.resources.length)).toEqual([50, 23]);
    expect(pages[0]!.resources[0]!.externalId).toBe("10000100");
    expect(urls.filter((u) => u.pathname === "/v1/servers").map((u) => u.searchParams.get("page"))).toEqual(["3", "4"]);
  });

  it("lists an empty project in one request, without the price list", async () => {
    const { ctx, urls, control } = harness();
    await control("PUT", "/_fake/servers", []);
    const { pages } = await collect(servers(ctx));
    expect(pages).toEqual([{ resources: [], next: null }]);
    expect(urls).toHaveLength(1);
  });

  it("a listing resumed in a later slice after an earlier server was deleted starts again, so no server is skipped and swept", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/servers/generate", { count: 173 });
    // The first slice writes page 1 and stops there (its time is up).
    const first: ListedPage[] = [];
    for await (const page of servers(ctx)) {
      first.push(page);
      break;
    }
    const seen = new Set(first[0]!.resources.map((r) => r.externalId));
    // Between slices a server of page 1 is deleted: every later server moves up one place.
    expect((await control("DELETE", `/_fake/servers/${first[0]!.resources[0]!.externalId}`)).status).toBe(200);
    const { pages, error } = await collect(servers(ctx, first[0]!.next));
    expect(error).toBeNull();
    for (const page of pages) for (const r of page.resources) seen.add(r.externalId);
    // Every server that still exists was seen (the deleted one was seen before it went): 173 in all. Resuming
    // at page 2 would have missed the server that moved from page 2 to page 1.
    expect(seen.size).toBe(173);
    expect(pages.at(-1)!.next).toBeNull();
  });

  it("a listing whose total keeps changing fails the kind as transient rather than sweeping a partial view", async () => {
    const { ctx, control, state } = harness();
    await control("POST", "/_fake/servers/generate", { count: 173 });
    // A server is added before every request for a later page.
    let added = 0;
    const growing: ProviderContext = {
      ...ctx,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(new Request(input, init).url);
        if (url.pathname === "/v1/servers" && url.searchParams.get("page") !== "1") await control("POST", "/_fake/servers", { index: 1000 + added++ });
        return ctx.fetch!(input, init);
      }) as typeof fetch,
    };
    const { error } = await collect(servers(growing));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "transient", message: expect.stringMatching(/kept changing/) });
    expect(state.servers.length).toBeGreaterThan(173);
  });

  it("fails with a ProviderError when page 3 of 4 keeps failing, after the client's retries, without claiming completion", async () => {
    const { ctx, urls, control } = harness();
    await control("POST", "/_fake/servers/generate", { count: 173 });
    await control("POST", "/_fake/faults", { kind: "status", status: 503, path: "/v1/servers", page: 3 });
    const { pages, error } = await collect(servers(ctx));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "provider_down", status: 503, message: expect.stringContaining("service unavailable") });
    expect(pages.map((p) => p.next)).toEqual(["2:173", "3:173"]);
    expect(urls.filter((u) => u.searchParams.get("page") === "3")).toHaveLength(4);
  });

  it("turns a 429 into rate_limited that retries within seconds, not at RateLimit-Reset, since the quota refills a request a second", async () => {
    const { ctx, control } = harness();
    // The whole hourly quota is back in 10 minutes; one more request is back in a second.
    await control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 600, path: "/v1/servers" });
    const before = Date.now();
    const { error } = await collect(servers(ctx));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, message: "Hetzner Cloud is rate limiting this account: limit of 3600 requests per hour reached" });
    const retryAt = (error as ProviderError).retryAt!.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 1_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it("backs off after consecutive 429s like the official client: doubling from a second, never past a minute", async () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(hetznerRateLimitBackoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // Inside one call, the waits it sits out follow that sequence; the reset header (10 minutes away) is not used.
    const { ctx, control } = harness();
    await control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 600, path: "/v1/servers", times: 2 });
    const waits: number[] = [];
    const { error, pages } = await collect(servers({ ...ctx, maxRateLimitWaitMs: 60_000, sleep: async (ms) => void waits.push(ms) }));
    expect(error).toBeNull();
    expect(pages.length).toBeGreaterThan(0);
    expect(waits).toEqual([1_000, 2_000]);
  });

  it("reports malformed JSON as a contract violation", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/faults", { kind: "malformed", path: "/v1/volumes" });
    const { error } = await collect(hetzner.list("block_volume", credentials, ctx, null));
    expect(error).toMatchObject({ kind: "contract_violation", message: "Hetzner Cloud sent malformed JSON for GET /v1/volumes" });
  });

  it("names the field when a body breaks the contract", async () => {
    const { ctx, control } = harness();
    await control("PATCH", "/_fake/servers/42", { location: { id: 1 } });
    const { error } = await collect(servers(ctx));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringContaining("servers.0.location.name") });
  });

  it("reflects /_fake state changes: patched status, deleted server, replaced pricing", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/servers/generate", { count: 3 });
    expect((await control("PATCH", "/_fake/servers/10000001", { status: "off" })).status).toBe(200);
    expect((await control("DELETE", "/_fake/servers/10000002")).status).toBe(200);
    expect((await control("DELETE", "/_fake/servers/10000002")).status).toBe(404);
    const { pages } = await collect(servers(ctx));
    const listed = pages.flatMap((p) => p.resources);
    expect(listed.map((r) => [r.externalId, r.status, r.providerStatus])).toEqual([
      ["10000000", "running", "running"],
      ["10000001", "stopped", "off"],
    ]);

    await control("PUT", "/_fake/pricing", { ...pricingFixture.pricing, volume: { price_per_gb_month: { net: "0.0440", gross: "0.0524" } } });
    const volumes = await collect(hetzner.list("block_volume", credentials, ctx, null));
    expect(volumes.pages.flatMap((p) => p.resources).map((r) => [r.monthlyCostCents, r.currency])).toEqual([[185, "EUR"]]);
  });

  it("lists load balancers with their type's price", async () => {
    const { ctx, control } = harness();
    const lb = loadBalancersFixture.load_balancers[0]!;
    await control("PUT", "/_fake/load_balancers", [lb, { ...lb, id: 43, name: "second", location: { ...lb.location, name: "nbg1" } }]);
    const { pages } = await collect(hetzner.list("load_balancer", credentials, ctx, null));
    const listed: NormalizedResource[] = pages.flatMap((p) => p.resources);
    expect(listed.map((r) => [r.externalId, r.region, r.monthlyCostCents, r.currency])).toEqual([
      ["42", "fsn1", 100, "EUR"],
      ["43", "nbg1", null, null],
    ]);
  });
});

describe("Hetzner fake", () => {
  it("answers like the contract: pagination block, Link header, 400 above per_page 50, filters", async () => {
    const { app, control } = harness();
    await control("POST", "/_fake/servers/generate", { count: 7 });
    await control("PATCH", "/_fake/servers/10000003", { labels: { env: "prod" }, status: "off" });
    const auth = { authorization: `Bearer ${TOKEN}` };

    const page2 = await app.request("/v1/servers?page=2&per_page=3", { headers: auth });
    expect(page2.status).toBe(200);
    expect(((await page2.json()) as { meta: unknown }).meta).toEqual({ pagination: { page: 2, per_page: 3, previous_page: 1, next_page: 3, last_page: 3, total_entries: 7 } });
    expect(page2.headers.get("link")).toBe(
      '<https://api.hetzner.cloud/v1/servers?page=1&per_page=3>; rel="prev", <https://api.hetzner.cloud/v1/servers?page=3&per_page=3>; rel="next", <https://api.hetzner.cloud/v1/servers?page=3&per_page=3>; rel="last"',
    );
    expect(page2.headers.get("ratelimit-limit")).toBe("3600");

    const tooBig = await app.request("/v1/servers?per_page=51", { headers: auth });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe("invalid_input");

    const filtered = (await (await app.request("/v1/servers?label_selector=env%3Dprod&status=off", { headers: auth })).json()) as { servers: { id: number }[] };
    expect(filtered.servers.map((s) => s.id)).toEqual([10000003]);
    const newestFirst = (await (await app.request("/v1/servers?sort=id:desc&per_page=2", { headers: auth })).json()) as { servers: { id: number }[] };
    expect(newestFirst.servers.map((s) => s.id)).toEqual([10000006, 10000005]);

    const unauthorized = await app.request("/v1/servers");
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual(error401);
  });

  it("builds generated servers that the adapter's schema accepts", () => {
    expect(serversPageSchema.safeParse({ servers: [makeServer(0), makeServer(65_537)], meta: serversFixture.meta }).success).toBe(true);
  });
});

/** The contract's price list, with an IPv4 primary IP entry beside its IPv6 one (the example has only IPv6). */
function pricingWithIpv4(net: string): Pricing {
  const pricing = pricingSchema.parse(pricingFixture).pricing;
  const ipv4 = { type: "ipv4" as const, prices: [{ location: "fsn1", price_monthly: { net, gross: net } }] };
  return { ...pricing, primary_ips: [...pricing.primary_ips, ipv4], floating_ips: [...pricing.floating_ips, ipv4] };
}

describe("Hetzner server cost and addresses", () => {
  const contractPricing = pricingSchema.parse(pricingFixture).pricing;
  const example = serversPageSchema.parse(serversFixture).servers[0]!;

  it("adds the backup surcharge (server_backup.percentage of the type's price) when backups are on", () => {
    // The example server has a backup window: 1.0000 + 20.00 % = 1.20; the example lists no IPv4 price.
    expect(example.backup_window).toBe("22-02");
    expect(normalizeServer(example, contractPricing).monthlyCostCents).toBe(120);
    expect(normalizeServer({ ...example, backup_window: null }, contractPricing).monthlyCostCents).toBe(100);
    // The surcharge is added before the one rounding: 4.5150 × 1.2 = 5.418 → 542 cents.
    const dearer = { ...example, server_type: { ...example.server_type, prices: [{ location: "fsn1", price_monthly: { net: "4.5150", gross: "5.3729" } }] } };
    expect(normalizeServer(dearer, contractPricing).monthlyCostCents).toBe(542);
  });

  it("adds the location's primary IPv4 price when the server has a public IPv4, and only then", () => {
    const pricing = pricingWithIpv4("0.5000");
    expect(normalizeServer(example, pricing)).toMatchObject({ monthlyCostCents: 170, currency: "EUR" });
    expect(normalizeServer({ ...example, backup_window: null }, pricing).monthlyCostCents).toBe(150);
    const ipv6Only = { ...example, backup_window: null, public_net: { ...example.public_net, ipv4: null } };
    expect(normalizeServer(ipv6Only, pricing).monthlyCostCents).toBe(100);
    // An IPv4 price for another location does not apply.
    const elsewhere = { ...pricing, primary_ips: [{ type: "ipv4" as const, prices: [{ location: "nbg1", price_monthly: { net: "0.5000", gross: "0.5950" } }] }] };
    expect(normalizeServer({ ...example, backup_window: null }, elsewhere).monthlyCostCents).toBe(100);
  });

  it("shows the ::1 of the server's /64, not the network", () => {
    expect(normalizeServer(example, contractPricing).attributes).toMatchObject({ ipv6: "2001:db8::1" });
    expect(hostAddress("2a01:4f8:c17:1234::/64")).toBe("2a01:4f8:c17:1234::1");
    expect(hostAddress("2a01:4f8:c17:1234:0:0:0:0/64")).toBe("2a01:4f8:c17:1234:0:0:0:1");
    expect(hostAddress("2a01:4f8:c17:1234::5")).toBe("2a01:4f8:c17:1234::5");
    const noIpv6 = { ...example, public_net: { ...example.public_net, ipv6: null } };
    expect(normalizeServer(noIpv6, contractPricing).attributes).toMatchObject({ ipv6: null });
  });
});

describe("Hetzner IP addresses", () => {
  const primary = primaryIpsPageSchema.parse(primaryIpsFixture).primary_ips[0]!;

  it("normalizes the example primary and floating IPs, priced from the price list", () => {
    const pricing = pricingWithIpv4("0.5000");
    const assigned = normalizePrimaryIp(primary, pricing);
    expect(normalizedResourceSchema.parse(assigned)).toEqual(assigned);
    // Assigned: its charge is in the server's cost, so it is not counted twice.
    expect(assigned).toMatchObject({ kind: "ip_address", externalId: "primary-42", status: "active", region: "fsn1", monthlyCostCents: null });
    expect(assigned.attributes).toEqual({ ip: "131.232.99.1", family: "ipv4", assignedTo: "17", blocked: false });
    expect(normalizePrimaryIp({ ...primary, assignee_id: null }, pricing)).toMatchObject({ status: "inactive", monthlyCostCents: 50, currency: "EUR", attributes: { assignedTo: null } });
    // The location comes from `datacenter` where `location` is absent.
    expect(normalizePrimaryIp({ ...primary, location: undefined }, pricing).region).toBe("fsn1");
  });

  it("lists primary then floating IPs under one cursor, and resumes in either", async () => {
    const { ctx, urls } = harness();
    const { pages, error } = await collect(hetzner.list("ip_address", credentials, ctx, null));
    expect(error).toBeNull();
    const listed = pages.flatMap((p) => p.resources);
    expect(listed.map((r) => r.externalId)).toEqual(["primary-42", "floating-42"]);
    // The floating IP is IPv6 in fsn1 at the contract's 1.0000 and routed to server 42.
    expect(listed[1]).toMatchObject({ status: "active", monthlyCostCents: 100, currency: "EUR", attributes: { ip: "2001:db8::1", family: "ipv6", assignedTo: "42" } });
    expect(pages.map((p) => p.next)).toEqual(["floating:", null]);
    for (const url of urls.filter((u) => u.pathname !== "/v1/pricing")) expect(url.searchParams.get("per_page")).toBe("50");
    const rest = await collect(hetzner.list("ip_address", credentials, ctx, "floating:"));
    expect(rest.pages.flatMap((p) => p.resources.map((r) => r.externalId))).toEqual(["floating-42"]);
    const bad = await collect(hetzner.list("ip_address", credentials, ctx, "elastic:2"));
    expect(bad.error).toBeInstanceOf(CursorError);
  });

  it("accepts the floating IP example", () => {
    expect(floatingIpsPageSchema.safeParse(floatingIpsFixture).success).toBe(true);
  });
});

describe("Hetzner firewalls, networks and certificates", () => {
  it("counts a firewall's rules by direction and names the servers it applies to", () => {
    const firewall = normalizeFirewall(firewallsPageSchema.parse(firewallsFixture).firewalls[0]!);
    expect(normalizedResourceSchema.parse(firewall)).toEqual(firewall);
    expect(firewall).toMatchObject({ kind: "firewall", externalId: "42", name: "new-name", status: "active", monthlyCostCents: null });
    expect(firewall.attributes).toEqual({ inboundRules: 1, outboundRules: 0, attachedTo: ["42"], appliesToTags: [] });
    const bySelector = normalizeFirewall(
      firewallsPageSchema.parse({
        ...firewallsFixture,
        firewalls: [{ ...firewallsFixture.firewalls[0]!, applied_to: [{ type: "label_selector", label_selector: { selector: "env=prod" }, applied_to_resources: [{ type: "server", server: { id: 7 } }] }] }],
      }).firewalls[0]!,
    );
    expect(bySelector.attributes).toMatchObject({ attachedTo: ["7"], appliesToTags: ["env=prod"] });
    expect(normalizeFirewall({ ...firewallsPageSchema.parse(firewallsFixture).firewalls[0]!, applied_to: [] }).status).toBe("inactive");
  });

  it("gives a network its range, what is attached, and its network zone as region", () => {
    const network = normalizeNetwork(networksPageSchema.parse(networksFixture).networks[0]!);
    expect(normalizedResourceSchema.parse(network)).toEqual(network);
    expect(network).toMatchObject({ kind: "network", externalId: "4711", region: "eu-central", status: "active" });
    expect(network.attributes).toEqual({ ipRange: "10.0.0.0/16", attachedCount: 2, isDefault: null, description: null });
  });

  it("maps a managed certificate's issuance and renewal words, keeping both", () => {
    const raw = certificatesPageSchema.parse(certificatesFixture).certificates[0]!;
    const cert = normalizeCertificate(raw);
    expect(normalizedResourceSchema.parse(cert)).toEqual(cert);
    expect(cert).toMatchObject({ kind: "certificate", externalId: "897", status: "active", providerStatus: "completed/scheduled" });
    expect(cert.attributes).toEqual({ domains: ["example.com", "webmail.example.com", "www.example.com"], expiresAt: "2019-07-08T09:59:59Z", type: "managed", issuer: null });
    const cases: [string, string, string, string][] = [
      ["pending", "unavailable", "starting", "pending"],
      ["failed", "unavailable", "error", "failed"],
      ["completed", "pending", "active", "completed/pending"],
      ["completed", "failed", "error", "completed/failed"],
      ["completed", "unavailable", "active", "completed"],
      ["revoked", "unavailable", "unknown", "revoked"],
    ];
    for (const [issuance, renewal, status, word] of cases) {
      const c = normalizeCertificate({ ...raw, status: { issuance, renewal, error: null } });
      expect([issuance, renewal, c.status, c.providerStatus]).toEqual([issuance, renewal, status, word]);
    }
    expect(normalizeCertificate({ ...raw, type: "uploaded", status: null })).toMatchObject({ status: "active", providerStatus: null, attributes: { type: "uploaded" } });
  });
});

describe("Hetzner snapshots and backups", () => {
  const pricing = pricingSchema.parse(pricingFixture).pricing;
  const image = imagesPageSchema.parse(imagesFixture).images[0]!;

  it("prices a snapshot by image_size at the per-GB image rate, its server as parent", () => {
    const snapshot = normalizeImage(image, pricing);
    expect(normalizedResourceSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ kind: "snapshot", externalId: "42", parentExternalId: "1", status: "active", providerStatus: "available", monthlyCostCents: 230, currency: "EUR" });
    expect(snapshot.attributes).toEqual({ source: "Server", sizeGb: 2.3, type: "server" });
    expect(normalizeImage({ ...image, created_from: null }, pricing)).not.toHaveProperty("parentExternalId");
  });

  it("maps every image status", () => {
    const expected: Record<string, string> = { available: "active", creating: "starting", unavailable: "error", gone: "unknown" };
    for (const [status, normalized] of Object.entries(expected)) expect([status, normalizeImage({ ...image, status }, pricing).status]).toEqual([status, normalized]);
  });

  it("leaves backups unpriced (they are the server's surcharge), the server they are bound to as parent", () => {
    const backup = normalizeImage({ ...image, type: "backup", bound_to: 7, created_from: { id: 7, name: "web" } }, null);
    expect(backup).toMatchObject({ kind: "backup", parentExternalId: "7", monthlyCostCents: null, currency: null });
  });

  it("lists each kind with its own type filter, so neither sees the other", async () => {
    const { ctx, urls, control } = harness();
    await control("PUT", "/_fake/images", [imagesFixture.images[0]!, { ...imagesFixture.images[0]!, id: 43, type: "backup", bound_to: 1 }]);
    const snapshots = await collect(hetzner.list("snapshot", credentials, ctx, null));
    const backups = await collect(hetzner.list("backup", credentials, ctx, null));
    expect(snapshots.pages.flatMap((p) => p.resources.map((r) => [r.kind, r.externalId]))).toEqual([["snapshot", "42"]]);
    expect(backups.pages.flatMap((p) => p.resources.map((r) => [r.kind, r.externalId]))).toEqual([["backup", "43"]]);
    const types = urls.filter((u) => u.pathname === "/v1/images").map((u) => [u.searchParams.get("type"), u.searchParams.get("per_page")]);
    expect(types).toEqual([["snapshot", "50"], ["backup", "50"]]);
    // The price list is read for snapshots only.
    expect(urls.filter((u) => u.pathname === "/v1/pricing")).toHaveLength(1);
  });
});

describe("Hetzner DNS zones and records", () => {
  const zone = zonesPageSchema.parse(zonesFixture).zones[0]!;

  it("turns a zone into a domain named by its zone name, with its status words mapped", () => {
    const domain = normalizeZone(zone);
    expect(normalizedResourceSchema.parse(domain)).toEqual(domain);
    expect(domain).toMatchObject({ kind: "domain", externalId: "example.com", status: "active", providerStatus: "ok" });
    expect(domain.attributes).toEqual({ expiresAt: null, nameservers: ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."], ttl: 10800 });
    const expected: Record<string, string> = { ok: "active", updating: "starting", error: "error", deleting: "unknown" };
    for (const [status, normalized] of Object.entries(expected)) expect([status, normalizeZone({ ...zone, status }).status]).toEqual([status, normalized]);
  });

  it("turns an RRSet into one record under its zone, values one per line, the zone's TTL where it has none", () => {
    const rrset = rrsetsPageSchema.parse(rrsetsFixture).rrsets[0]!;
    const record = normalizeRrset(rrset, zone);
    expect(normalizedResourceSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({ kind: "dns_record", externalId: "example.com/www/A", name: "www.example.com", parentExternalId: "example.com" });
    expect(record.attributes).toEqual({ domain: "example.com", type: "A", recordName: "www", data: "198.51.100.1", ttl: 3600, priority: null });
    const mx = normalizeRrset({ ...rrset, id: "@/MX", name: "@", type: "MX", ttl: null, records: [{ value: "10 mail.example.com.", comment: "" }] }, zone);
    expect(mx).toMatchObject({ name: "example.com", attributes: { ttl: 10800, priority: 10, data: "10 mail.example.com." } });
    const two = normalizeRrset({ ...rrset, records: [{ value: "198.51.100.1", comment: "" }, { value: "198.51.100.2", comment: "" }] }, zone);
    expect(two).toMatchObject({ attributes: { data: "198.51.100.1\n198.51.100.2" } });
  });

  it("lists each primary zone's RRSets at per_page=50, passing over a zone deleted since the zone list and secondary zones", async () => {
    const { ctx, urls, control } = harness();
    const second = { ...zonesFixture.zones[0]!, id: 43, name: "example.org" };
    const rrset = rrsetsFixture.rrsets[0]!;
    const secondary = { ...second, id: 45, name: "secondary.example", mode: "secondary" };
    await control("PUT", "/_fake/zones", [zonesFixture.zones[0]!, second, { ...second, id: 44, name: "gone.example" }, secondary]);
    await control("PUT", "/_fake/rrsets", [rrset, { ...rrset, zone: 43 }, { ...rrset, id: "mail/A", name: "mail", zone: 43 }]);
    const inner = ctx.fetch!;
    const fetchThenDelete: typeof fetch = async (input, init) => {
      const res = await inner(input, init);
      // The third zone goes away once the zone list has named it.
      if (new URL(new Request(input).url).pathname === "/v1/zones") await control("PUT", "/_fake/zones", [zonesFixture.zones[0]!, second, secondary]);
      return res;
    };
    const { pages, error } = await collect(hetzner.list("dns_record", credentials, { ...ctx, fetch: fetchThenDelete }, null));
    expect(error).toBeNull();
    const listed = pages.flatMap((p) => p.resources);
    expect(listed.map((r) => [r.externalId, r.parentExternalId])).toEqual([
      ["example.com/www/A", "example.com"],
      // In the API's own order: no sort is asked for.
      ["example.org/www/A", "example.org"],
      ["example.org/mail/A", "example.org"],
    ]);
    expect(pages.at(-1)!.next).toBeNull();
    // A secondary zone's RRSets are Hetzner's 422 `incorrect_zone_mode`: never asked for.
    expect(urls.map((u) => u.pathname)).toEqual(["/v1/zones", "/v1/zones/42/rrsets", "/v1/zones/43/rrsets", "/v1/zones/44/rrsets"]);
    for (const url of urls) expect(url.searchParams.get("per_page")).toBe("50");
  });
});

describe("Hetzner fake, new paths", () => {
  it("pages every new collection like the contract, with Hetzner's 400 above per_page 50 and its 404 for an unknown zone", async () => {
    const { app } = harness();
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const path of ["/v1/primary_ips", "/v1/floating_ips", "/v1/firewalls", "/v1/networks", "/v1/certificates", "/v1/images", "/v1/zones", "/v1/zones/42/rrsets", "/v1/zones/example.com/rrsets"]) {
      const res = await app.request(`${path}?per_page=50`, { headers: auth });
      expect([path, res.status]).toEqual([path, 200]);
      const body = (await res.json()) as { meta: { pagination: { per_page: number; next_page: number | null; total_entries: number } } };
      expect(body.meta.pagination).toMatchObject({ per_page: 50, next_page: null, total_entries: 1 });
      expect(res.headers.get("link")).toContain('rel="last"');
      const tooMany = await app.request(`${path}?per_page=51`, { headers: auth });
      expect(errorBodySchema.parse(await tooMany.json()).error.code).toBe("invalid_input");
    }
    const unknown = await app.request("/v1/zones/nowhere.example/rrsets", { headers: auth });
    expect(unknown.status).toBe(404);
    expect(errorBodySchema.parse(await unknown.json()).error.code).toBe("not_found");
    const secondary = { ...zonesFixture.zones[0]!, id: 45, name: "secondary.example", mode: "secondary" };
    await app.request("/_fake/zones", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify([secondary]) });
    const wrongMode = await app.request("/v1/zones/45/rrsets", { headers: auth });
    expect(wrongMode.status).toBe(422);
    expect(errorBodySchema.parse(await wrongMode.json()).error.code).toBe("incorrect_zone_mode");
    const backups = (await (await app.request("/v1/images?type=backup", { headers: auth })).json()) as { images: unknown[] };
    expect(backups.images).toEqual([]);
  });
});
