/**
 * A fake of the Linode API v4, faithful to ../shared/provider-contracts/linode: everything under `/v4`,
 * bearer auth with the real 401 body (`{"errors":[{"reason":"Invalid Token"}]}`), `X-RateLimit-*` headers on
 * every response (reset in epoch seconds) and `Retry-After` (seconds) on a 429, `{"errors":[{reason, field}]}`
 * bodies, `page`/`page_size` pagination (25–500, default 100) with the `page`/`pages`/`results` counters, and
 * tokens scoped per area (`POST /_fake/tokens {token, scopes: ["linodes:read_only", …]}`): an endpoint whose
 * scope the token lacks answers 403 with `X-Accepted-OAuth-Scopes`, as Linode does. `/linode/types` is public.
 * Its state is plain data a test or `npm run sim` controls through the `/_fake/*` routes.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { baseState, bearerToken, faultyBody, lacks, mountControlRoutes, pageParam, sleep, takeFault } from "../fake-kit";
import type { FakeBase } from "../fake-kit";
import backupsFixture from "./fixtures/linode_backups_list.json";
import bucketsFixture from "./fixtures/object_storage_buckets_list.json";
import databasesFixture from "./fixtures/databases_list.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import imagesFixture from "./fixtures/images_list.json";
import instancesFixture from "./fixtures/linode_instances_list.json";
import lkeFixture from "./fixtures/lke_clusters_list.json";
import nodeBalancersFixture from "./fixtures/nodebalancers_list.json";
import profileFixture from "./fixtures/profile_get.json";
import typesFixture from "./fixtures/linode_types_list.json";
import nodeBalancerTypesFixture from "./fixtures/nodebalancer_types_list.json";
import volumeTypesFixture from "./fixtures/volume_types_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import vpcsFixture from "./fixtures/vpcs_list.json";

type Json = Record<string, unknown>;

export interface LinodeFakeState extends FakeBase {
  /** Requests allowed per window (the general limit: 800 per 2 minutes). */
  limit: number;
  /** A 429's body: the constructed JSON one, or none at all (the contract's [S6] saw non-JSON bodies). */
  rateLimitBody: "json" | "empty";
  instances: Json[];
  types: Json[];
  volumes: Json[];
  nodebalancers: Json[];
  domains: Json[];
  /** Every domain's records, each naming its domain's id in `domain_id` (a fake-only field, not served). */
  records: Json[];
  databases: Json[];
  buckets: Json[];
  firewalls: Json[];
  vpcs: Json[];
  lke: Json[];
  /** Public distributions and the account's private images alike, as `GET /images` lists them. */
  images: Json[];
  /** `GET /linode/instances/{id}/backups` by instance id. */
  backups: Record<string, Json>;
}

const MAX_PAGE_SIZE = 500;
const MIN_PAGE_SIZE = 25;
const DEFAULT_PAGE_SIZE = 100;
const WINDOW_SECONDS = 120;
const NOT_AUTHORIZED = "Your OAuth token is not authorized to use this endpoint.";
const clone = <T>(value: T): T => structuredClone(value);

/** Starts with the contract's example payloads, so a fresh fake answers like the spec's examples. */
export function initialState(): LinodeFakeState {
  const instances = clone(instancesFixture.data) as Json[];
  return {
    ...baseState(),
    limit: 800,
    rateLimitBody: "json",
    instances,
    types: clone(typesFixture.data) as Json[],
    volumes: clone(volumesFixture.data) as Json[],
    nodebalancers: clone(nodeBalancersFixture.data) as Json[],
    domains: clone(domainsFixture.data) as Json[],
    records: domainRecordsFixture.data.map((r) => ({ ...clone(r), domain_id: domainsFixture.data[0]!.id })),
    databases: clone(databasesFixture.data) as Json[],
    buckets: clone(bucketsFixture.data) as Json[],
    firewalls: clone(firewallsFixture.data) as Json[],
    vpcs: clone(vpcsFixture.data) as Json[],
    lke: clone(lkeFixture.data) as Json[],
    images: clone(imagesFixture.data) as Json[],
    backups: Object.fromEntries(instances.map((i) => [String(i.id), clone(backupsFixture) as Json])),
  };
}

const errors = (reason: string, field?: string) => ({ errors: [field ? { field, reason } : { reason }] });

