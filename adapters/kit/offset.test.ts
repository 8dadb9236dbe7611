import { describe, expect, it } from "vitest";
import { CursorError, MAX_LISTING_RESTARTS } from "./core";
import type { PageRequest } from "./core";
import { offsetLimit } from "./offset";
import { collect, firstPages, ids, nextsOf, stubPages } from "./testing";

type Body = { items: string[]; count?: number };

/** Supabase-like: `offset` and `limit` in, `pagination.count` (here `count`) out; `cap` lowers the page size. */
function offsetBody(items: string[], options: { count?: boolean; cap?: number } = {}) {
  return (request: PageRequest): Body => {
    const offset = Number(request.query?.offset);
    const limit = Math.min(Number(request.query?.limit), options.cap ?? Infinity);
    return { items: items.slice(offset, offset + limit), ...(options.count === false ? {} : { count: items.length }) };
  };
}

const withCount = offsetLimit<Body>({ limit: 100, total: (b) => b.count });

describe("offsetLimit", () => {
  it("walks to the reported count, each cursor the next offset with the count seen", async () => {
    const { walk, requests } = stubPages(offsetBody(ids("p", 250)));
    const { pages, error } = await collect(walk(withCount));
    expect(error).toBeNull();
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 50]);
    expect(nextsOf(pages)).toEqual(["100:250", "200:250", null]);
    expect(requests.map((r) => r.query)).toEqual([0, 100, 200].map((offset) => ({ offset, limit: 100 })));
  });

  it("ends an exactly full listing at its count without another request", async () => {
    const { walk, requests } = stubPages(offsetBody(ids("p", 200)));
    await collect(walk(withCount));
    expect(requests).toHaveLength(2);
  });

  it("resumes at the saved offset", async () => {
    const { walk, requests } = stubPages(offsetBody(ids("p", 250)));
    const { pages } = await collect(walk(withCount, "200:250"));
    expect(pages[0]!.items[0]).toBe("p-200");
    expect(pages[0]!.at).toBe("200:250");
    expect(requests).toHaveLength(1);
  });

  it("restarts from offset 0 when the count changed between slices, so an item that moved up is not skipped", async () => {
    const items = ids("p", 250);
    const { walk, requests } = stubPages(offsetBody(items));
    const [first] = await firstPages(walk(withCount), 1);
    items.splice(10, 1);
    requests.length = 0;
    const { pages, error } = await collect(walk(withCount, first!.next));
    expect(error).toBeNull();
    expect(requests.map((r) => r.query?.offset)).toEqual([100, 0, 100, 200]);
    // p-100 moved to offset 99: resuming at 100 would have missed it.
    expect(pages.flatMap((p) => p.items)).toContain("p-100");
    expect(new Set([...first!.items, ...pages.flatMap((p) => p.items)]).size).toBe(250);
  });

  it("fails as transient when the count keeps changing", async () => {
    const items = ids("p", 250);
    const respond = offsetBody(items);
    const { walk, requests } = stubPages((request) => {
      if (request.query?.offset !== 0) items.push(`new-${items.length}`);
      return respond(request);
    });
    const { error } = await collect(walk(withCount));
    expect(error).toMatchObject({ kind: "transient", message: expect.stringMatching(/kept changing/) });
    expect(requests.filter((r) => r.query?.offset === 0)).toHaveLength(MAX_LISTING_RESTARTS + 1);
  });

  it("advances by what arrived when the provider caps the page below the limit asked for", async () => {
    const { walk } = stubPages(offsetBody(ids("p", 120), { cap: 50 }));
    const { pages } = await collect(walk(withCount));
    expect(nextsOf(pages)).toEqual(["50:120", "100:120", null]);
    expect(pages.flatMap((p) => p.items)).toEqual(ids("p", 120));
  });

  it("without a count, ends at the first short page", async () => {
    const { walk, requests } = stubPages(offsetBody(ids("p", 230), { count: false }));
    const { pages } = await collect(walk(offsetLimit<Body>({ limit: 100 })));
    expect(nextsOf(pages)).toEqual(["100", "200", null]);
    expect(requests).toHaveLength(3);
  });

  it("without a count, an exactly full last page is followed by the empty page that ends it", async () => {
    const { walk } = stubPages(offsetBody(ids("p", 200), { count: false }));
    const { pages } = await collect(walk(offsetLimit<Body>({ limit: 100 })));
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 0]);
  });

  it("fails on an empty page before the reported count, rather than ending early", async () => {
    const { walk } = stubPages((request): Body => ({ items: request.query?.offset === 0 ? ids("p", 100) : [], count: 300 }));
    const { error } = await collect(walk(withCount));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/offset 100 is empty/) });
  });

  it("uses the parameter names given", async () => {
    const { walk, requests } = stubPages((): Body => ({ items: [] }));
    await collect(walk(offsetLimit<Body>({ limit: 20, offsetParam: "skip", limitParam: "take" })));
    expect(requests[0]!.query).toEqual({ skip: 0, take: 20 });
  });

  it.each(["-1", "x", "10:y", "10:20:30", "", "01"])("refuses the stored cursor %j", async (cursor) => {
    const { walk, requests } = stubPages(offsetBody(ids("p", 10)));
    const { error } = await collect(walk(withCount, cursor));
    expect(error).toBeInstanceOf(CursorError);
    expect(requests).toHaveLength(0);
  });
});
