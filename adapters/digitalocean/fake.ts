/**
 * A fake of the DigitalOcean API v2, faithful to ../shared/provider-contracts/digitalocean: bearer auth
 * with the real 401 body, `ratelimit-*` headers on every response, 429 with `retry-after`, `{id, message}`
 * error bodies, page/per_page pagination (max 200) with absolute `links.pages` URLs and `meta.total`, and an
 * unpaginated database list, GPU droplets only under `GET /v2/droplets?type=gpus` (refused for an account
 * without GPU access), the account's own images under `GET /v2/images?private=true` (backups among them, each
 * claimed by its droplet's `backup_ids`, and also under `/v2/droplets/{id}/backups`), app deployments
 * (`/v2/apps/{id}/deployments`) that answer 404 once their app is gone, and custom-scoped tokens
 * (`POST /_fake/tokens {token, scopes: ["droplet:read"]}`) refused with 403 `forbidden` where an endpoint needs
 * a scope they lack. Each token is its own account; a test or `npm run sim` controls an account's data
 * directly or through `/_fake/accounts/<token>/*`.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { accountControl, baseState, bearerToken, lacks, faultyBody, mountControlRoutes, pageParam, sleep, takeFault } from "../fake-kit";
import type { FakeBase } from "../fake-kit";
import account from "./fixtures/account_get.json";
import databasesFixture from "./fixtures/databases_list.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import dropletsFixture from "./fixtures/droplets_list.json";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import error404 from "./fixtures/error_404.json";
import error500 from "./fixtures/error_500.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import volumesFixture from "./fixtures/volumes_list.json";

type Json = Record<string, unknown>;

/** What one token sees: an account and its resources. Two tokens are two accounts, as on DigitalOcean. */
export interface DigitalOceanAccount {
  status: "active" | "warning" | "locked";
  droplets: Json[];
  /** Listed only under `type=gpus`, as on DigitalOcean. */
  gpuDroplets: Json[];
  /** False: an account DigitalOcean has not let use GPU droplets; `type=gpus` is refused. */
  gpuAccess: boolean;
  /**
   * The account's own images (`private=true`): snapshots, backups, custom images. Which droplet a backup is of
   * is only in that droplet's `backup_ids`, as on DigitalOcean.
   */
  images: Json[];
  firewalls: Json[];
  snapshots: Json[];
  vpcs: Json[];
  certificates: Json[];
  kubernetesClusters: Json[];
  apps: Json[];
  /** Each app's deployments, newest first, by app id. */
  deployments: Record<string, Json[]>;
  uptimeChecks: Json[];
  cdnEndpoints: Json[];
  reservedIps: Json[];
  reservedIpv6s: Json[];
  volumes: Json[];
  domains: { domain: Json; records: Json[] }[];
  databases: Json[];
  loadBalancers: Json[];
}

export interface DigitalOceanFakeState extends FakeBase {
  hourlyLimit: number;
  accounts: Map<string, DigitalOceanAccount>;
}

const PUBLIC_BASE = "https://api.digitalocean.com";
const clone = <T>(value: T): T => structuredClone(value);

export function initialState(): DigitalOceanFakeState {
  return { ...baseState(), hourlyLimit: 5000, accounts: new Map() };
}

/**
 * A new account holds the contract's own example droplets, volumes, domain with its records, database and load
 * balancers, and nothing of the other kinds: tests across the project count what a default account syncs.
 * Examples of the other kinds are put in through the control routes (the test kit's `seed`).
 */
export function exampleAccount(): DigitalOceanAccount {
  return {
    status: "active",
    droplets: clone(dropletsFixture.droplets) as Json[],
    gpuDroplets: [],
    gpuAccess: true,
    images: [],
    firewalls: [],
    snapshots: [],
    vpcs: [],
    certificates: [],
    kubernetesClusters: [],
    apps: [],
    deployments: {},
    uptimeChecks: [],
    cdnEndpoints: [],
    reservedIps: [],
    reservedIpv6s: [],
    volumes: clone(volumesFixture.volumes) as Json[],
    domains: [{ domain: clone(domainsFixture.domains[0]!) as Json, records: clone(domainRecordsFixture.domain_records) as Json[] }],
    databases: clone(databasesFixture.databases) as Json[],
    loadBalancers: clone(loadBalancersFixture.load_balancers) as Json[],
  };
}

