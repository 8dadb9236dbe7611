/**
 * A fake of the Cloudflare API v4, faithful to ../shared/provider-contracts/cloudflare: everything under
 * `/client/v4`, bearer tokens verified at `/user/tokens/verify` (and `/accounts/{id}/tokens/verify`), the v4
 * envelope on every answer (`{success, errors, messages, result, result_info}`), the 401 `Invalid API Token`
 * (code 1000) body, 403 code 10000 `Authentication error` for a token without an endpoint's permission,
 * `Ratelimit` / `Ratelimit-Policy` headers on every response and `Retry-After` on a 429, page/per_page
 * pagination with each endpoint's own bounds and `result_info {page, per_page, count, total_count, total_pages}`,
 * R2's different envelope (`result.buckets`, `result_info.cursor` absent on the last page) and the Workers
 * scripts list in one page. Each token is its own account (all under the contract's example account id, so
 * listing paths are the same for every token); a test or `npm run sim` controls an account's data through
 * `/_fake/accounts/<token>/*`, and `POST /_fake/tokens {token, scopes}` makes a token with only some permissions.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { accountControl, baseState, bearerToken, faultyBody, lacks, mountControlRoutes, pageParam, sleep, takeFault } from "../fake-kit";
import type { FakeBase } from "../fake-kit";
import { PERMISSIONS } from "./credentials";
import accountsFixture from "./fixtures/accounts_list_200.json";
import d1Fixture from "./fixtures/d1_databases_list_200.json";
import dnsFixture from "./fixtures/dns_records_list_200.json";
import error401 from "./fixtures/error_401_invalid_token.json";
import error429 from "./fixtures/error_429_rate_limited.json";
import pagesFixture from "./fixtures/pages_projects_list_200.json";
import r2Page1 from "./fixtures/r2_buckets_list_page1_200.json";
import r2Page2 from "./fixtures/r2_buckets_list_page2_200.json";
import tokenVerify from "./fixtures/token_verify_200.json";
import workersFixture from "./fixtures/workers_scripts_list_200.json";
import zonesPage1 from "./fixtures/zones_list_page1_200.json";
import zonesPage2 from "./fixtures/zones_list_page2_200.json";

type Json = Record<string, unknown>;

export const API_PREFIX = "/client/v4";
/** The contract's example account: every fake account has its id, so a kind's listing path is known ahead. */
export const FAKE_ACCOUNT_ID = accountsFixture.result[0]!.id;

export interface CloudflareZone {
  zone: Json;
  records: Json[];
  loadBalancers?: Json[];
  certificatePacks?: Json[];
  /** Absent: SSL for SaaS is not enabled on the zone, and its custom hostnames are refused. */
  customHostnames?: Json[];
}
export interface CloudflarePagesProject {
  project: Json;
  deployments: Json[];
}

/** What one token sees: one account, its zones with their records, and its Workers, Pages, R2 and D1. */
export interface CloudflareAccount {
  account: Json;
  zones: CloudflareZone[];
  workers: Json[];
  pages: CloudflarePagesProject[];
  r2: Json[];
  d1: Json[];
}

export interface CloudflareFakeState extends FakeBase {
  /** The global limit: 1,200 requests per five minutes. */
  windowLimit: number;
  accounts: Map<string, CloudflareAccount>;
}

const clone = <T>(value: T): T => structuredClone(value);

export function initialState(): CloudflareFakeState {
  return { ...baseState(), windowLimit: 1200, accounts: new Map() };
}

/** A new account holds the contract's examples of every kind. */
export function exampleAccount(): CloudflareAccount {
  const zones = [...zonesPage1.result, ...zonesPage2.result].map((zone): CloudflareZone => ({ zone: clone(zone) as Json, records: [] }));
  zones[0]!.records = clone(dnsFixture.result) as Json[];
  zones[0]!.loadBalancers = [exampleLoadBalancer()];
  zones[0]!.certificatePacks = [exampleCertificatePack()];
  zones[0]!.customHostnames = [exampleCustomHostname()];
  const project = clone(pagesFixture.result[0]!) as Json;
  return {
    account: clone(accountsFixture.result[0]!) as Json,
    zones,
    workers: clone(workersFixture.result) as Json[],
    pages: [{ project, deployments: [clone(pagesFixture.result[0]!.latest_deployment) as Json] }],
    r2: [...r2Page1.result.buckets, ...r2Page2.result.buckets].map((b) => clone(b) as Json),
    d1: clone(d1Fixture.result) as Json[],
  };
}

