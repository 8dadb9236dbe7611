/**
 * The resource list's server-side sorts and the parent filter, against real D1: every sort in both orders,
 * paged through with ties and NULLs, must equal the whole list sorted; each page must be an index range, not
 * a sort of the organization's rows; a parent's children come by name and a foreign parent reveals nothing.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_SORTS } from "../../shared/resources";
import type { Resource, ResourceSort, SortOrder } from "../../shared/resources";
import { addMember, api, connectDock, createOrg, signUp } from "../../test/helpers";
import { settled } from "../../test/sync-helpers";
import { createDb } from "../../core/db/client";
import { resourceOrder } from "../services/resource-order";
import { DEFAULT_SORT, listSegmentQuery } from "../services/resources";
import type { ResourceFilter } from "../services/resources";

let cookie: string;
let orgId: string;
let dockId: string;

interface Row {
  id: string;
  name: string;
  status: string;
  region: string | null;
  cost: number | null;
  created: string | null;
  lastSeenAt: number;
  deleted: boolean;
  kind: "bucket" | "dns_record" | "domain";
  /** For a DNS record: the name of its domain, which is also the domain's external id. */
  domain?: string;
}

const BASE = Date.UTC(2026, 5, 1);
// Few distinct values, so most rows tie with others; names differ only in case to check the case-blind order.
const NAMES = ["alpha", "Alpha", "ALPHA", "beta", "Beta", "gamma", "delta", "Delta", "zeta", "Zulu", "echo", "a_b", "axb"];
const STATUSES = ["running", "stopped", "error", "active"];
const REGIONS = ["nyc1", "ams3", null, "fra1", null];
const COSTS = [500, 1200, null, 500, 0, 2400, null];
const CREATED = ["2026-01-01T00:00:00Z", "2025-06-01T12:00:00Z", null, "2026-01-01T00:00:00Z"];

const buckets: Row[] = Array.from({ length: 160 }, (_, i) => ({
  // Ids in another order than the values, so the tiebreak is visible.
  id: `res_st_${String((i * 919) % 1000).padStart(4, "0")}`,
  name: NAMES[(i * 7) % NAMES.length]!,
  status: STATUSES[(i * 3) % STATUSES.length]!,
  region: REGIONS[(i * 11) % REGIONS.length]!,
  cost: COSTS[(i * 5) % COSTS.length]!,
  created: CREATED[(i * 13) % CREATED.length]!,
  lastSeenAt: BASE + ((i * 17) % 6) * 1000,
  deleted: i % 17 === 3,
  kind: "bucket",
}));

// Ids in the opposite order of the names, so a list by name is visibly not in storage order.
const records: Row[] = [
  ...Array.from({ length: 9 }, (_, i): Row => ({ id: `res_dns_a${8 - i}`, name: `A host${i}.alpha.test`, status: "active", region: null, cost: null, created: null, lastSeenAt: BASE, deleted: i === 4, kind: "dns_record", domain: "alpha.test" })),
  ...Array.from({ length: 3 }, (_, i): Row => ({ id: `res_dns_b${i}`, name: `TXT b${i}.beta.test`, status: "active", region: null, cost: null, created: null, lastSeenAt: BASE, deleted: false, kind: "dns_record", domain: "beta.test" })),
];
const domains: Row[] = ["alpha.test", "beta.test"].map((name) => ({ id: `res_dom_${name.split(".")[0]}`, name, status: "active", region: null, cost: null, created: null, lastSeenAt: BASE, deleted: false, kind: "domain" }));

const ATTRIBUTES: Record<Row["kind"], (r: Row) => unknown> = {
  bucket: () => ({ storageBytes: null, objectCount: null }),
  dns_record: (r) => ({ domain: r.domain, type: r.name.split(" ")[0], recordName: "host", data: "192.0.2.1", ttl: 300, priority: null }),
  domain: () => ({ expiresAt: null, nameservers: [], ttl: null }),
};

