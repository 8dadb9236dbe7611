import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { CursorError } from "./core";
import type { FetchPage } from "./core";
import { nested } from "./nested";
import { pageNumber } from "./page-number";
import { BASE, collect, idsOf, ids, itemsOf, memoryLister, nextsOf, PROVIDER, TOKEN } from "./testing";

type DomainsBody = { items: string[]; total: number; last: number };

/**
 * Domains (two a page, with total and last page) and each domain's records (two a page). Domains, their
 * records and which domains answer 404 can change between slices.
 */
function dns(domains: Record<string, number>) {
  const state = { domains: { ...domains } as Record<string, number>, gone: new Set<string>(), failing: new Set<string>(), requests: [] as string[] };
  const parentPaging = pageNumber<DomainsBody>({ perPage: 2, total: (b) => b.total, lastPage: (b) => b.last });
  const fetchDomains: FetchPage<DomainsBody, string[]> = async (request, read) => {
    const page = Number(request.query?.page);
    state.requests.push(`domains@${page}`);
    const names = Object.keys(state.domains);
    const body = { items: names.slice((page - 1) * 2, page * 2), total: names.length, last: Math.max(1, Math.ceil(names.length / 2)) };
    return { step: read({ body, headers: new Headers(), items: body.items, url: `${BASE}/domains?page=${page}` }), page: body.items };
  };
  const lister = nested<{ token: string }, string>({
    parents: (_credentials, _ctx, cursor) => itemsOf(parentPaging.walk(cursor, fetchDomains, { provider: PROVIDER, baseUrl: BASE })),
    parentId: (domain) => domain,
    children: (domain) => {
      if (state.failing.has(domain)) {
        return async function* () {
          yield* [];
          throw new ProviderError(PROVIDER, "transient", `${PROVIDER} failed with 503`, { status: 503 });
        };
      }
      return memoryLister(domain, () => ids(`${domain}/rec`, state.domains[domain] ?? 0), 2, { gone: state.gone.has(domain), requests: state.requests });
    },
  });
  return { state, list: (cursor: string | null) => lister({ token: TOKEN }, { baseUrl: BASE }, cursor) };
}

describe("nested", () => {
  it("lists every parent's children across parent pages; each cursor names the parent page, the parent and the child cursor", async () => {
    const { list } = dns({ "a.com": 3, "b.com": 0, "c.com": 1 });
    const { pages, error } = await collect(list(null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual([...ids("a.com/rec", 3), ...ids("c.com/rec", 1)]);
    expect(nextsOf(pages)).toEqual(['[null,"a.com","2"]', '[null,"b.com",null]', '["2:3",null,null]', null]);
  });

  it("resumes inside a parent at its child cursor, without listing the parents before it again", async () => {
    const { list, state } = dns({ "a.com": 3, "b.com": 4, "c.com": 1 });
    const { pages } = await collect(list('[null,"b.com","2"]'));
    expect(idsOf(pages)).toEqual([...ids("b.com/rec", 2, 2), ...ids("c.com/rec", 1)]);
    // Page 2 of the parents is asked for ahead (its number is known) while page 1's children are listed.
    expect(state.requests).toEqual(["domains@1", "domains@2", "b.com@2", "c.com@0"]);
  });

  it("resumes at the first parent of a later parent page", async () => {
    const { list, state } = dns({ "a.com": 3, "b.com": 4, "c.com": 1 });
    const { pages } = await collect(list('["2:3",null,null]'));
    expect(idsOf(pages)).toEqual(ids("c.com/rec", 1));
    expect(state.requests).toEqual(["domains@2", "c.com@0"]);
  });

  it("passes over a parent deleted between the parent list and its children's fetch (404)", async () => {
    const { list, state } = dns({ "a.com": 1, "b.com": 2, "c.com": 1 });
    state.gone.add("b.com");
    const { pages, error } = await collect(list(null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual(["a.com/rec-000", "c.com/rec-000"]);
    expect(nextsOf(pages)).toEqual(['[null,"b.com",null]', '["2:3",null,null]', null]);
  });

  it("uses the adapter's own idea of gone", async () => {
    const lister = nested<unknown, string>({
      parents: async function* () {
        yield { items: ["a.com", "b.com"], next: null, at: null };
      },
      parentId: (d) => d,
      children: (d) =>
        async function* () {
          yield* [];
          if (d === "a.com") throw new ProviderError(PROVIDER, "request_failed", "domain is being deleted", { status: 422 });
          yield { resources: [], next: null };
        },
      isGone: (err) => err instanceof ProviderError && err.status === 422,
    });
    const { pages, error } = await collect(lister({}, { baseUrl: BASE }, null));
    expect(error).toBeNull();
    expect(nextsOf(pages)).toEqual(['[null,"b.com",null]', null]);
  });

  it("fails on any other error from a parent's children, claiming no completion", async () => {
    const { list, state } = dns({ "a.com": 1, "b.com": 1 });
    state.failing.add("b.com");
    const { pages, error } = await collect(list(null));
    expect(error).toMatchObject({ kind: "transient", status: 503 });
    expect(nextsOf(pages)).toEqual(['[null,"b.com",null]']);
  });

  it("restarts from the first parent when the resumed parent no longer exists, rather than yielding nothing", async () => {
    const { list, state } = dns({ "a.com": 1, "b.com": 1, "c.com": 1, "d.com": 3 });
    // d.com was being listed; between slices it is deleted and e.com created, so the total stays 4.
    delete state.domains["d.com"];
    state.domains["e.com"] = 1;
    const { pages, error } = await collect(list('["2:4","d.com","2"]'));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual(["a.com/rec-000", "b.com/rec-000", "c.com/rec-000", "e.com/rec-000"]);
    expect(state.requests.slice(0, 2)).toEqual(["domains@2", "domains@1"]);
    expect(nextsOf(pages).at(-1)).toBeNull();
  });

  it("goes on from the first parent when a resumed parent on the first page is gone", async () => {
    const { list } = dns({ "a.com": 1, "b.com": 1 });
    const { pages } = await collect(list('[null,"zzz.com","5"]'));
    expect(idsOf(pages)).toEqual(["a.com/rec-000", "b.com/rec-000"]);
  });

  it("lists an account without parents as one empty, complete page", async () => {
    const { list } = dns({});
    expect((await collect(list(null))).pages).toEqual([{ resources: [], next: null }]);
  });

  it.each(["a.com", "[]", '[null,"a.com"]', '[null,null,"2"]', '["","a.com",null]', '[1,2,3]', '[null,"a.com",""]', "null"])("refuses the stored cursor %j", async (cursor) => {
    const { list, state } = dns({ "a.com": 1 });
    expect((await collect(list(cursor))).error).toBeInstanceOf(CursorError);
    expect(state.requests).toHaveLength(0);
  });
});