/**
 * The contract has no example load balancer, certificate pack or custom hostname: these are built from the
 * fields of the official SDK's types (values illustrative).
 */
export function exampleLoadBalancer(overrides: Json = {}): Json {
  return {
    id: "699d98642c564d2e855e9661899b7252",
    name: "www.example.com",
    enabled: true,
    proxied: true,
    ttl: 30,
    steering_policy: "dynamic_latency",
    default_pools: ["17b5962d775c646f3f9725cbc7a53df4", "9290f38c5d07c2e2f4df57b1f61d4196"],
    fallback_pool: "fallback_pool",
    created_on: "2014-01-01T05:20:00.12345Z",
    modified_on: "2014-01-01T05:20:00.12345Z",
    ...overrides,
  };
}

export function exampleCertificatePack(overrides: Json = {}): Json {
  return {
    id: "3822ff90-ea29-44df-9e55-21300bb9419b",
    type: "universal",
    hosts: ["example.com", "*.example.com"],
    status: "active",
    certificate_authority: "google",
    validity_days: 90,
    validation_method: "txt",
    primary_certificate: "7e7b8deba8538af625850b7b2530034c",
    certificates: [{ id: "7e7b8deba8538af625850b7b2530034c", hosts: ["example.com", "*.example.com"], issuer: "GoogleTrustServices", status: "active", expires_on: "2027-03-01T12:00:00Z", signature: "ECDSAWithSHA256" }],
    ...overrides,
  };
}

export function exampleCustomHostname(overrides: Json = {}): Json {
  return {
    id: "0d89c70d-ad9f-4843-b99f-6cc0252067e9",
    hostname: "app.example.com",
    status: "active",
    created_at: "2020-02-06T18:11:23.531995Z",
    ssl: { id: "0d89c70d-ad9f-4843-b99f-6cc0252067e9", status: "active", method: "http", type: "dv", certificate_authority: "lets_encrypt", issuer: "LetsEncrypt", expires_on: "2027-01-01T00:00:00Z" },
    ...overrides,
  };
}

export function accountOf(state: CloudflareFakeState, token: string): CloudflareAccount {
  let account = state.accounts.get(token);
  if (!account) {
    account = exampleAccount();
    state.accounts.set(token, account);
  }
  return account;
}

const envelope = (result: unknown, resultInfo?: Json) => ({ success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) });
const failure = (code: number, message: string) => ({ success: false, errors: [{ code, message }], messages: [], result: null });

/** What Cloudflare answers a working token without the permission an endpoint needs. */
export const PERMISSION_REFUSAL = failure(10000, "Authentication error");
/** Cloudflare's 404 for an identifier it cannot route (a zone gone, a mistyped id). */
const notRoutable = (c: Context) => failure(7003, `Could not route to ${c.req.path.replace(API_PREFIX, "")}, perhaps your object identifier is invalid?`);

/** The permission each path needs, by prefix below `/client/v4`. */
function permissionFor(path: string): string | null {
  const rest = path.slice(API_PREFIX.length);
  if (/^\/zones\/[^/]+\/dns_records/.test(rest)) return PERMISSIONS.dns;
  if (/^\/zones\/[^/]+\/load_balancers/.test(rest)) return PERMISSIONS.loadBalancers;
  if (/^\/zones\/[^/]+\/(ssl|custom_hostnames)\b/.test(rest)) return PERMISSIONS.ssl;
  if (rest === "/zones" || rest.startsWith("/zones/")) return PERMISSIONS.zone;
  const account = /^\/accounts\/[^/]+\/(workers|pages|r2|d1)\b/.exec(rest)?.[1];
  if (account === "workers") return PERMISSIONS.workers;
  if (account === "pages") return PERMISSIONS.pages;
  if (account === "r2") return PERMISSIONS.r2;
  if (account === "d1") return PERMISSIONS.d1;
  return null;
}