async function insert(rows: Row[], into = { orgId, dockId }): Promise<void> {
  const statement = env.DB.prepare(
    `INSERT INTO resources (id, organization_id, dock_id, provider, kind, external_id, name, status, provider_status, region, url,
       provider_created_at, monthly_cost_cents, currency, attributes, parent_external_id, first_seen_at, last_seen_at, deleted_at, content_hash)
     VALUES (?, ?, ?, 'digitalocean', ?, ?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 'h')`,
  );
  await env.DB.batch(
    rows.map((r) =>
      statement.bind(
        r.id,
        into.orgId,
        into.dockId,
        r.kind,
        // A domain's external id is its name, which its records name as their parent.
        r.kind === "domain" ? r.name : r.id,
        r.name,
        r.status,
        r.region,
        r.created,
        r.cost,
        r.cost === null ? null : "USD",
        JSON.stringify(ATTRIBUTES[r.kind](r)),
        r.domain ?? null,
        BASE - 86_400_000,
        r.lastSeenAt,
        r.deleted ? r.lastSeenAt : null,
      ),
    ),
  );
}

beforeAll(async () => {
  ({ cookie } = await signUp("Sorter"));
  orgId = await createOrg(cookie, "Sort Org");
  // The DigitalOcean fake's example account brings example.com with its records; it has no buckets.
  ({ dockId } = await connectDock(orgId, cookie));
  await settled(orgId, dockId, cookie);
  await insert([...buckets, ...records, ...domains]);
});

/** SQLite's NOCASE folds ASCII letters only. */
const foldCase = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());

function sortValueOf(row: Row, sort: ResourceSort): string | number | null {
  switch (sort) {
    case "name":
      return foldCase(row.name);
    case "status":
      return row.status;
    case "region":
      return row.region;
    case "cost":
      return row.cost;
    case "created":
      return row.created;
    case "updated":
      return row.lastSeenAt;
  }
}

/** The documented order: by value in the asked direction, rows without one last, ties by id in the same direction. */
function sorted(rows: Row[], sort: ResourceSort, order: SortOrder): string[] {
  const sign = order === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const va = sortValueOf(a, sort);
      const vb = sortValueOf(b, sort);
      if (va === null && vb !== null) return 1;
      if (vb === null && va !== null) return -1;
      if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((r) => r.id);
}

async function walk(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: Resource[]; nextCursor: string | null } } = await api("GET", `/api/orgs/${orgId}/resources?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((r) => r.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 500);
  return { ids, pages };
}

const live = (rows: Row[]) => rows.filter((r) => !r.deleted);

describe("sorted pages", () => {
  const cases = RESOURCE_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((order) => [sort, order] as const));

  it.each(cases)("sort=%s order=%s, 11 rows a page, equals the whole list sorted", async (sort, order) => {
    const { ids, pages } = await walk(`kind=bucket&sort=${sort}&order=${order}&limit=11`);
    expect(pages).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(sorted(live(buckets), sort, order));
  });

  it.each([1, 2, 50, 200])("page size %i across the end of the valued rows and into the ones without a value", async (limit) => {
    const { ids } = await walk(`kind=bucket&sort=cost&order=asc&limit=${limit}`);
    expect(ids).toEqual(sorted(live(buckets), "cost", "asc"));
  });

  // Lists used to default to id order; they now start by name, as a person looks a thing up. The expectation
  // changed with the default; the paging through it, and order=desc reversing it, are checked as before.
  it("without a sort the list is by name (ties by id), and order=desc reverses it", async () => {
    const byName = sorted(live(buckets), "name", "asc");
    expect(byName).not.toEqual(live(buckets).map((r) => r.id).sort());
    expect((await walk("kind=bucket&limit=13")).ids).toEqual(byName);
    expect((await walk("kind=bucket&order=desc&limit=13")).ids).toEqual(sorted(live(buckets), "name", "desc"));
  });

  it("names sort without regard to case; NULL regions, costs and creation times come last either way", async () => {
    const page = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=name&limit=12`, { cookie });
    expect(page.body.items.map((r) => r.name.toLowerCase()).every((n) => n === "a_b" || n === "alpha")).toBe(true);
    for (const order of ["asc", "desc"]) {
      const { ids } = await walk(`kind=bucket&sort=region&order=${order}&limit=40`);
      const regions = ids.map((id) => buckets.find((b) => b.id === id)!.region);
      const firstNull = regions.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(regions.slice(firstNull).every((r) => r === null)).toBe(true);
    }
  });

  it("filters still apply under a sort: status, region, search and deleted rows", async () => {
    const running = live(buckets).filter((r) => r.status === "running" && r.region === "nyc1");
    expect((await walk("kind=bucket&status=running&region=nyc1&sort=cost&order=desc&limit=3")).ids).toEqual(sorted(running, "cost", "desc"));
    const everything = (await walk("kind=bucket&includeDeleted=true&sort=updated&order=desc&limit=17")).ids;
    expect(everything).toEqual(sorted(buckets, "updated", "desc"));
    // `_` in a search is the character, not LIKE's any-character wildcard (which would also match "axb").
    const underscore = (await walk("kind=bucket&q=a_b&sort=name&limit=5")).ids;
    expect(underscore).toEqual(sorted(live(buckets).filter((r) => r.name === "a_b"), "name", "asc"));
    expect(underscore.length).toBeGreaterThan(0);
  });
});

