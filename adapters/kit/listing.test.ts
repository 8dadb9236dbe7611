import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import { getJson, joinUrl } from "../http";
import { memoryMemo } from "../test-kit";
import type { ProviderContext, ResourcePage } from "../types";
import { linkHeader } from "./link-header";
import { listing, listingsFor } from "./listing";
import { nested } from "./nested";
import { pageNumber } from "./page-number";
import { singlePage } from "./single-page";
import { BASE, collect, firstPages, idsOf, nextsOf, resource, testHttp, TOKEN, viaApp } from "./testing";

const credentials = { token: TOKEN };

// ---------------------------------------------------------------------------------- a Hetzner-like provider

/** `meta.pagination` as Hetzner sends it, and a price list that only servers need. */
const serversPage = z.object({
  servers: z.array(z.object({ id: z.number(), name: z.string() })),
  meta: z.object({ pagination: z.object({ page: z.number(), next_page: z.number().nullable(), last_page: z.number().nullable(), total_entries: z.number().nullable() }) }),
});
const pricing = z.object({ pricing: z.object({ currency: z.string() }) });

function hetznerLike(count: number) {
  const servers = Array.from({ length: count }, (_, i) => ({ id: 1000 + i, name: `srv-${i}` }));
  const app = new Hono();
  app.get("/v1/servers", (c) => {
    if (c.req.header("authorization") !== `Bearer ${TOKEN}`) return c.json({ error: { code: "unauthorized", message: "unable to authenticate" } }, 401);
    const page = Number(c.req.query("page"));
    const perPage = Number(c.req.query("per_page"));
    const last = Math.max(1, Math.ceil(servers.length / perPage));
    return c.json({
      servers: servers.slice((page - 1) * perPage, page * perPage),
      meta: { pagination: { page, next_page: page < last ? page + 1 : null, last_page: last, total_entries: servers.length } },
    });
  });
  app.get("/v1/pricing", (c) => c.json({ pricing: { currency: "EUR" } }));
  return { app, servers };
}

/** Fetched at most once per listing, and only once a server needs pricing. */
function pricingOnce(creds: { token: string }, ctx: ProviderContext) {
  let pending: Promise<string> | null = null;
  return () => (pending ??= getJson(ctx, testHttp(creds), joinUrl(ctx.baseUrl, "/pricing"), pricing).then((r) => r.data.pricing.currency));
}

const normalizeServer = (s: { id: number; name: string }, currency: string): NormalizedResource => ({ ...resource(String(s.id)), name: s.name, currency });

// Hetzner's listServers, as the kit writes it.
const listServers = listing(serversPage, {
  http: testHttp,
  path: "/servers",
  query: { sort: "id:asc" },
  items: (b) => b.servers,
  lookups: pricingOnce,
  normalize: async (s, currency) => normalizeServer(s, await currency()),
  paging: pageNumber({ perPage: 50, nextPage: (b) => b.meta.pagination.next_page, lastPage: (b) => b.meta.pagination.last_page, total: (b) => b.meta.pagination.total_entries }),
});

describe("listing, page numbers (a Hetzner-like provider)", () => {
  it("pages a few-line lister to the end through the shared client: auth, query, per_page, pricing once", async () => {
    const { app } = hetznerLike(173);
    const { ctx, urls } = viaApp(app, `${BASE}/v1`);
    const { pages, error } = await collect(listServers(credentials, ctx, null));
    expect(error).toBeNull();
    expect(pages.map((p) => p.resources.length)).toEqual([50, 50, 50, 23]);
    expect(nextsOf(pages)).toEqual(["2:173", "3:173", "4:173", null]);
    expect(new Set(idsOf(pages)).size).toBe(173);
    expect(pages[0]!.resources[0]).toMatchObject({ externalId: "1000", name: "srv-0", currency: "EUR" });
    const listRequests = urls.filter((u) => u.pathname === "/v1/servers");
    expect(listRequests.map((u) => u.searchParams.get("page"))).toEqual(["1", "2", "3", "4"]);
    expect(listRequests.every((u) => u.searchParams.get("per_page") === "50" && u.searchParams.get("sort") === "id:asc")).toBe(true);
    expect(urls.filter((u) => u.pathname === "/v1/pricing")).toHaveLength(1);
  });

  it("does not ask for the price list when there is nothing to price", async () => {
    const { app } = hetznerLike(0);
    const { ctx, urls } = viaApp(app, `${BASE}/v1`);
    const { pages } = await collect(listServers(credentials, ctx, null));
    expect(pages).toEqual([{ resources: [], next: null }]);
    expect(urls.map((u) => u.pathname)).toEqual(["/v1/servers"]);
  });

  it("resumes from the cursor it handed out, and surfaces the provider's refusal as a ProviderError", async () => {
    const { app } = hetznerLike(173);
    const { ctx } = viaApp(app, `${BASE}/v1`);
    const [first] = await firstPages(listServers(credentials, ctx, null), 1);
    const { pages } = await collect(listServers(credentials, ctx, first!.next));
    expect(idsOf(pages)[0]).toBe("1050");
    const { error } = await collect(listServers({ token: "wrong" }, ctx, null));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 401 });
  });
});