function rateLimitHeaders(c: Context, state: LinodeFakeState): void {
  c.header("X-RateLimit-Limit", String(state.limit));
  c.header("X-RateLimit-Remaining", String(Math.max(0, state.limit - state.requests)));
  c.header("X-RateLimit-Reset", String(Math.floor(Date.now() / 1000) + WINDOW_SECONDS));
}

/** Pages a collection as every Linode list endpoint does; a page past the last is empty, with the counters. */
function list(c: Context, items: Json[]): Response {
  const sizeRaw = c.req.query("page_size") ?? String(DEFAULT_PAGE_SIZE);
  const pageRaw = c.req.query("page") ?? "1";
  if (!/^\d+$/.test(sizeRaw) || Number(sizeRaw) < MIN_PAGE_SIZE || Number(sizeRaw) > MAX_PAGE_SIZE) {
    return c.json(errors(`Must be a number between ${MIN_PAGE_SIZE} and ${MAX_PAGE_SIZE}`, "page_size"), 400);
  }
  if (!/^\d+$/.test(pageRaw) || Number(pageRaw) < 1) return c.json(errors("Must be a number greater than 0", "page"), 400);
  const size = Number(sizeRaw);
  const pages = Math.max(1, Math.ceil(items.length / size));
  // Past 2^64 / page_size the API answers the last page; below it, what comes is unconfirmed (here: empty).
  const page = Number(pageRaw) > Number.MAX_SAFE_INTEGER / size ? pages : Number(pageRaw);
  const data = items.slice((page - 1) * size, page * size).map(({ domain_id: _, ...rest }) => rest);
  return c.json({ data, page, pages, results: items.length });
}

/** The scope each API path needs; null: public. Paths not here answer 404. */
function scopeOf(path: string): string | null | undefined {
  if (path === "/v4/profile") return "";
  if (path === "/v4/linode/types" || path === "/v4/volumes/types" || path === "/v4/nodebalancers/types") return null;
  if (/^\/v4\/linode\/instances(\/\d+\/backups)?$/.test(path)) return "linodes:read_only";
  if (path === "/v4/volumes") return "volumes:read_only";
  if (path === "/v4/nodebalancers") return "nodebalancers:read_only";
  if (/^\/v4\/domains(\/[^/]+\/records)?$/.test(path)) return "domains:read_only";
  if (path === "/v4/databases/instances") return "databases:read_only";
  if (path === "/v4/object-storage/buckets") return "object_storage:read_only";
  if (path === "/v4/networking/firewalls") return "firewall:read_only";
  if (path === "/v4/vpcs") return "vpc:read_only";
  if (path === "/v4/lke/clusters") return "lke:read_only";
  if (path === "/v4/images") return "images:read_only";
  return undefined;
}

const COLLECTIONS = ["instances", "types", "volumes", "nodebalancers", "domains", "records", "databases", "buckets", "firewalls", "vpcs", "lke", "images"] as const;
type Collection = (typeof COLLECTIONS)[number];
const isCollection = (name: string): name is Collection => (COLLECTIONS as readonly string[]).includes(name);
const settingsBody = z.object({ limit: z.number().int().min(1).optional(), rateLimitBody: z.enum(["json", "empty"]).optional() });

