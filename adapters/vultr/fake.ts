/**
 * A fake of the Vultr API v2, faithful to ../shared/provider-contracts/vultr: everything under `/v2`, bearer
 * auth with the real 401 body (`{"error":"Invalid API token.","status":401}`), `{"error", "status"}` bodies
 * for every refusal, cursor pagination (`per_page` up to 500, default 100; an opaque base64 `cursor`;
 * `meta.links.next` is `""` on the last page), no rate-limit headers at all and a 429 without `Retry-After`,
 * the managed-database list unpaged, and `GET /plans` answering without a key. A token registered with only
 * some ACLs (`POST /_fake/tokens {token, scopes: ["dns"]}`) is refused with 403 where the endpoint needs
 * another. State is plain data a test or `npm run sim` controls through `/_fake/*`.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { baseState, bearerToken, faultyBody, lacks, mountControlRoutes, sleep, takeFault } from "../fake-kit";
import type { FakeBase } from "../fake-kit";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import accountFixture from "./fixtures/account_get.json";
import backupsFixture from "./fixtures/backups_list.json";
import blocksFixture from "./fixtures/blocks_list.json";
import databasesFixture from "./fixtures/databases_list.json";
import recordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import firewallsFixture from "./fixtures/firewall_groups_list.json";
import instancesFixture from "./fixtures/instances_list_page1.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import objectStorageFixture from "./fixtures/object_storage_list.json";
import plansFixture from "./fixtures/plans_list.json";
import snapshotsFixture from "./fixtures/snapshots_list.json";

type Json = Record<string, unknown>;

export const MAX_PER_PAGE = 500;
const DEFAULT_PER_PAGE = 100;
const clone = <T>(value: T): T => structuredClone(value);

/** Every collection the fake serves, by its name in `/_fake/<name>` (the list's wrapper key in the API). */
export const COLLECTIONS = [
  "instances",
  "bare_metals",
  "plans",
  "plans_metal",
  "blocks",
  "load_balancers",
  "databases",
  "database_plans",
  "object_storages",
  "domains",
  "firewall_groups",
  "snapshots",
  "backups",
  "reserved_ips",
  "vpcs",
  "vke_clusters",
] as const;
export type Collection = (typeof COLLECTIONS)[number];

export interface VultrFakeState extends FakeBase {
  account: Json;
  collections: Record<Collection, Json[]>;
  /** Each domain's records, by domain name. */
  records: Map<string, Json[]>;
}

/** Starts with the contract's example payloads: a fresh fake answers like the spec's examples. */
export function initialState(): VultrFakeState {
  const domains = clone(domainsFixture.domains) as Json[];
  return {
    ...baseState(),
    account: clone(accountFixture.account) as Json,
    collections: {
      instances: clone(instancesFixture.instances) as Json[],
      bare_metals: [],
      plans: clone(plansFixture.plans) as Json[],
      plans_metal: [],
      blocks: clone(blocksFixture.blocks) as Json[],
      load_balancers: clone(loadBalancersFixture.load_balancers) as Json[],
      databases: clone(databasesFixture.databases) as Json[],
      // No example in the contract; shaped as the official Go client reads it.
      database_plans: [{ id: "vultr-dbaas-hobbyist-cc-1-25-1", number_of_nodes: 1, type: "hobbyist", vcpu_count: 1, ram: 1024, disk: 25, monthly_cost: 15, locations: ["ewr"] }],
      object_storages: clone(objectStorageFixture.object_storages) as Json[],
      domains,
      firewall_groups: clone(firewallsFixture.firewall_groups) as Json[],
      snapshots: clone(snapshotsFixture.snapshots) as Json[],
      backups: clone(backupsFixture.backups) as Json[],
      reserved_ips: [],
      vpcs: [],
      vke_clusters: [],
    },
    records: new Map([[String(domains[0]!.domain), clone(recordsFixture.records) as Json[]]]),
  };
}