function rateLimitHeaders(c: Context, state: CloudflareFakeState, remaining?: number): void {
  const left = remaining ?? Math.max(0, state.windowLimit - state.requests);
  c.header("ratelimit", `"default";r=${left};t=300`);
  c.header("ratelimit-policy", `"default";q=${state.windowLimit};w=300`);
}

/** Page/per_page within an endpoint's bounds; a per_page outside them is refused (code 1004), not clamped. */
function paginate(c: Context, items: Json[], bounds: { min: number; max: number; fallback: number }): Response {
  const rawPerPage = c.req.query("per_page");
  const perPage = rawPerPage === undefined ? bounds.fallback : Number(rawPerPage);
  if (!Number.isInteger(perPage) || perPage < bounds.min || perPage > bounds.max) {
    return c.json(failure(1004, `per_page must be an integer between ${bounds.min} and ${bounds.max}`), 400);
  }
  const page = Math.max(1, Number(c.req.query("page") ?? 1) || 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return c.json(envelope(slice, { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.ceil(items.length / perPage) }));
}

const byName = (a: Json, b: Json) => String(a.name).localeCompare(String(b.name));

const collectionNames = ["zones", "workers", "pages", "r2", "d1"] as const;

export function createCloudflareFake(state: CloudflareFakeState = initialState()) {
  const app = new Hono();
  mountControlRoutes(app, state);
  app.get("/_fake/state", (c) => c.json({ requests: state.requests, faults: state.faults, accounts: state.accounts.size }));

  const control = accountControl(state, (token) => accountOf(state, token));
  // zones: [{zone, records}], pages: [{project, deployments}], the others: arrays of the provider's objects.
  control.put("/:collection", async (c) => {
    const name = c.req.param("collection");
    const items = z.array(z.record(z.string(), z.unknown())).safeParse(await c.req.json().catch(() => null));
    if (!items.success) return c.json({ error: "a JSON array of objects is required" }, 400);
    if (!(collectionNames as readonly string[]).includes(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    const target = c.get("account");
    if (name === "zones") target.zones = items.data as unknown as CloudflareZone[];
    else if (name === "pages") target.pages = items.data as unknown as CloudflarePagesProject[];
    else target[name as "workers" | "r2" | "d1"] = items.data;
    return c.json({ ok: true });
  });
  app.route("/_fake/accounts/:token", control);

  app.use(`${API_PREFIX}/*`, async (c, next) => {
    state.requests += 1;
    rateLimitHeaders(c, state);
    const token = bearerToken(c);
    const fault = takeFault(state, { path: c.req.path, token, page: pageParam(c) });
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "status") return c.json(failure(10001, "Internal server error"), fault.status as 500);
    if (fault?.kind === "rate_limit") {
      rateLimitHeaders(c, state, 0);
      c.header("retry-after", String(fault.retryAfterSeconds));
      return c.json(error429.body, 429);
    }
    if (!state.tokens.has(token)) return c.json(error401, 401);
    const permission = permissionFor(c.req.path);
    if (permission && lacks(state, token, permission)) return c.json(PERMISSION_REFUSAL, 403);
    const faulty = faultyBody(c, fault);
    if (faulty) return faulty;
    await next();
  });

  const mine = (c: Context) => accountOf(state, bearerToken(c));
  const api = new Hono();
  api.get("/user/tokens/verify", (c) => c.json(tokenVerify));

  // Every account path names the token's own account; another account's is refused as Cloudflare refuses it.
  const accountRoutes = new Hono();
  accountRoutes.use("*", async (c, next) => {
    if (c.req.param("accountId") !== mine(c).account.id) return c.json(PERMISSION_REFUSAL, 403);
    await next();
  });
  accountRoutes.get("/tokens/verify", (c) => c.json(tokenVerify));
  accountRoutes.get("/workers/scripts", (c) => c.json(envelope(mine(c).workers)));
  accountRoutes.get("/pages/projects", (c) => paginate(c, mine(c).pages.map((p) => p.project), { min: 1, max: 10, fallback: 10 }));
  accountRoutes.get("/pages/projects/:name/deployments", (c) => {
    const project = mine(c).pages.find((p) => p.project.name === c.req.param("name"));
    if (!project) return c.json(failure(8000007, "Project not found. The specified project name does not match any of your existing projects."), 404);
    return paginate(c, project.deployments, { min: 1, max: 25, fallback: 25 });
  });
  // R2 pages by an opaque cursor; the last page carries none.
  accountRoutes.get("/r2/buckets", (c) => {
    const perPage = Number(c.req.query("per_page") ?? 20);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) return c.json(failure(10013, "per_page must be between 1 and 1000"), 400);
    const cursor = c.req.query("cursor");
    let start = 0;
    if (cursor) {
      const decoded = /^1-(\d+)$/.exec(atob(cursor.replace(/[^A-Za-z0-9+/=]/g, "")));
      if (!decoded) return c.json(failure(10013, "invalid cursor"), 400);
      start = Number(decoded[1]);
    }
    const buckets = [...mine(c).r2].sort(byName);
    const slice = buckets.slice(start, start + perPage);
    const end = start + perPage;
    return c.json(envelope({ buckets: slice }, end < buckets.length ? { cursor: btoa(`1-${end}`), per_page: perPage } : { per_page: perPage }));
  });
  accountRoutes.get("/d1/database", (c) => paginate(c, mine(c).d1, { min: 10, max: 10_000, fallback: 1000 }));
  api.route("/accounts/:accountId", accountRoutes);

  api.get("/accounts", (c) => paginate(c, [mine(c).account], { min: 5, max: 50, fallback: 20 }));
  api.get("/zones", (c) => {
    const accountId = c.req.query("account.id");
    const zones = mine(c)
      .zones.map((z) => z.zone)
      .filter((z) => accountId === undefined || (z.account as Json | undefined)?.id === accountId)
      .sort(byName);
    return paginate(c, zones, { min: 5, max: 50, fallback: 20 });
  });
  api.get("/zones/:zoneId/dns_records", (c) => {
    const entry = mine(c).zones.find((z) => z.zone.id === c.req.param("zoneId"));
    if (!entry) return c.json(notRoutable(c), 404);
    // The spec allows up to 5,000,000; the fake holds no more than 5,000 a page (what the adapter asks for).
    return paginate(c, entry.records, { min: 1, max: 5000, fallback: 100 });
  });
  const zoneOf = (c: Context) => mine(c).zones.find((z) => z.zone.id === c.req.param("zoneId"));
  // One page, as the SDK's `SinglePage` reads it.
  api.get("/zones/:zoneId/load_balancers", (c) => {
    const entry = zoneOf(c);
    return entry ? c.json(envelope(entry.loadBalancers ?? [])) : c.json(notRoutable(c), 404);
  });
  api.get("/zones/:zoneId/ssl/certificate_packs", (c) => {
    const entry = zoneOf(c);
    return entry ? paginate(c, entry.certificatePacks ?? [], { min: 5, max: 50, fallback: 20 }) : c.json(notRoutable(c), 404);
  });
  api.get("/zones/:zoneId/custom_hostnames", (c) => {
    const entry = zoneOf(c);
    if (!entry) return c.json(notRoutable(c), 404);
    // Not documented: the words for a zone without SSL for SaaS. The fake refuses with a 400 of the v4 envelope.
    if (!entry.customHostnames) return c.json(failure(1400, "SSL for SaaS is not enabled for this zone"), 400);
    return paginate(c, entry.customHostnames, { min: 5, max: 50, fallback: 20 });
  });
  api.all("*", (c) => c.json(notRoutable(c), 404));
  app.route(API_PREFIX, api);
  return app;
}
