import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { CursorError, MAX_LISTING_RESTARTS } from "./core";
import type { PageRequest } from "./core";
import { numberedPages, pageNumber, PREFETCH_PAGES } from "./page-number";
import type { NumberedPage } from "./page-number";
import { collect, firstPages, idsOf, ids, nextsOf, PROVIDER, resource, stubPages } from "./testing";

/**
 * A provider whose listing is an array the test can change between requests, paged like Hetzner: next and
 * last page, and the total. Every requested page number is recorded.
 */
function numberedProvider(items: string[], perPage: number, options: { lastPage?: boolean; failOn?: number } = {}) {
  const requested: number[] = [];
  const fetchPage = async (page: number): Promise<NumberedPage<string[]>> => {
    requested.push(page);
    if (page === options.failOn) throw new ProviderError(PROVIDER, "transient", `${PROVIDER} failed with 503`, { status: 503 });
    const last = Math.max(1, Math.ceil(items.length / perPage));
    return {
      page: items.slice((page - 1) * perPage, page * perPage),
      nextPage: page < last ? page + 1 : null,
      lastPage: options.lastPage === false ? null : last,
      total: items.length,
    };
  };
  return { fetchPage, requested };
}

/** The numbered pages of ids as a lister yields them, each id a resource. */
async function* list(cursor: string | null, fetchPage: (page: number) => Promise<NumberedPage<string[]>>) {
  for await (const { page, next } of numberedPages(cursor, fetchPage, PROVIDER)) yield { resources: page.map(resource), next };
}

describe("numberedPages", () => {
  it("pages to the end, each cursor carrying the total the listing had", async () => {
    const { fetchPage, requested } = numberedProvider(ids("s", 173), 50);
    const { pages, error } = await collect(list(null, fetchPage));
    expect(error).toBeNull();
    expect(pages.map((p) => p.resources.length)).toEqual([50, 50, 50, 23]);
    expect(nextsOf(pages)).toEqual(["2:173", "3:173", "4:173", null]);
    expect(new Set(idsOf(pages)).size).toBe(173);
    expect([...requested].sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });

  it("resumes from a cursor with the remaining pages only", async () => {
    const { fetchPage, requested } = numberedProvider(ids("s", 173), 50);
    const { pages } = await collect(list("3:173", fetchPage));
    expect(pages.map((p) => p.resources.length)).toEqual([50, 23]);
    expect(pages[0]!.resources[0]!.externalId).toBe("s-100");
    expect(requested).toEqual([3, 4]);
  });

  it("accepts a cursor saved without a total", async () => {
    const { fetchPage, requested } = numberedProvider(ids("s", 120), 50);
    const { pages } = await collect(list("2", fetchPage));
    expect(idsOf(pages)).toEqual(ids("s", 70, 50));
    expect(requested).toEqual([2, 3]);
  });

  it("lists an empty account as one empty, complete page", async () => {
    const { fetchPage } = numberedProvider([], 50);
    const { pages } = await collect(list(null, fetchPage));
    expect(pages).toEqual([{ resources: [], next: null }]);
  });

  it("a listing resumed in a later slice after an earlier item was deleted starts again, so no item is skipped and swept", async () => {
    const items = ids("s", 173);
    const { fetchPage, requested } = numberedProvider(items, 50);
    const [first] = await firstPages(list(null, fetchPage), 1);
    const seen = new Set(first!.resources.map((r) => r.externalId));
    // Between slices an item of page 1 is deleted: every later item moves up one place.
    items.splice(0, 1);
    requested.length = 0;
    const { pages, error } = await collect(list(first!.next, fetchPage));
    expect(error).toBeNull();
    for (const id of idsOf(pages)) seen.add(id);
    // Resuming at page 2 would have missed s-050, which moved from page 2 to page 1.
    expect(seen.size).toBe(173);
    expect(requested[0]).toBe(2);
    expect(requested[1]).toBe(1);
    expect(nextsOf(pages).at(-1)).toBeNull();
  });

  it("fails as transient, claiming no completion, when the total keeps changing", async () => {
    const items = ids("s", 173);
    const inner = numberedProvider(items, 50);
    let added = 0;
    // An item is added before every request for a later page.
    const growing = async (page: number) => {
      if (page > 1) items.push(`new-${added++}`);
      return inner.fetchPage(page);
    };
    const { pages, error } = await collect(list(null, growing));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "transient", message: expect.stringMatching(/kept changing/) });
    expect(pages.every((p) => p.next !== null)).toBe(true);
    // Page 1 once, then page 1 again after each restart that was allowed.
    expect(inner.requested.filter((p) => p === 1).length).toBe(MAX_LISTING_RESTARTS + 1);
  });

  it("surfaces a page that keeps failing as the provider's error, without claiming completion", async () => {
    const { fetchPage } = numberedProvider(ids("s", 173), 50, { failOn: 3, lastPage: false });
    const { pages, error } = await collect(list(null, fetchPage));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 503 });
    expect(nextsOf(pages)).toEqual(["2:173", "3:173"]);
  });

  it("requests up to PREFETCH_PAGES ahead while a page is written, when the last page is known", async () => {
    const { fetchPage, requested } = numberedProvider(ids("s", 500), 50);
    const [page1] = await firstPages(list(null, fetchPage), 1);
    expect(page1!.next).toBe("2:500");
    expect(requested).toEqual([1, ...Array.from({ length: PREFETCH_PAGES }, (_, i) => i + 2)]);
  });

  it("requests only the next page when the provider does not say which is last", async () => {
    const { fetchPage, requested } = numberedProvider(ids("s", 500), 50, { lastPage: false });
    await firstPages(list(null, fetchPage), 1);
    expect(requested).toEqual([1, 2]);
  });

  it.each(["0", "-1", "abc", "2:x", "2:3:4", " 2", "02", "2:", "", "1e3"])("refuses the stored cursor %j before sending anything", async (cursor) => {
    const { fetchPage, requested } = numberedProvider(ids("s", 10), 50);
    const { error } = await collect(list(cursor, fetchPage));
    expect(error).toBeInstanceOf(CursorError);
    expect(requested).toEqual([]);
  });
});