/** The user permission (ACL) each endpoint needs, in Vultr's names; `/account` and `/plans` need none. */
const ACL_BY_PREFIX: readonly [string, string][] = [
  ["/v2/domains", "dns"],
  ["/v2/firewalls", "firewall"],
  ["/v2/object-storage", "objstore"],
  ["/v2/load-balancers", "loadbalancer"],
  ["/v2/instances", "subscriptions_view"],
  ["/v2/bare-metals", "subscriptions_view"],
  ["/v2/blocks", "subscriptions_view"],
  ["/v2/databases", "subscriptions_view"],
  ["/v2/kubernetes", "subscriptions_view"],
  ["/v2/reserved-ips", "subscriptions_view"],
  ["/v2/vpcs", "subscriptions_view"],
  ["/v2/snapshots", "subscriptions_view"],
  ["/v2/backups", "subscriptions_view"],
];

const errorBody = (status: number, error: string) => ({ error, status });

/** Cursors as Vultr's look (`bmV4dF9fMjMw` is base64 of `next__230`): base64 of a direction and an offset. */
const encodeCursor = (direction: "next" | "prev", offset: number) => btoa(`${direction}__${offset}`);

function decodeCursor(cursor: string): { direction: "next" | "prev"; offset: number } | null {
  let decoded: string;
  try {
    decoded = atob(cursor);
  } catch {
    return null;
  }
  const match = /^(next|prev)__(\d+)$/.exec(decoded);
  return match ? { direction: match[1] as "next" | "prev", offset: Number(match[2]) } : null;
}

/** One page of a collection the way every Vultr list answers: the wrapper key, then `meta`. */
function list(c: Context, key: string, items: Json[]): Response {
  const perPageRaw = c.req.query("per_page") ?? String(DEFAULT_PER_PAGE);
  if (!/^\d+$/.test(perPageRaw) || Number(perPageRaw) < 1 || Number(perPageRaw) > MAX_PER_PAGE) {
    return c.json(errorBody(400, `per_page must be between 1 and ${MAX_PER_PAGE}`), 400);
  }
  const perPage = Number(perPageRaw);
  let start = 0;
  const cursor = c.req.query("cursor");
  if (cursor !== undefined && cursor !== "") {
    const decoded = decodeCursor(cursor);
    if (!decoded) return c.json(errorBody(400, "invalid cursor"), 400);
    start = decoded.direction === "next" ? decoded.offset : Math.max(0, decoded.offset - perPage);
  }
  const end = start + perPage;
  return c.json({
    [key]: items.slice(start, end),
    meta: { total: items.length, links: { next: end < items.length ? encodeCursor("next", end) : "", prev: start > 0 ? encodeCursor("prev", start) : "" } },
  });
}

