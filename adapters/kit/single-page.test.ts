import { describe, expect, it } from "vitest";
import { CursorError } from "./core";
import { singlePage } from "./single-page";
import { collect, stubPages } from "./testing";

describe("singlePage", () => {
  it("makes one request and calls the listing complete", async () => {
    const { walk, requests } = stubPages(() => ({ items: ["a", "b"] }));
    const { pages } = await collect(walk(singlePage()));
    expect(pages).toEqual([{ items: ["a", "b"], next: null, at: null }]);
    expect(requests).toEqual([{ query: {} }]);
  });

  it("refuses a cursor, which no unpaged listing hands out", async () => {
    const { walk, requests } = stubPages(() => ({ items: [] }));
    expect((await collect(walk(singlePage(), "2"))).error).toBeInstanceOf(CursorError);
    expect(requests).toHaveLength(0);
  });
});