type Body = { items: string[]; next?: number | null; last?: number | null; total?: number | null };

/** Answers page requests from `items`, reporting what `report` asks for. */
function pagedBody(items: string[], perPage: number, report: { next?: boolean; last?: boolean; total?: boolean }) {
  return (request: PageRequest): Body => {
    const page = Number(request.query?.page);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    return {
      items: items.slice((page - 1) * perPage, page * perPage),
      ...(report.next ? { next: page < last ? page + 1 : null } : {}),
      ...(report.last ? { last } : {}),
      ...(report.total ? { total: items.length } : {}),
    };
  };
}

describe("pageNumber", () => {
  it("asks for each page under the parameter names given (Linode: page_size)", async () => {
    const { walk, requests } = stubPages(pagedBody(ids("l", 60), 25, { last: true }));
    const { pages } = await collect(walk(pageNumber({ perPage: 25, perPageParam: "page_size", lastPage: (b) => b.last })));
    expect(pages.map((p) => p.items.length)).toEqual([25, 25, 10]);
    expect(requests.map((r) => r.query)).toEqual([1, 2, 3].map((page) => ({ page, page_size: 25 })));
  });

  it("follows the provider's stated next page (Hetzner next_page, DigitalOcean links.pages.next)", async () => {
    const { walk } = stubPages(pagedBody(ids("h", 120), 50, { next: true, total: true }));
    const { pages } = await collect(walk(pageNumber({ perPage: 50, nextPage: (b) => b.next, total: (b) => b.total })));
    expect(nextsOf(pages)).toEqual(["2:120", "3:120", null]);
    expect(pages.map((p) => p.at)).toEqual([null, "2:120", "3:120"]);
  });

  it("ends at the last page when that is all the provider says (Linode pages)", async () => {
    const { walk, requests } = stubPages(pagedBody(ids("l", 50), 25, { last: true }));
    const { pages } = await collect(walk(pageNumber({ perPage: 25, lastPage: (b) => b.last })));
    expect(pages.map((p) => p.items.length)).toEqual([25, 25]);
    // Exactly full: page * perPage = total, and no third request.
    expect(requests).toHaveLength(2);
  });

  it("ends by the total when only the total is known (Cloudflare total_count), without an extra request", async () => {
    const { walk, requests } = stubPages(pagedBody(ids("c", 100), 50, { total: true }));
    const { pages } = await collect(walk(pageNumber({ perPage: 50, total: (b) => b.total })));
    expect(nextsOf(pages)).toEqual(["2:100", null]);
    expect(requests).toHaveLength(2);
  });

  it("fails rather than ends on an empty page the total says should not be empty", async () => {
    const { walk } = stubPages((request): Body => (request.query?.page === 1 ? { items: ids("c", 50), total: 200 } : { items: [], total: 200 }));
    const { pages, error } = await collect(walk(pageNumber({ perPage: 50, total: (b) => b.total })));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/page 2 is empty/) });
    expect(nextsOf(pages)).toEqual(["2:200"]);
  });

  it("with no count at all, goes on after a full page and ends after a short one", async () => {
    const { walk, requests } = stubPages(pagedBody(ids("g", 30), 10, {}));
    const { pages } = await collect(walk(pageNumber({ perPage: 10 })));
    // 10, 10, 10, then an empty page ends it: a full page cannot tell it was the last.
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 0]);
    expect(nextsOf(pages)).toEqual(["2", "3", "4", null]);
    expect(requests).toHaveLength(4);
  });

  it("restarts on a changed total like pagesByNumber", async () => {
    const items = ids("h", 120);
    const { walk } = stubPages(pagedBody(items, 50, { next: true, total: true }));
    const paging = pageNumber<Body>({ perPage: 50, nextPage: (b) => b.next, total: (b) => b.total });
    const [first] = await firstPages(walk(paging), 1);
    items.splice(3, 1);
    const { pages } = await collect(walk(paging, first!.next));
    expect(pages[0]!.at).toBeNull();
    expect(new Set([...first!.items, ...pages.flatMap((p) => p.items)]).size).toBe(120);
  });

  it("refuses a page size that is not a positive integer", () => {
    expect(() => pageNumber({ perPage: 0 })).toThrow(/perPage/);
  });
});
