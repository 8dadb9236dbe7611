/**
 * A fake of the Hetzner Cloud API v1, faithful to ../shared/provider-contracts/hetzner: everything under
 * `/v1`, bearer auth with the real 401 body, `RateLimit-*` headers on every response (reset in epoch
 * seconds), 429 with code `rate_limit_exceeded` and no `Retry-After` (the contract documents none),
 * `{"error":{code,message,details}}` bodies, page/per_page pagination (max 50) with `meta.pagination` and a
 * `Link` header, the `name`, `status`, `label_selector` and `sort` filters, and read-only tokens
 * (`POST /_fake/tokens {token, scopes: ["read"]}`: no `write`) refused with `token_readonly` for anything but
 * a GET. Its state is plain data a test or `npm run sim` controls, directly or through the `/_fake/*` routes.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { baseState, bearerToken, lacks, faultyBody, mountControlRoutes, pageParam, sleep, takeFault } from "../fake-kit";
import type { FakeBase } from "../fake-kit";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import pricingFixture from "./fixtures/pricing_get.json";
import serversFixture from "./fixtures/servers_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import certificatesFixture from "./fixtures/certificates_list.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import floatingIpsFixture from "./fixtures/floating_ips_list.json";
import imagesFixture from "./fixtures/images_list.json";
import networksFixture from "./fixtures/networks_list.json";
import primaryIpsFixture from "./fixtures/primary_ips_list.json";
import rrsetsFixture from "./fixtures/zone_rrsets_list.json";
import zonesFixture from "./fixtures/zones_list.json";

type Json = Record<string, unknown>;

export interface HetznerFakeState extends FakeBase {
  hourlyLimit: number;
  servers: Json[];
  volumes: Json[];
  loadBalancers: Json[];
  primaryIps: Json[];
  floatingIps: Json[];
  firewalls: Json[];
  networks: Json[];
  certificates: Json[];
  /** Every image of the project: snapshots and backups (`type`); `GET /images?type=…` picks. */
  images: Json[];
  zones: Json[];
  /** Every zone's RRSets, each naming its zone's id in `zone`. */
  rrsets: Json[];
  /** The `pricing` object `GET /pricing` returns. */
  pricing: Json;
}

const PUBLIC_ORIGIN = "https://api.hetzner.cloud";
const MAX_PER_PAGE = 50;
const DEFAULT_PER_PAGE = 25;
const clone = <T>(value: T): T => structuredClone(value);

/** Starts with the contract's own example payloads, so a fresh fake answers like the spec's examples. */
export function initialState(): HetznerFakeState {
  return {
    ...baseState(),
    hourlyLimit: 3600,
    servers: clone(serversFixture.servers) as Json[],
    volumes: clone(volumesFixture.volumes) as Json[],
    loadBalancers: clone(loadBalancersFixture.load_balancers) as Json[],
    primaryIps: clone(primaryIpsFixture.primary_ips) as Json[],
    floatingIps: clone(floatingIpsFixture.floating_ips) as Json[],
    firewalls: clone(firewallsFixture.firewalls) as Json[],
    networks: clone(networksFixture.networks) as Json[],
    certificates: clone(certificatesFixture.certificates) as Json[],
    images: clone(imagesFixture.images) as Json[],
    zones: clone(zonesFixture.zones) as Json[],
    rrsets: clone(rrsetsFixture.rrsets) as Json[],
    pricing: clone(pricingFixture.pricing) as Json,
  };
}

const template = serversFixture.servers[0]!;