export function createVultrFake(state: VultrFakeState = initialState()) {
  const app = new Hono();
  mountControlRoutes(app, state);

  app.get("/_fake/state", (c) =>
    c.json({ requests: state.requests, faults: state.faults, ...Object.fromEntries(COLLECTIONS.map((name) => [name, state.collections[name].length])), domainsWithRecords: state.records.size }),
  );
  app.put("/_fake/account", async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    if (!body || typeof body !== "object" || Array.isArray(body)) return c.json({ error: "a JSON object (the `account` object) is required" }, 400);
    state.account = body as Json;
    return c.json({ ok: true });
  });
  app.put("/_fake/records/:domain", async (c) => {
    const items: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(items)) return c.json({ error: "a JSON array is required" }, 400);
    state.records.set(c.req.param("domain"), items as Json[]);
    return c.json({ ok: true });
  });
  app.put("/_fake/:collection", async (c) => {
    const name = c.req.param("collection");
    const items: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(items)) return c.json({ error: "a JSON array is required" }, 400);
    if (!(COLLECTIONS as readonly string[]).includes(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    state.collections[name as Collection] = items as Json[];
    return c.json({ ok: true });
  });
  app.patch("/_fake/:collection/:id", async (c) => {
    const name = c.req.param("collection");
    if (!(COLLECTIONS as readonly string[]).includes(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    const item = state.collections[name as Collection].find((i) => String(i.id ?? i.domain) === c.req.param("id"));
    if (!item) return c.json({ error: "no such item" }, 404);
    const patch: unknown = await c.req.json().catch(() => null);
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) return c.json({ error: "a JSON object is required" }, 400);
    Object.assign(item, patch);
    return c.json(item);
  });
  app.delete("/_fake/:collection/:id", (c) => {
    const name = c.req.param("collection");
    if (!(COLLECTIONS as readonly string[]).includes(name)) return c.json({ error: `unknown collection ${name}` }, 404);
    const items = state.collections[name as Collection];
    const kept = items.filter((i) => String(i.id ?? i.domain) !== c.req.param("id"));
    if (kept.length === items.length) return c.json({ error: "no such item" }, 404);
    state.collections[name as Collection] = kept;
    if (name === "domains") state.records.delete(c.req.param("id"));
    return c.json({ ok: true });
  });

  // Vultr sends no rate-limit headers: none are set, on any answer.
  app.use("/v2/*", async (c, next) => {
    state.requests += 1;
    const token = bearerToken(c);
    const fault = takeFault(state, { path: c.req.path, token, page: null });
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "status") return c.json(errorBody(fault.status, "Internal Server Error"), fault.status as 500);
    // No Retry-After and no reset header: the client must back off on its own timer.
    if (fault?.kind === "rate_limit") return c.json(error429, 429);
    // The plan lists need no key (an empty security list in the spec).
    const open = c.req.method === "GET" && (c.req.path === "/v2/plans" || c.req.path === "/v2/plans-metal");
    if (!open && !state.tokens.has(token)) return c.json(error401, 401);
    const acl = ACL_BY_PREFIX.find(([prefix]) => c.req.path === prefix || c.req.path.startsWith(`${prefix}/`))?.[1];
    // The 403 wording is not documented; the shape is every 4xx's.
    if (!open && acl && lacks(state, token, acl)) return c.json(errorBody(403, `Unauthorized: this API key's user lacks the ${acl} permission.`), 403);
    const faulty = faultyBody(c, fault);
    if (faulty) return faulty;
    await next();
  });

  app.get("/v2/account", (c) => c.json({ account: state.account }));
  app.get("/v2/plans", (c) => list(c, "plans", state.collections.plans));
  app.get("/v2/plans-metal", (c) => list(c, "plans_metal", state.collections.plans_metal));
  app.get("/v2/instances", (c) => list(c, "instances", state.collections.instances));
  app.get("/v2/bare-metals", (c) => list(c, "bare_metals", state.collections.bare_metals));
  app.get("/v2/blocks", (c) => list(c, "blocks", state.collections.blocks));
  app.get("/v2/load-balancers", (c) => list(c, "load_balancers", state.collections.load_balancers));
  // Unpaged: no per_page or cursor, and meta carries only the total.
  app.get("/v2/databases", (c) => c.json({ databases: state.collections.databases, meta: { total: state.collections.databases.length } }));
  app.get("/v2/databases/plans", (c) => c.json({ plans: state.collections.database_plans, meta: { total: state.collections.database_plans.length, links: { next: "", prev: "" } } }));
  app.get("/v2/object-storage", (c) => list(c, "object_storages", state.collections.object_storages));
  app.get("/v2/domains", (c) => list(c, "domains", state.collections.domains));
  app.get("/v2/domains/:domain/records", (c) => {
    const domain = c.req.param("domain");
    if (!state.collections.domains.some((d) => d.domain === domain)) return c.json(errorBody(404, "Domain not found."), 404);
    return list(c, "records", state.records.get(domain) ?? []);
  });
  app.get("/v2/firewalls", (c) => list(c, "firewall_groups", state.collections.firewall_groups));
  app.get("/v2/snapshots", (c) => list(c, "snapshots", state.collections.snapshots));
  app.get("/v2/backups", (c) => list(c, "backups", state.collections.backups));
  app.get("/v2/reserved-ips", (c) => list(c, "reserved_ips", state.collections.reserved_ips));
  app.get("/v2/vpcs", (c) => list(c, "vpcs", state.collections.vpcs));
  app.get("/v2/kubernetes/clusters", (c) => list(c, "vke_clusters", state.collections.vke_clusters));

  app.all("/v2/*", (c) => c.json(errorBody(404, "Not found."), 404));
  return app;
}