describe("rejected input", () => {
  it("an unknown sort or order is a 400 naming the field", async () => {
    const sort = await api<{ error: { code: string; message: string } }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=price`, { cookie });
    expect(sort.status).toBe(400);
    expect(sort.body.error.message).toMatch(/^invalid query: sort: sort must be one of name, status, region, cost, created, updated/);
    const order = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=name&order=up`, { cookie });
    expect(order.status).toBe(400);
    expect(order.body.error.message).toMatch(/^invalid query: order: order must be asc or desc/);
  });

  it("a cursor from another sort or order is a 400 that says which order it belongs to", async () => {
    const first = await api<{ nextCursor: string }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=name&limit=5`, { cookie });
    const cursor = encodeURIComponent(first.body.nextCursor);
    // Without a sort the list is by name, so `order=desc` alone is another order (it was "" when the default was id order).
    for (const other of ["sort=cost", "sort=name&order=desc", "order=desc"]) {
      const res = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&${other}&cursor=${cursor}`, { cookie });
      expect(res.status, other).toBe(400);
      expect(res.body.error.message).toBe("invalid query: cursor: it continues a list in sort=name&order=asc; ask for that order, or start again without a cursor");
    }
    // A cursor of the list asked for without a sort continues the same list by name, and only that one.
    const unsorted = await api<{ nextCursor: string }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&limit=5`, { cookie });
    const res = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=cost&cursor=${encodeURIComponent(unsorted.body.nextCursor)}`, { cookie });
    expect(res.body.error.message).toMatch(/continues a list in sort=name&order=asc/);
    const same = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=name&limit=5&cursor=${encodeURIComponent(unsorted.body.nextCursor)}`, { cookie });
    expect(same.status).toBe(200);
    expect(same.body.items.map((r) => r.id)).toEqual(sorted(live(buckets), "name", "asc").slice(5, 10));
  });

  it("a cursor we did not issue is a 400", async () => {
    const forged = btoa(JSON.stringify({ s: "cost", o: "asc", v: "not a number", id: "x" })).replace(/=+$/, "");
    // What an unsorted list issued while lists defaulted to id order: no order of today's continues it.
    const idOrder = btoa(JSON.stringify({ s: "id", o: "asc", v: null, id: "res_st_0001" })).replace(/=+$/, "");
    for (const cursor of ["res_st_0001", "%%%", forged, idOrder]) {
      const res = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&sort=cost&cursor=${encodeURIComponent(cursor)}`, { cookie });
      expect(res.status, cursor).toBe(400);
      expect(res.body.error.message).toBe("invalid query: cursor: not a cursor this endpoint returned");
    }
  });
});