/** A server shaped like the spec's example, with its own id, name and addresses. */
export function makeServer(index: number, overrides: Json = {}): Json {
  const octets = `${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  return {
    ...clone(template),
    id: 10_000_000 + index,
    name: `server-${index}`,
    created: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString().replace(/\.000Z$/, "Z"),
    status: "running",
    labels: { generated: "" },
    public_net: {
      ...clone(template.public_net),
      floating_ips: [],
      firewalls: [],
      ipv4: { ...template.public_net.ipv4, id: 20_000_000 + index, ip: `203.${octets}`, dns_ptr: `static.203.${octets}.example.com` },
      ipv6: { ...template.public_net.ipv6, id: 30_000_000 + index, ip: `2001:db8:${index.toString(16)}::/64`, dns_ptr: [] },
    },
    private_net: [{ network: 4711, ip: `10.${octets}`, alias_ips: [], mac_address: `86:00:00:${octets.split(".").map((o) => Number(o).toString(16).padStart(2, "0")).join(":")}` }],
    // Backups off, so a generated server costs its type's price (plus its IPv4, where the price list has one).
    backup_window: null,
    placement_group: null,
    volumes: [],
    load_balancers: [],
    ...overrides,
  };
}

function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } };
}

/** The error code the contract's table gives for a 5xx, so clients that branch on `code` see a real one. */
function serverErrorBody(status: number) {
  if (status === 502) return errorBody("bad_gateway", "bad gateway");
  if (status === 503) return errorBody("unavailable", "service unavailable");
  if (status === 504) return errorBody("timeout", "gateway timeout");
  return errorBody("server_error", "internal server error");
}

function invalidInput(c: Context, field: string, problem: string): Response {
  return c.json(errorBody("invalid_input", `invalid input in field '${field}': ${problem}`, { fields: [{ name: field, messages: [problem] }] }), 400);
}

/** The quota refills by limit/3600 per second, so the full quota is back once the used part has dripped back in. */
function rateLimitHeaders(c: Context, state: HetznerFakeState): void {
  const remaining = Math.max(0, state.hourlyLimit - state.requests);
  const used = state.hourlyLimit - remaining;
  c.header("RateLimit-Limit", String(state.hourlyLimit));
  c.header("RateLimit-Remaining", String(remaining));
  c.header("RateLimit-Reset", String(Math.floor(Date.now() / 1000) + Math.ceil((used * 3600) / state.hourlyLimit)));
}

type Filter = (item: Json) => boolean;

/** `label_selector` as the contract shows it: comma-separated `k=v`, `k==v`, `k!=v`, `k` and `!k`. */
function labelFilter(selector: string): Filter | null {
  const tests: Filter[] = [];
  for (const raw of selector.split(",")) {
    const expr = raw.trim();
    const match = /^(!)?([A-Za-z0-9._/-]+)(?:\s*(==|=|!=)\s*([A-Za-z0-9._-]*))?$/.exec(expr);
    if (!match) return null;
    const [, negated, key, op, value] = match;
    if (negated && op) return null;
    const labels = (item: Json) => (item.labels ?? {}) as Record<string, string>;
    if (!op) tests.push((item) => (key! in labels(item)) !== Boolean(negated));
    else if (op === "!=") tests.push((item) => labels(item)[key!] !== value);
    else tests.push((item) => labels(item)[key!] === value);
  }
  return (item) => tests.every((t) => t(item));
}

const SORT_FIELDS = ["id", "name", "created"] as const;

function sorter(specs: string[]): ((a: Json, b: Json) => number) | null {
  const keys: { field: string; dir: number }[] = [];
  for (const spec of specs) {
    const [field = "", dir = "asc"] = spec.split(":");
    if (!(SORT_FIELDS as readonly string[]).includes(field) || (dir !== "asc" && dir !== "desc")) return null;
    keys.push({ field, dir: dir === "asc" ? 1 : -1 });
  }
  return (a, b) => {
    for (const { field, dir } of keys) {
      const x = a[field] as string | number;
      const y = b[field] as string | number;
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    return 0;
  };
}

/** Filters, sorts and pages a collection the way the contract describes a list endpoint. */
function list(c: Context, key: string, items: Json[], options: { status?: boolean; type?: boolean } = {}): Response {
  const perPageRaw = c.req.query("per_page") ?? String(DEFAULT_PER_PAGE);
  const pageRaw = c.req.query("page") ?? "1";
  if (!/^\d+$/.test(perPageRaw) || Number(perPageRaw) < 1 || Number(perPageRaw) > MAX_PER_PAGE) return invalidInput(c, "per_page", `must be between 1 and ${MAX_PER_PAGE}`);
  if (!/^\d+$/.test(pageRaw) || Number(pageRaw) < 1) return invalidInput(c, "page", "must be at least 1");
  const perPage = Number(perPageRaw);
  const page = Number(pageRaw);

  let selected = items;
  const name = c.req.query("name");
  if (name !== undefined) selected = selected.filter((item) => item.name === name);
  const statuses = options.status ? (c.req.queries("status") ?? []) : [];
  if (statuses.length > 0) selected = selected.filter((item) => statuses.includes(String(item.status)));
  // `type` is repeatable where it exists (images: system|snapshot|backup|app; RRSets: A, AAAA, MX…).
  const types = options.type ? (c.req.queries("type") ?? []) : [];
  if (types.length > 0) selected = selected.filter((item) => types.includes(String(item.type)));
  const selector = c.req.query("label_selector");
  if (selector !== undefined) {
    const filter = labelFilter(selector);
    if (!filter) return invalidInput(c, "label_selector", "is not a valid label selector");
    selected = selected.filter(filter);
  }
  const sorts = c.req.queries("sort") ?? [];
  if (sorts.length > 0) {
    const compare = sorter(sorts);
    if (!compare) return invalidInput(c, "sort", `must be one of ${SORT_FIELDS.join(", ")}, optionally with :asc or :desc`);
    selected = [...selected].sort(compare);
  }

  const last = Math.max(1, Math.ceil(selected.length / perPage));
  const previous = page > 1 ? Math.min(page - 1, last) : null;
  const next = page < last ? page + 1 : null;
  const link = (p: number) => {
    const url = new URL(c.req.url);
    url.searchParams.set("page", String(p));
    url.searchParams.set("per_page", String(perPage));
    return `${PUBLIC_ORIGIN}${url.pathname}${url.search}`;
  };
  const links = [previous !== null ? `<${link(previous)}>; rel="prev"` : null, next !== null ? `<${link(next)}>; rel="next"` : null, `<${link(last)}>; rel="last"`];
  c.header("Link", links.filter(Boolean).join(", "));
  return c.json({
    [key]: selected.slice((page - 1) * perPage, page * perPage),
    meta: { pagination: { page, per_page: perPage, previous_page: previous, next_page: next, last_page: last, total_entries: selected.length } },
  });
}

const generateBody = z.object({ count: z.number().int().min(0).max(100_000) });
const COLLECTIONS = {
  servers: "servers",
  volumes: "volumes",
  load_balancers: "loadBalancers",
  primary_ips: "primaryIps",
  floating_ips: "floatingIps",
  firewalls: "firewalls",
  networks: "networks",
  certificates: "certificates",
  images: "images",
  zones: "zones",
  rrsets: "rrsets",
} as const;

export function createHetznerFake(state: HetznerFakeState = initialState()) {
  const app = new Hono();
  mountControlRoutes(app, state);

  app.get("/_fake/state", (c) =>
    c.json({
      requests: state.requests,
      faults: state.faults,
      ...Object.fromEntries(Object.entries(COLLECTIONS).map(([name, key]) => [name, state[key].length])),
    }),
  );
  app.post("/_fake/servers/generate", async (c) => {
    const parsed = generateBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "count (0–100000) is required" }, 400);
    state.servers = Array.from({ length: parsed.data.count }, (_, i) => makeServer(i));
    return c.json({ servers: state.servers.length }, 201);
  });
  app.post("/_fake/servers", async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    if (!body || typeof body !== "object" || typeof (body as Json).index !== "number") return c.json({ error: "index (number) is required" }, 400);
    const { index, ...overrides } = body as Json & { index: number };
    const server = makeServer(index, overrides);
    state.servers.push(server);
    return c.json(server, 201);
  });
  app.patch("/_fake/servers/:id", async (c) => {
    const server = state.servers.find((s) => String(s.id) === c.req.param("id"));
    if (!server) return c.json({ error: "no such server" }, 404);
    const patch: unknown = await c.req.json().catch(() => null);
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) return c.json({ error: "a JSON object is required" }, 400);
    Object.assign(server, patch);
    return c.json(server);
  });
  app.delete("/_fake/servers/:id", (c) => {
    const before = state.servers.length;
    state.servers = state.servers.filter((s) => String(s.id) !== c.req.param("id"));
    return before === state.servers.length ? c.json({ error: "no such server" }, 404) : c.json({ ok: true });
  });
  app.put("/_fake/pricing", async (c) => {
    const pricing: unknown = await c.req.json().catch(() => null);
    if (!pricing || typeof pricing !== "object" || Array.isArray(pricing)) return c.json({ error: "a JSON object (the `pricing` object) is required" }, 400);
    state.pricing = pricing as Json;
    return c.json({ ok: true });
  });
  app.put("/_fake/:collection", async (c) => {
    const name = c.req.param("collection");
    const items: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(items)) return c.json({ error: "a JSON array is required" }, 400);
    if (!(name in COLLECTIONS)) return c.json({ error: `unknown collection ${name}` }, 404);
    state[COLLECTIONS[name as keyof typeof COLLECTIONS]] = items as Json[];
    return c.json({ ok: true });
  });

  app.use("/v1/*", async (c, next) => {
    state.requests += 1;
    rateLimitHeaders(c, state);
    c.header("X-Correlation-Id", crypto.randomUUID());
    const token = bearerToken(c);
    const fault = takeFault(state, { path: c.req.path, token, page: pageParam(c) });
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "status") return c.json(serverErrorBody(fault.status), fault.status as 500);
    if (fault?.kind === "rate_limit") {
      // No Retry-After in the contract: the reset header is the only "when".
      c.header("RateLimit-Remaining", "0");
      c.header("RateLimit-Reset", String(Math.floor(Date.now() / 1000) + fault.retryAfterSeconds));
      return c.json(error429, 429);
    }
    if (!state.tokens.has(token)) return c.json(error401, 401);
    // The contract documents the code and its meaning, not the message's wording.
    if (c.req.method !== "GET" && lacks(state, token, "write")) return c.json(errorBody("token_readonly", "the token is only allowed to perform GET requests"), 403);
    const faulty = faultyBody(c, fault);
    if (faulty) return faulty;
    await next();
  });

  app.get("/v1/servers", (c) => list(c, "servers", state.servers, { status: true }));
  app.get("/v1/volumes", (c) => list(c, "volumes", state.volumes, { status: true }));
  app.get("/v1/load_balancers", (c) => list(c, "load_balancers", state.loadBalancers));
  app.get("/v1/primary_ips", (c) => list(c, "primary_ips", state.primaryIps));
  app.get("/v1/floating_ips", (c) => list(c, "floating_ips", state.floatingIps));
  app.get("/v1/firewalls", (c) => list(c, "firewalls", state.firewalls));
  app.get("/v1/networks", (c) => list(c, "networks", state.networks));
  app.get("/v1/certificates", (c) => list(c, "certificates", state.certificates));
  app.get("/v1/images", (c) => list(c, "images", state.images, { status: true, type: true }));
  app.get("/v1/zones", (c) => list(c, "zones", state.zones));
  // A zone by id or by name, as the path's `{id_or_name}`; an unknown one is Hetzner's `not_found`.
  app.get("/v1/zones/:zone/rrsets", (c) => {
    const ref = c.req.param("zone");
    const zone = state.zones.find((z) => String(z.id) === ref || z.name === ref);
    if (!zone) return c.json(errorBody("not_found", "zone not found"), 404);
    if (zone.mode !== "primary") return c.json(errorBody("incorrect_zone_mode", "this operation is not supported for this zone's mode"), 422);
    return list(c, "rrsets", state.rrsets.filter((r) => r.zone === zone.id), { type: true });
  });
  // Not paginated.
  app.get("/v1/pricing", (c) => c.json({ pricing: state.pricing }));

  app.all("/v1/*", (c) => c.json(errorBody("not_found", "resource not found"), 404));
  return app;
}