export function createLinodeFake(state: LinodeFakeState = initialState()) {
  const app = new Hono();
  mountControlRoutes(app, state);

  app.get("/_fake/state", (c) => c.json({ requests: state.requests, faults: state.faults, ...Object.fromEntries(COLLECTIONS.map((name) => [name, state[name].length])) }));
  app.put("/_fake/settings", async (c) => {
    const parsed = settingsBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "limit (integer) and rateLimitBody (json|empty) are optional" }, 400);
    if (parsed.data.limit !== undefined) state.limit = parsed.data.limit;
    if (parsed.data.rateLimitBody !== undefined) state.rateLimitBody = parsed.data.rateLimitBody;
    return c.json({ ok: true });
  });
  // One instance's backups, as `GET /linode/instances/{id}/backups` answers them.
  app.put("/_fake/instances/:id/backups", async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    if (!body || typeof body !== "object" || Array.isArray(body)) return c.json({ error: "a JSON object {automatic, snapshot} is required" }, 400);
    state.backups[c.req.param("id")] = body as Json;
    return c.json({ ok: true });
  });
  app.patch("/_fake/:collection/:id", async (c) => {
    const name = c.req.param("collection");
    if (!isCollection(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    const item = state[name].find((i) => String(i.id ?? i.label) === c.req.param("id"));
    if (!item) return c.json({ error: "no such item" }, 404);
    const patch: unknown = await c.req.json().catch(() => null);
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) return c.json({ error: "a JSON object is required" }, 400);
    Object.assign(item, patch);
    return c.json(item);
  });
  app.delete("/_fake/:collection/:id", (c) => {
    const name = c.req.param("collection");
    if (!isCollection(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    const before = state[name].length;
    state[name] = state[name].filter((i) => String(i.id ?? i.label) !== c.req.param("id"));
    return before === state[name].length ? c.json({ error: "no such item" }, 404) : c.json({ ok: true });
  });
  app.put("/_fake/:collection", async (c) => {
    const name = c.req.param("collection");
    const items: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(items)) return c.json({ error: "a JSON array is required" }, 400);
    if (!isCollection(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    state[name] = items as Json[];
    return c.json({ ok: true });
  });

  app.use("/v4/*", async (c, next) => {
    state.requests += 1;
    rateLimitHeaders(c, state);
    c.header("X-Spec-Version", "4.189.0");
    const token = bearerToken(c);
    const fault = takeFault(state, { path: c.req.path, token, page: pageParam(c) });
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "status") return c.json(errors(fault.status === 503 ? "Service Unavailable" : "Internal Server Error"), fault.status as 500);
    if (fault?.kind === "rate_limit") {
      c.header("X-RateLimit-Remaining", "0");
      c.header("X-RateLimit-Reset", String(Math.floor(Date.now() / 1000) + fault.retryAfterSeconds));
      c.header("Retry-After", String(fault.retryAfterSeconds));
      return state.rateLimitBody === "empty" ? c.body(null, 429) : c.json(error429, 429);
    }
    const scope = scopeOf(c.req.path);
    if (scope !== null) {
      if (!state.tokens.has(token)) return c.json(error401, 401);
      const granted = state.grants.get(token);
      c.header("X-OAuth-Scopes", granted ? [...granted].join(" ") : "*");
      if (scope) {
        c.header("X-Accepted-OAuth-Scopes", scope);
        if (lacks(state, token, scope) && lacks(state, token, scope.replace(/:read_only$/, ":read_write"))) return c.json(errors(NOT_AUTHORIZED), 403);
      }
    }
    const faulty = faultyBody(c, fault);
    if (faulty) return faulty;
    await next();
  });

  app.get("/v4/profile", (c) => c.json(profileFixture));
  app.get("/v4/linode/types", (c) => list(c, state.types));
  app.get("/v4/linode/instances", (c) => list(c, state.instances));
  app.get("/v4/linode/instances/:id/backups", (c) => {
    const id = c.req.param("id");
    if (!state.instances.some((i) => String(i.id) === id)) return c.json(errors("Not found"), 404);
    return c.json(state.backups[id] ?? { automatic: [], snapshot: { current: null, in_progress: null } });
  });
  app.get("/v4/volumes", (c) => list(c, state.volumes));
  app.get("/v4/volumes/types", (c) => list(c, clone(volumeTypesFixture.data) as Json[]));
  app.get("/v4/nodebalancers/types", (c) => list(c, clone(nodeBalancerTypesFixture.data) as Json[]));
  app.get("/v4/nodebalancers", (c) => list(c, state.nodebalancers));
  app.get("/v4/domains", (c) => list(c, state.domains));
  app.get("/v4/domains/:id/records", (c) => {
    const id = c.req.param("id");
    if (!state.domains.some((d) => String(d.id) === id)) return c.json(errors("Not found"), 404);
    return list(c, state.records.filter((r) => String(r.domain_id) === id));
  });
  app.get("/v4/databases/instances", (c) => list(c, state.databases));
  app.get("/v4/object-storage/buckets", (c) => list(c, state.buckets));
  app.get("/v4/networking/firewalls", (c) => list(c, state.firewalls));
  app.get("/v4/vpcs", (c) => list(c, state.vpcs));
  app.get("/v4/lke/clusters", (c) => list(c, state.lke));
  app.get("/v4/images", (c) => list(c, state.images));

  app.all("/v4/*", (c) => c.json(errors("Not found"), 404));
  return app;
}