// ------------------------------------------------------------------------------- remembered pages (a sync's)

// The same servers without a price list: a page's resources depend on its bytes alone.
const listPlainServers = listing(serversPage, {
  http: testHttp,
  path: "/servers",
  items: (b) => b.servers,
  normalize: (s) => normalizeServer(s, "EUR"),
  paging: pageNumber({ perPage: 50, nextPage: (b) => b.meta.pagination.next_page, lastPage: (b) => b.meta.pagination.last_page, total: (b) => b.meta.pagination.total_entries }),
});

async function drain(pages: AsyncIterable<ResourcePage>): Promise<ResourcePage[]> {
  const out: ResourcePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe("listing, remembered pages", () => {
  it("hands on unread a page whose bytes match the one remembered for its URL, going on where that page said", async () => {
    const { app } = hetznerLike(120);
    const { ctx } = viaApp(app, `${BASE}/v1`);
    const { memo, entries, remember } = memoryMemo();
    const first = await drain(listPlainServers(credentials, { ...ctx, pageMemo: memo }, null));
    expect(first.map((p) => "reused" in p)).toEqual([false, false, false]);
    remember(first);
    expect(entries.size).toBe(3);

    const again = await drain(listPlainServers(credentials, { ...ctx, pageMemo: memo }, null));
    expect(again.map((p) => "reused" in p)).toEqual([true, true, true]);
    expect(nextsOf(again)).toEqual(nextsOf(first));
    // Read after all, a reused page is what the listing read the first time.
    const reread = await Promise.all(again.map((p) => ("reused" in p ? p.read() : [])));
    expect(reread).toEqual(first.map((p) => ("resources" in p ? p.resources : [])));
  });

  it("reads a page whose bytes changed, and only that one", async () => {
    const { app, servers } = hetznerLike(120);
    const { ctx } = viaApp(app, `${BASE}/v1`);
    const { memo, remember } = memoryMemo();
    remember(await drain(listPlainServers(credentials, { ...ctx, pageMemo: memo }, null)));
    servers[60]!.name = "renamed";
    const again = await drain(listPlainServers(credentials, { ...ctx, pageMemo: memo }, null));
    expect(again.map((p) => "reused" in p)).toEqual([true, false, true]);
    expect(again[1]).toMatchObject({ resources: expect.arrayContaining([expect.objectContaining({ externalId: "1060", name: "renamed" })]) });
  });

  it("never remembers the pages of a listing with lookups: its resources depend on more than its bytes", async () => {
    const { app } = hetznerLike(60);
    const { ctx } = viaApp(app, `${BASE}/v1`);
    const { memo, entries, remember } = memoryMemo();
    remember(await drain(listServers(credentials, { ...ctx, pageMemo: memo }, null)));
    expect(entries.size).toBe(0);
  });

  it("keys the pages of a nested listing by their parent too", async () => {
    const { memo } = memoryMemo();
    const seen: string[] = [];
    const lister = nested<{ token: string }, { id: string; name: string }>({
      parents: async function* () {
        yield { items: [{ id: "a", name: "one" }, { id: "b", name: "two" }], next: null, at: null };
      },
      parentId: (p) => p.id,
      children: () =>
        async function* (_credentials, childCtx) {
          seen.push(childCtx.pageMemo!.key("/same"));
          yield { resources: [], next: null };
        },
    });
    await drain(lister(credentials, { baseUrl: BASE, pageMemo: memo }, null));
    expect(seen).toHaveLength(2);
    expect(new Set(seen).size).toBe(2);
    expect(seen.every((key) => key.endsWith("/same"))).toBe(true);
  });
});

// ------------------------------------------------------------------------------------ a GitHub-like provider

const reposSchema = z.array(z.object({ id: z.number(), full_name: z.string(), disabled: z.boolean() }));
const deploymentsSchema = z.array(z.object({ id: z.number() }));

/** Repositories paged by `link` (absolute, canonical host), deployments per repository; `deleted` answer 404. */
function githubLike(repoCount: number, deploymentsPerRepo: number) {
  const repos = Array.from({ length: repoCount }, (_, i) => ({ id: i + 1, full_name: `acme/r${i + 1}`, disabled: i === 1 }));
  const deleted = new Set<string>();
  const app = new Hono();
  app.get("/user/repos", (c) => {
    const page = Number(c.req.query("page") ?? 1);
    const perPage = Number(c.req.query("per_page"));
    const last = Math.max(1, Math.ceil(repos.length / perPage));
    if (page < last) c.header("link", `<https://api.github.com/user/repos?per_page=${perPage}&page=${page + 1}>; rel="next"`);
    return c.json(repos.slice((page - 1) * perPage, page * perPage));
  });
  app.get("/repos/:owner/:name/deployments", (c) => {
    const fullName = `${c.req.param("owner")}/${c.req.param("name")}`;
    if (deleted.has(fullName)) return c.json({ message: "Not Found" }, 404);
    const repo = repos.find((r) => r.full_name === fullName)!;
    return c.json(Array.from({ length: deploymentsPerRepo }, (_, i) => ({ id: repo.id * 100 + i })));
  });
  return { app, deleted };
}

const github = listingsFor(testHttp);
const repositoryPages = github.itemPages(reposSchema, { path: "/user/repos", query: { per_page: 2 }, items: (b) => b, paging: linkHeader() });
// GitHub's listRepositories and listDeployments, as the kit writes them.
const listRepositories = github.listing(reposSchema, { path: "/user/repos", query: { per_page: 2 }, items: (b) => b, normalize: (r) => resource(String(r.id)), paging: linkHeader() });
const listDeployments = nested({
  parents: repositoryPages,
  parentId: (repo) => String(repo.id),
  children: (repo) =>
    github.listing(deploymentsSchema, {
      path: `/repos/${repo.full_name.split("/").map(encodeURIComponent).join("/")}/deployments`,
      query: { per_page: 30 },
      items: (b) => b,
      normalize: (d) => ({ ...resource(`dep-${d.id}`), parentExternalId: String(repo.id) }),
      // One page: the most recent deployments only.
      paging: singlePage(),
    }),
});

describe("listing, link headers and nesting (a GitHub-like provider)", () => {
  it("lists repositories by following next links on the dock's base URL", async () => {
    const { app } = githubLike(5, 1);
    const { ctx, urls } = viaApp(app);
    const { pages } = await collect(listRepositories(credentials, ctx, null));
    expect(idsOf(pages)).toEqual(["1", "2", "3", "4", "5"]);
    expect(nextsOf(pages)).toEqual(["/user/repos?per_page=2&page=2", "/user/repos?per_page=2&page=3", null]);
    expect(urls.every((u) => u.origin === BASE)).toBe(true);
  });

  it("lists each repository's deployments, passes over a repository deleted meanwhile, and resumes by repository", async () => {
    const { app, deleted } = githubLike(5, 2);
    deleted.add("acme/r3");
    const { ctx } = viaApp(app);
    const { pages, error } = await collect(listDeployments(credentials, ctx, null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual(["dep-100", "dep-101", "dep-200", "dep-201", "dep-400", "dep-401", "dep-500", "dep-501"]);
    expect(nextsOf(pages)).toEqual(['[null,"2",null]', '["/user/repos?per_page=2&page=2",null,null]', '["/user/repos?per_page=2&page=2","4",null]', '["/user/repos?per_page=2&page=3",null,null]', null]);
    const resumed = await collect(listDeployments(credentials, ctx, '["/user/repos?per_page=2&page=2","4",null]'));
    expect(idsOf(resumed.pages)).toEqual(["dep-400", "dep-401", "dep-500", "dep-501"]);
  });

  it("leaves out what `keep` refuses, after paging has counted it", async () => {
    const { app } = githubLike(5, 1);
    const { ctx } = viaApp(app);
    const active = github.itemPages(reposSchema, { path: "/user/repos", query: { per_page: 2 }, items: (b) => b, keep: (r) => !r.disabled, paging: linkHeader() });
    const { pages } = await collect(active(credentials, ctx, null));
    expect(pages.map((p) => p.items.map((r) => r.id))).toEqual([[1], [3, 4], [5]]);
  });
});

// ---------------------------------------------------------------------------- DigitalOcean's DNS records

const links = z.object({ pages: z.object({ next: z.string().optional() }).optional() }).optional();
const domainsPage = z.object({ domains: z.array(z.object({ name: z.string() })), links, meta: z.object({ total: z.number() }) });
const recordsPage = z.object({ domain_records: z.array(z.object({ id: z.number() })), links, meta: z.object({ total: z.number() }) });
const nextPageOf = (l: z.infer<typeof links>) => (l?.pages?.next ? Number(new URL(l.pages.next).searchParams.get("page")) : null);

function digitalOceanLike(records: Record<string, number>) {
  const app = new Hono();
  const paged = <T>(items: T[], page: number, perPage: number, path: string) => {
    const last = Math.max(1, Math.ceil(items.length / perPage));
    return { slice: items.slice((page - 1) * perPage, page * perPage), links: page < last ? { pages: { next: `https://api.digitalocean.com${path}?page=${page + 1}&per_page=${perPage}` } } : {}, meta: { total: items.length } };
  };
  app.get("/v2/domains", (c) => {
    const { slice, ...rest } = paged(Object.keys(records), Number(c.req.query("page")), Number(c.req.query("per_page")), "/v2/domains");
    return c.json({ domains: slice.map((name) => ({ name })), ...rest });
  });
  app.get("/v2/domains/:name/records", (c) => {
    const name = c.req.param("name");
    if (!(name in records)) return c.json({ id: "not_found", message: "The resource you requested could not be found." }, 404);
    const all = Array.from({ length: records[name]! }, (_, i) => ({ id: i + 1 }));
    const { slice, ...rest } = paged(all, Number(c.req.query("page")), Number(c.req.query("per_page")), `/v2/domains/${name}/records`);
    return c.json({ domain_records: slice, ...rest });
  });
  return app;
}

const digitalOcean = listingsFor(testHttp);
// DigitalOcean's hand-rolled listDomainRecords, as the kit writes it.
// The parents as a const of their own: TypeScript then knows their item type before it reads `children`.
const domainPages = digitalOcean.itemPages(domainsPage, { path: "/v2/domains", items: (b) => b.domains, paging: pageNumber({ perPage: 2, nextPage: (b) => nextPageOf(b.links), total: (b) => b.meta.total }) });
const listDomainRecords = nested({
  parents: domainPages,
  parentId: (domain) => domain.name,
  children: (domain) =>
    digitalOcean.listing(recordsPage, {
      path: `/v2/domains/${encodeURIComponent(domain.name)}/records`,
      items: (b) => b.domain_records,
      normalize: (r) => resource(`${domain.name}#${r.id}`),
      paging: pageNumber({ perPage: 2, nextPage: (b) => nextPageOf(b.links), total: (b) => b.meta.total }),
    }),
});

describe("nested listing built from the kit (DigitalOcean's DNS records)", () => {
  it("lists every record of every domain, and a deleted domain's records are passed over", async () => {
    const records: Record<string, number> = { "a.com": 3, "b.com": 1, "c.com": 2 };
    const { ctx } = viaApp(digitalOceanLike(records));
    const { pages, error } = await collect(listDomainRecords(credentials, ctx, null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual(["a.com#1", "a.com#2", "a.com#3", "b.com#1", "c.com#1", "c.com#2"]);
    expect(nextsOf(pages)[0]).toBe('[null,"a.com","2:3"]');
  });

  it("a resume cursor naming a deleted domain starts again from the first domain", async () => {
    const records: Record<string, number> = { "a.com": 1, "b.com": 1, "c.com": 3 };
    const { ctx } = viaApp(digitalOceanLike(records));
    delete records["c.com"];
    records["d.com"] = 1;
    const { pages } = await collect(listDomainRecords(credentials, ctx, '["2:3","c.com","2:3"]'));
    expect(idsOf(pages)).toEqual(["a.com#1", "b.com#1", "d.com#1"]);
  });
});