export function accountOf(state: DigitalOceanFakeState, token: string): DigitalOceanAccount {
  let account = state.accounts.get(token);
  if (!account) {
    account = exampleAccount();
    state.accounts.set(token, account);
  }
  return account;
}

const template = dropletsFixture.droplets[0]!;

/** A droplet shaped like the spec's example, with its own id, name and addresses. */
export function makeDroplet(index: number, overrides: Json = {}): Json {
  const id = 100_000_000 + index;
  return {
    ...clone(template),
    id,
    name: `droplet-${index}`,
    created_at: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString().replace(/\.000Z$/, "Z"),
    networks: {
      v4: [
        { ip_address: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`, netmask: "255.255.0.0", gateway: "nil", type: "private" },
        { ip_address: `203.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`, netmask: "255.255.255.0", gateway: "203.0.0.1", type: "public" },
      ],
      v6: [],
    },
    region: { ...template.region, sizes: template.region.sizes.slice(0, 3) },
    size: { ...template.size, regions: template.size.regions.slice(0, 3) },
    image: { ...template.image, regions: template.image.regions.slice(0, 3) },
    // The example droplet's backup and snapshot ids are of images this account does not hold.
    backup_ids: [],
    snapshot_ids: [],
    tags: ["generated"],
    ...overrides,
  };
}

/** A GPU droplet: the example droplet on a GPU plan (illustrative slug and price), with ids of its own. */
export function makeGpuDroplet(index: number, overrides: Json = {}): Json {
  const base = makeDroplet(1_000_000 + index);
  const size = { ...(base.size as Json), slug: "gpu-h100x1-80gb", memory: 245_760, vcpus: 20, disk: 720, price_monthly: 2522.45, price_hourly: 3.39 };
  return { ...base, name: `gpu-droplet-${index}`, memory: 245_760, vcpus: 20, disk: 720, size_slug: "gpu-h100x1-80gb", size, tags: ["gpu"], ...overrides };
}

/** A droplet of the account, regular or GPU, by id. */
function dropletOf(owner: DigitalOceanAccount, id: string): Json | undefined {
  return owner.droplets.find((d) => String(d.id) === id) ?? owner.gpuDroplets.find((d) => String(d.id) === id);
}
const backupIdsOf = (droplet: Json): number[] => (Array.isArray(droplet.backup_ids) ? droplet.backup_ids.map(Number) : []);

function rateLimitHeaders(c: Context, state: DigitalOceanFakeState): void {
  c.header("ratelimit-limit", String(state.hourlyLimit));
  c.header("ratelimit-remaining", String(Math.max(0, state.hourlyLimit - state.requests)));
  c.header("ratelimit-reset", String(Math.floor(Date.now() / 1000) + 3600));
}

/**
 * Each item's JSON, kept until the item is replaced or patched: a benchmark syncing 10,000 droplets
 * should measure EdgeDock, not the fake re-serializing the same objects on every page.
 */
const serialized = new WeakMap<Json, { version: number; json: string }>();
let version = 0;
const touched = () => void version++;
function jsonOf(item: Json): string {
  const cached = serialized.get(item);
  if (cached && cached.version === version) return cached.json;
  const json = JSON.stringify(item);
  serialized.set(item, { version, json });
  return json;
}

/** The contract's pagination: 1-based `page`, `per_page` up to 200, absolute links, `meta.total`. */
function paginate(c: Context, key: string, items: Json[]): Response {
  const perPage = Math.min(200, Math.max(1, Number(c.req.query("per_page") ?? 20) || 20));
  const page = Math.max(1, Number(c.req.query("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  // Links keep the request's filters (`type`, `resource_type`), as DigitalOcean's do.
  const link = (p: number) => {
    const query = new URLSearchParams(c.req.query());
    query.set("page", String(p));
    query.set("per_page", String(perPage));
    return `${PUBLIC_BASE}${c.req.path}?${query}`;
  };
  const pages: Record<string, string> = {};
  if (page > 1) Object.assign(pages, { first: link(1), prev: link(page - 1) });
  if (page < last) Object.assign(pages, { next: link(page + 1), last: link(last) });
  const slice = items.slice((page - 1) * perPage, page * perPage).map(jsonOf).join(",");
  return c.body(`{${JSON.stringify(key)}:[${slice}],"links":${JSON.stringify({ pages })},"meta":${JSON.stringify({ total: items.length })}}`, 200, {
    "content-type": "application/json",
  });
}

/** The scope each endpoint lists in the spec (`security` of each operation), by path prefix. */
const SCOPES: readonly [prefix: string, scope: string][] = [
  ["/v2/account", "account:read"],
  ["/v2/droplets", "droplet:read"],
  ["/v2/volumes", "block_storage:read"],
  ["/v2/domains", "domain:read"],
  ["/v2/databases", "database:read"],
  ["/v2/load_balancers", "load_balancer:read"],
  ["/v2/firewalls", "firewall:read"],
  ["/v2/snapshots", "snapshot:read"],
  ["/v2/images", "image:read"],
  ["/v2/vpcs", "vpc:read"],
  ["/v2/certificates", "certificate:read"],
  ["/v2/kubernetes", "kubernetes:read"],
  ["/v2/apps", "app:read"],
  ["/v2/uptime", "uptime:read"],
  ["/v2/cdn", "cdn:read"],
  // Both reserved-address collections are under the one reserved-IP scope.
  ["/v2/reserved_ips", "reserved_ip:read"],
  ["/v2/reserved_ipv6", "reserved_ip:read"],
];
const scopeFor = (path: string) => SCOPES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1] ?? null;

/**
 * What DigitalOcean answers a custom-scoped token that lacks an endpoint's scope, as its users report it
 * (the spec's generic `forbidden` example words it "You do not have permission to perform this action.").
 * It does not name the missing scope.
 */
export const SCOPE_REFUSAL = { id: "forbidden", message: "You are not authorized to perform this operation." } as const;

const generateBody = z.object({ count: z.number().int().min(0).max(100_000) });
const collections = ["droplets", "gpuDroplets", "images", "volumes", "databases", "loadBalancers", "firewalls", "snapshots", "vpcs", "reservedIps", "reservedIpv6s", "certificates", "kubernetesClusters", "apps", "uptimeChecks", "cdnEndpoints"] as const;

export function createDigitalOceanFake(state: DigitalOceanFakeState = initialState()) {
  const app = new Hono();
  mountControlRoutes(app, state);

  app.get("/_fake/state", (c) => c.json({ requests: state.requests, faults: state.faults, accounts: state.accounts.size }));

  const control = accountControl(state, (token) => accountOf(state, token));
  control.patch("/", async (c) => {
    const parsed = z
      .object({ status: z.enum(["active", "warning", "locked"]).optional(), gpuAccess: z.boolean().optional() })
      .refine((b) => b.status !== undefined || b.gpuAccess !== undefined)
      .safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "status (active|warning|locked) or gpuAccess (boolean) is required" }, 400);
    const target = c.get("account");
    if (parsed.data.status !== undefined) target.status = parsed.data.status;
    if (parsed.data.gpuAccess !== undefined) target.gpuAccess = parsed.data.gpuAccess;
    return c.json({ ok: true });
  });
  control.post("/droplets/generate", async (c) => {
    const parsed = generateBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "count (0–100000) is required" }, 400);
    c.get("account").droplets = Array.from({ length: parsed.data.count }, (_, i) => makeDroplet(i));
    return c.json({ droplets: parsed.data.count }, 201);
  });
  control.post("/gpu-droplets/generate", async (c) => {
    const parsed = generateBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "count (0–100000) is required" }, 400);
    // Indexes past any regular droplet's, so ids never collide.
    c.get("account").gpuDroplets = Array.from({ length: parsed.data.count }, (_, i) => makeGpuDroplet(i));
    return c.json({ gpuDroplets: parsed.data.count }, 201);
  });
  // Replaces a droplet's backups: the images of type backup it claimed go, these come, and its `backup_ids` say so.
  control.put("/droplets/:id/backups", async (c) => {
    const items = z.array(z.object({ id: z.number().int() }).passthrough()).safeParse(await c.req.json().catch(() => null));
    if (!items.success) return c.json({ error: "a JSON array of images with numeric ids is required" }, 400);
    const target = c.get("account");
    const droplet = dropletOf(target, c.req.param("id"));
    if (!droplet) return c.json({ error: "no such droplet" }, 404);
    const previous = new Set(backupIdsOf(droplet));
    target.images = [...target.images.filter((i) => !(i.type === "backup" && previous.has(Number(i.id)))), ...items.data.map((i) => ({ ...i, type: "backup" }))];
    droplet.backup_ids = items.data.map((i) => i.id);
    touched();
    return c.json({ ok: true });
  });
  control.put("/apps/:id/deployments", async (c) => {
    const items = z.array(z.record(z.string(), z.unknown())).safeParse(await c.req.json().catch(() => null));
    if (!items.success) return c.json({ error: "a JSON array of objects is required" }, 400);
    const target = c.get("account");
    if (!target.apps.some((a) => a.id === c.req.param("id"))) return c.json({ error: "no such app" }, 404);
    target.deployments[c.req.param("id")] = items.data;
    return c.json({ ok: true });
  });
  control.post("/droplets", async (c) => {
    const parsed = z.object({ index: z.number().int().min(0) }).passthrough().safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "index (number) is required" }, 400);
    const { index, ...overrides } = parsed.data;
    const droplet = makeDroplet(index, overrides);
    c.get("account").droplets.push(droplet);
    return c.json(droplet, 201);
  });
  control.patch("/droplets/:id", async (c) => {
    const droplet = c.get("account").droplets.find((d) => String(d.id) === c.req.param("id"));
    if (!droplet) return c.json({ error: "no such droplet" }, 404);
    const patch = z.record(z.string(), z.unknown()).safeParse(await c.req.json().catch(() => null));
    if (!patch.success) return c.json({ error: "a JSON object is required" }, 400);
    Object.assign(droplet, patch.data);
    touched();
    return c.json(droplet);
  });
  control.delete("/droplets/:id", (c) => {
    const account = c.get("account");
    const before = account.droplets.length;
    account.droplets = account.droplets.filter((d) => String(d.id) !== c.req.param("id"));
    return before === account.droplets.length ? c.json({ error: "no such droplet" }, 404) : c.json({ ok: true });
  });
  control.put("/:collection", async (c) => {
    const name = c.req.param("collection");
    const items = z.array(z.record(z.string(), z.unknown())).safeParse(await c.req.json().catch(() => null));
    if (!items.success) return c.json({ error: "a JSON array of objects is required" }, 400);
    const account = c.get("account");
    if (name === "domains") account.domains = items.data as { domain: Json; records: Json[] }[];
    else if ((collections as readonly string[]).includes(name)) account[name as (typeof collections)[number]] = items.data;
    else return c.json({ error: `unknown collection ${name}` }, 404);
    return c.json({ ok: true });
  });
  app.route("/_fake/accounts/:token", control);

  app.use("/v2/*", async (c, next) => {
    state.requests += 1;
    rateLimitHeaders(c, state);
    const token = bearerToken(c);
    const fault = takeFault(state, { path: c.req.path, token, page: pageParam(c) });
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "status") return c.json(error500, fault.status as 500);
    if (fault?.kind === "rate_limit") {
      c.header("ratelimit-remaining", "0");
      c.header("retry-after", String(fault.retryAfterSeconds));
      return c.json(error429, 429);
    }
    if (!state.tokens.has(token)) return c.json(error401, 401);
    const scope = scopeFor(c.req.path);
    if (scope && lacks(state, token, scope)) return c.json(SCOPE_REFUSAL, 403);
    const faulty = faultyBody(c, fault);
    if (faulty) return faulty;
    await next();
  });

  const mine = (c: Context) => accountOf(state, bearerToken(c));
  app.get("/v2/account", (c) => c.json({ account: { ...account.account, status: mine(c).status } }));
  app.get("/v2/droplets", (c) => {
    const type = c.req.query("type");
    if (type === undefined || type === "droplets") return paginate(c, "droplets", mine(c).droplets);
    if (type !== "gpus") return c.json({ id: "bad_request", message: "type must be one of: droplets, gpus" }, 400);
    // Not documented: what an account without GPU access is answered. The fake refuses, as for a missing permission.
    if (!mine(c).gpuAccess) return c.json(SCOPE_REFUSAL, 403);
    return paginate(c, "droplets", mine(c).gpuDroplets);
  });
  app.get("/v2/droplets/:id/backups", (c) => {
    const owner = mine(c);
    const droplet = dropletOf(owner, c.req.param("id"));
    if (!droplet) return c.json(error404, 404);
    const ids = new Set(backupIdsOf(droplet));
    return paginate(c, "backups", owner.images.filter((i) => i.type === "backup" && ids.has(Number(i.id))));
  });
  // The fake knows no public (distribution or 1-Click) images: `type` filters to those, so it finds none.
  app.get("/v2/images", (c) => {
    if (c.req.query("type") !== undefined) return paginate(c, "images", []);
    const tag = c.req.query("tag_name");
    const own = mine(c).images;
    return paginate(c, "images", tag === undefined ? own : own.filter((i) => Array.isArray(i.tags) && i.tags.includes(tag)));
  });
  app.get("/v2/vpcs", (c) => paginate(c, "vpcs", mine(c).vpcs));
  app.get("/v2/reserved_ips", (c) => paginate(c, "reserved_ips", mine(c).reservedIps));
  app.get("/v2/reserved_ipv6", (c) => paginate(c, "reserved_ipv6s", mine(c).reservedIpv6s));
  app.get("/v2/certificates", (c) => paginate(c, "certificates", mine(c).certificates));
  app.get("/v2/kubernetes/clusters", (c) => paginate(c, "kubernetes_clusters", mine(c).kubernetesClusters));
  app.get("/v2/apps", (c) => paginate(c, "apps", mine(c).apps));
  app.get("/v2/apps/:id/deployments", (c) => {
    const owner = mine(c);
    const id = c.req.param("id");
    if (!owner.apps.some((a) => a.id === id)) return c.json(error404, 404);
    return paginate(c, "deployments", owner.deployments[id] ?? []);
  });
  app.get("/v2/cdn/endpoints", (c) => paginate(c, "endpoints", mine(c).cdnEndpoints));
  app.get("/v2/uptime/checks", (c) => paginate(c, "checks", mine(c).uptimeChecks));
  app.get("/v2/firewalls", (c) => paginate(c, "firewalls", mine(c).firewalls));
  app.get("/v2/snapshots", (c) => {
    const type = c.req.query("resource_type");
    const all = mine(c).snapshots;
    return paginate(c, "snapshots", type ? all.filter((s) => s.resource_type === type) : all);
  });
  app.get("/v2/volumes", (c) => paginate(c, "volumes", mine(c).volumes));
  app.get("/v2/load_balancers", (c) => paginate(c, "load_balancers", mine(c).loadBalancers));
  app.get("/v2/domains", (c) => paginate(c, "domains", mine(c).domains.map((d) => d.domain)));
  app.get("/v2/domains/:name/records", (c) => {
    const entry = mine(c).domains.find((d) => d.domain.name === c.req.param("name"));
    if (!entry) return c.json({ id: "not_found", message: "The resource you were accessing could not be found." }, 404);
    return paginate(c, "domain_records", entry.records);
  });
  // Unpaginated in the spec: no links, no meta.
  app.get("/v2/databases", (c) => c.json({ databases: mine(c).databases }));

  app.all("/v2/*", (c) => c.json({ id: "not_found", message: "The resource you were accessing could not be found." }, 404));
  return app;
}