describe("the children of a parent", () => {
  const alpha = live(records).filter((r) => r.domain === "alpha.test");

  it("lists the live records of the domain asked for, by name unless another sort is asked for, with the domain's id as their parentId", async () => {
    expect((await walk("parentId=res_dom_alpha&limit=3")).ids).toEqual(sorted(alpha, "name", "asc"));
    expect((await walk("kind=dns_record&parentId=res_dom_beta&sort=name&order=desc")).ids).toEqual(["res_dns_b2", "res_dns_b1", "res_dns_b0"]);
    expect((await walk("kind=dns_record&parentId=res_dom_alpha&includeDeleted=true")).ids).toContain("res_dns_a4");
    expect((await walk("kind=dns_record&parentId=res_dom_alpha&sort=updated&limit=200")).ids).toEqual(sorted(alpha, "updated", "asc"));
    const page = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?parentId=res_dom_beta`, { cookie });
    expect(page.body.items.map((r) => [r.parentId, r.parentExternalId])).toEqual([
      ["res_dom_beta", "beta.test"],
      ["res_dom_beta", "beta.test"],
      ["res_dom_beta", "beta.test"],
    ]);
  });

  it("every listed resource carries parentId: its parent's id, or null without one", async () => {
    const recordsPage = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=dns_record&q=alpha.test&limit=200`, { cookie });
    expect(recordsPage.body.items.length).toBe(alpha.length);
    expect(new Set(recordsPage.body.items.map((r) => r.parentId))).toEqual(new Set(["res_dom_alpha"]));
    const bucketPage = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=bucket&limit=5`, { cookie });
    expect(bucketPage.body.items.every((r) => r.parentId === null && r.parentExternalId === null)).toBe(true);
    const detail = await api<Resource>("GET", `/api/orgs/${orgId}/resources/res_dns_b1`, { cookie });
    expect(detail.body).toMatchObject({ parentId: "res_dom_beta", parentExternalId: "beta.test" });
  });

  it("finds the records a sync brought in, under the domain the adapter named as their parent", async () => {
    const domainsOfDock = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=domain&dockId=${dockId}&q=example.com`, { cookie });
    const exampleCom = domainsOfDock.body.items.find((d) => d.name === "example.com")!;
    const res = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?kind=dns_record&parentId=${exampleCom.id}`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBe(4);
    expect(res.body.items.every((r) => r.kind === "dns_record" && r.attributes.domain === "example.com" && r.dockId === dockId && r.parentId === exampleCom.id)).toBe(true);
    const names = res.body.items.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it("a parent of another organization, of nothing, of a kind the role cannot read, or of another kind lists nothing", async () => {
    const other = await signUp("Other");
    const otherOrg = await createOrg(other.cookie, "Other Org");
    const otherDock = await connectDock(otherOrg, other.cookie);
    await settled(otherOrg, otherDock.dockId, other.cookie);
    await insert([{ ...domains[0]!, id: "res_dom_foreign" }, { ...records[0]!, id: "res_dns_foreign" }], { orgId: otherOrg, dockId: otherDock.dockId });
    // The other organization's owner sees the child; this one's owner, asking with the same id, sees nothing.
    expect((await api<{ items: Resource[] }>("GET", `/api/orgs/${otherOrg}/resources?parentId=res_dom_foreign`, { cookie: other.cookie })).body.items.map((r) => r.id)).toEqual(["res_dns_foreign"]);
    for (const query of ["parentId=res_dom_foreign", "kind=dns_record&parentId=res_dom_foreign", "parentId=res_nothing", "kind=bucket&parentId=res_dom_alpha"]) {
      const res = await api<{ items: Resource[]; nextCursor: string | null }>("GET", `/api/orgs/${orgId}/resources?${query}`, { cookie });
      expect(res.status, query).toBe(200);
      expect(res.body, query).toEqual({ items: [], nextCursor: null });
    }
    // Monitoring-only: the domain is of the resources area, so its id names nothing this role may read.
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie, body: { name: "Watch only", permissions: { monitoring: "read" } } });
    const watcher = await addMember(orgId, cookie, { roleId: role.body.id });
    const res = await api<{ items: Resource[] }>("GET", `/api/orgs/${orgId}/resources?parentId=res_dom_alpha`, { cookie: watcher.cookie });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it("the domain filter it replaces is a 400 that says what to use instead", async () => {
    for (const query of ["kind=dns_record&domain=alpha.test", "domain=alpha.test"]) {
      const res = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/resources?${query}`, { cookie });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe("invalid query: domain: no longer supported; list a domain's records with parentId=<the domain's id>");
    }
  });
});

