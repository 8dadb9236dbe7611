import { describe, expect, it } from "vitest";
import { CursorError } from "./core";
import type { PageRequest } from "./core";
import { itemCursor } from "./item-cursor";
import { collect, ids, nextsOf, stubPages } from "./testing";

type Entry = { cursor: string; service: { id: string } };
type Body = { items: string[]; entries: Entry[] };

/** Render-like: a bare list of `{cursor, service}` entries; `cursor` asks for the entries after that one. */
function renderBody(services: string[]) {
  const entries = services.map((id) => ({ cursor: `cur_${id}`, service: { id } }));
  return (request: PageRequest): Body => {
    const after = request.query?.cursor;
    const start = after === undefined ? 0 : entries.findIndex((e) => e.cursor === after) + 1;
    const page = entries.slice(start, start + Number(request.query?.limit));
    return { entries: page, items: page.map((e) => e.service.id) };
  };
}

const paging = itemCursor<Body, Entry>({ entries: (b) => b.entries, cursor: (e) => e.cursor, limit: 10 });

describe("itemCursor", () => {
  it("asks for the next page with the last entry's own cursor, and ends on a short page", async () => {
    const { walk, requests } = stubPages(renderBody(ids("srv", 25)));
    const { pages } = await collect(walk(paging));
    expect(pages.flatMap((p) => p.items)).toEqual(ids("srv", 25));
    expect(nextsOf(pages)).toEqual(["cur_srv-009", "cur_srv-019", null]);
    expect(requests.map((r) => r.query)).toEqual([
      { limit: 10, cursor: undefined },
      { limit: 10, cursor: "cur_srv-009" },
      { limit: 10, cursor: "cur_srv-019" },
    ]);
  });

  it("ends on the empty page that follows an exactly full last page", async () => {
    const { walk } = stubPages(renderBody(ids("srv", 20)));
    const { pages } = await collect(walk(paging));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 0]);
    expect(nextsOf(pages).at(-1)).toBeNull();
  });

  it("lists an empty account as one complete page", async () => {
    const { walk } = stubPages(renderBody([]));
    expect((await collect(walk(paging))).pages).toEqual([{ items: [], next: null, at: null }]);
  });

  it("resumes after the stored entry's cursor", async () => {
    const { walk } = stubPages(renderBody(ids("srv", 25)));
    const { pages } = await collect(walk(paging, "cur_srv-019"));
    expect(pages.flatMap((p) => p.items)).toEqual(ids("srv", 5, 20));
  });

  it("fails instead of looping when the last entry's cursor is the one just sent, or is empty", async () => {
    const stuck = stubPages((): Body => ({ items: ids("x", 10), entries: ids("x", 10).map(() => ({ cursor: "same", service: { id: "x" } })) }));
    expect((await collect(stuck.walk(paging, "same"))).error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/repeats/) });
    const blank = stubPages((): Body => ({ items: ids("x", 10), entries: ids("x", 10).map(() => ({ cursor: "", service: { id: "x" } })) }));
    expect((await collect(blank.walk(paging))).error).toMatchObject({ kind: "contract_violation" });
  });

  it("refuses an empty stored cursor", async () => {
    const { walk, requests } = stubPages(renderBody(ids("srv", 3)));
    expect((await collect(walk(paging, ""))).error).toBeInstanceOf(CursorError);
    expect(requests).toHaveLength(0);
  });
});
