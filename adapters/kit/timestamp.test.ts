import { describe, expect, it } from "vitest";
import { CursorError } from "./core";
import type { PageRequest } from "./core";
import { timestampCursor } from "./timestamp";
import { collect, nextsOf, stubPages } from "./testing";

type Body = { items: string[]; pagination: { count: number; next: number | null; prev: number | null } };

/** Vercel-like: items created at the given times, newest first; `until` = created before; `limit` a page. */
function vercelBody(created: number[], limit: number) {
  const newestFirst = [...created].sort((a, b) => b - a);
  return (request: PageRequest): Body => {
    const until = request.query?.until === undefined ? Infinity : Number(request.query.until);
    const page = newestFirst.filter((t) => t < until).slice(0, limit);
    const more = newestFirst.filter((t) => t < until).length > limit;
    return { items: page.map((t) => `dpl_${t}`), pagination: { count: page.length, next: more ? page.at(-1)! : null, prev: null } };
  };
}

const paging = timestampCursor<Body>({ next: (b) => b.pagination.next, limit: 2 });

describe("timestampCursor", () => {
  it("sends pagination.next back as until, and ends at next: null", async () => {
    const { walk, requests } = stubPages(vercelBody([1000, 2000, 3000, 4000, 5000], 2));
    const { pages } = await collect(walk(paging));
    expect(pages.flatMap((p) => p.items)).toEqual(["dpl_5000", "dpl_4000", "dpl_3000", "dpl_2000", "dpl_1000"]);
    expect(nextsOf(pages)).toEqual(["4000", "2000", null]);
    expect(requests.map((r) => r.query)).toEqual([{ limit: 2, until: undefined }, { limit: 2, until: 4000 }, { limit: 2, until: 2000 }]);
  });

  it("ends at next: null even after a full page", async () => {
    const { walk, requests } = stubPages(vercelBody([1000, 2000, 3000, 4000], 2));
    const { pages } = await collect(walk(paging));
    expect(pages.map((p) => p.items.length)).toEqual([2, 2]);
    expect(requests).toHaveLength(2);
  });

  it("resumes at a stored timestamp", async () => {
    const { walk, requests } = stubPages(vercelBody([1000, 2000, 3000, 4000, 5000], 2));
    const { pages } = await collect(walk(paging, "2000"));
    expect(pages.flatMap((p) => p.items)).toEqual(["dpl_1000"]);
    expect(pages[0]!.at).toBe("2000");
    expect(requests[0]!.query?.until).toBe(2000);
  });

  it("fails on a timestamp that repeats the one sent or is not whole milliseconds", async () => {
    const repeat = stubPages((): Body => ({ items: ["a"], pagination: { count: 1, next: 2000, prev: null } }));
    expect((await collect(repeat.walk(paging, "2000"))).error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/repeats/) });
    const fractional = stubPages((): Body => ({ items: ["a"], pagination: { count: 1, next: 12.5, prev: null } }));
    expect((await collect(fractional.walk(paging))).error).toMatchObject({ kind: "contract_violation" });
  });

  it.each(["", "abc", "-5", "1.5", "12:3"])("refuses the stored cursor %j", async (cursor) => {
    const { walk, requests } = stubPages(vercelBody([1000], 2));
    expect((await collect(walk(paging, cursor))).error).toBeInstanceOf(CursorError);
    expect(requests).toHaveLength(0);
  });
});