describe("query plans", () => {
  const db = createDb(env.DB);
  const filter = (extra: Partial<ResourceFilter> = {}): ResourceFilter => ({ orgId: "org_x", kinds: ["server"], includeDeleted: false, limit: 50, ...extra });

  async function plan(f: ResourceFilter, segmentIndex: number, cursor?: string): Promise<string> {
    const order = resourceOrder(f.sort ?? DEFAULT_SORT, f.order ?? "asc");
    const segments = order.segments(order.decode(cursor));
    const query = listSegmentQuery(db, f, segments[segmentIndex]!, 51).toSQL();
    const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).bind(...query.params).all<{ detail: string }>();
    return rows.results.map((r) => r.detail).join("\n");
  }

  /** A cursor of the given sort whose last row had `v`, as the API would issue it. */
  const cursorOf = (s: string, o: string, v: string | number | null) => btoa(JSON.stringify({ s, o, v, id: "res_x" })).replace(/=+$/, "");
  const sample: Record<ResourceSort, string | number> = { name: "web", status: "running", region: "nyc1", cost: 500, created: "2026-01-01T00:00:00Z", updated: BASE };

  it.each(RESOURCE_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((order) => [sort, order] as const)))(
    "sort=%s order=%s reads its index for one organization and kind, first page and after a cursor, without sorting",
    async (sort, order) => {
      const index = `resources_org_kind_${sort}_idx`;
      for (const cursor of [undefined, cursorOf(sort, order, sample[sort])]) {
        const detail = await plan(filter({ sort, order }), 0, cursor);
        expect(detail, detail).toContain(`SEARCH resources USING INDEX ${index} (organization_id=? AND kind=?`);
        expect(detail, detail).not.toContain("TEMP B-TREE");
      }
      if (sort === "region" || sort === "cost" || sort === "created") {
        const valueless = await plan(filter({ sort, order }), 0, cursorOf(sort, order, null));
        expect(valueless, valueless).toMatch(new RegExp(`SEARCH resources USING INDEX ${index} \\(organization_id=\\? AND kind=\\? AND \\w+=\\? AND id[<>]\\?\\)`));
        expect(valueless).not.toContain("TEMP B-TREE");
      }
    },
  );

  it("a page after a name cursor starts at the cursor's value in the index", async () => {
    const detail = await plan(filter({ sort: "name" }), 0, cursorOf("name", "asc", "web"));
    expect(detail).toMatch(/USING INDEX resources_org_kind_name_idx \(organization_id=\? AND kind=\? AND name>\?\)/);
  });

  it("the parent filter reads the parent index", async () => {
    const parent = { dockId: "dock_x", kind: "domain", externalId: "example.com" } as const;
    for (const cursor of [undefined, cursorOf("name", "asc", "A www.example.com")]) {
      const detail = await plan(filter({ kinds: ["dns_record"], parent, readableParents: ["domain"] }), 0, cursor);
      expect(detail, detail).toContain("USING INDEX resources_dock_parent_idx (dock_id=? AND parent_external_id=? AND kind=?");
      expect(detail).not.toContain("TEMP B-TREE");
      // Each row's parentId is one lookup in the unique (dock, kind, external id) index.
      expect(detail, detail).toContain("SEARCH parent USING INDEX resources_dock_kind_external_uq (dock_id=? AND kind=? AND external_id=?)");
    }
  });
});
