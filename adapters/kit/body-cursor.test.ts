import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bodyCursor } from "./body-cursor";
import { CursorError } from "./core";
import type { PageRequest } from "./core";
import { itemPages } from "./listing";
import { collect, ids, nextsOf, stubPages, testHttp, TOKEN, viaApp } from "./testing";

type Body = { items: string[]; next?: string | null; hasMore?: boolean };

/**
 * A cursor provider over `items`: the cursor is the index to start at, spelled `c<index>`; `last` decides what
 * the last page carries as its next cursor (Vultr `""`, Neon a cursor anyway, others null or nothing).
 */
function cursorBody(items: string[], size: number, last: "null" | "missing" | "empty" | "cursor") {
  return (request: PageRequest): Body => {
    const raw = request.query?.cursor;
    const start = raw === undefined ? 0 : Number(String(raw).slice(1));
    const page = items.slice(start, start + size);
    const end = start + size >= items.length;
    if (!end) return { items: page, next: `c${start + size}` };
    if (last === "null") return { items: page, next: null };
    if (last === "missing") return { items: page };
    if (last === "empty") return { items: page, next: "" };
    return { items: page, next: `c${start + page.length}` };
  };
}

describe("bodyCursor", () => {
  it.each(["null", "missing"] as const)("ends when the next cursor is %s, sending each cursor back as given", async (last) => {
    const { walk, requests } = stubPages(cursorBody(ids("v", 25), 10, last));
    const { pages, error } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next })));
    expect(error).toBeNull();
    expect(nextsOf(pages)).toEqual(["c10", "c20", null]);
    expect(pages.map((p) => p.at)).toEqual([null, "c10", "c20"]);
    expect(requests.map((r) => r.query?.cursor)).toEqual([undefined, "c10", "c20"]);
  });

  it("treats an empty-string cursor as a broken contract when only null ends the listing", async () => {
    const { walk } = stubPages(cursorBody(ids("v", 15), 10, "empty"));
    const { pages, error } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next })));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/empty string/) });
    expect(nextsOf(pages)).toEqual(["c10"]);
  });

  it('ends on "" when the provider says so (Vultr meta.links.next): an empty string is not a cursor', async () => {
    const { walk, requests } = stubPages(cursorBody(ids("v", 15), 10, "empty"));
    const { pages } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next, endsWhen: "blank", param: "cursor", limit: 10, limitParam: "per_page" })));
    expect(nextsOf(pages)).toEqual(["c10", null]);
    expect(requests.map((r) => r.query)).toEqual([{ per_page: 10, cursor: undefined }, { per_page: 10, cursor: "c10" }]);
  });

  it("stops on a short page although the last page still carries a cursor (Neon)", async () => {
    const { walk, requests } = stubPages(cursorBody(ids("n", 25), 10, "cursor"));
    const { pages } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next, endsWhen: "short-page", limit: 10 })));
    expect(nextsOf(pages)).toEqual(["c10", "c20", null]);
    expect(requests).toHaveLength(3);
  });

  it("stops on the empty page after an exactly full last page (Neon)", async () => {
    const { walk } = stubPages(cursorBody(ids("n", 20), 10, "cursor"));
    const { pages } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next, endsWhen: "short-page", limit: 10 })));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 0]);
    expect(nextsOf(pages).at(-1)).toBeNull();
  });

  it("fails, rather than ends, on a full page without a cursor when only a short page ends the listing", async () => {
    const { walk } = stubPages((): Body => ({ items: ids("n", 10) }));
    const { pages, error } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next, endsWhen: "short-page", limit: 10 })));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/no next cursor/) });
    expect(pages).toHaveLength(0);
  });

  it("ends when the provider's own flag says so (Convex hasMore), and insists on a cursor while it does not", async () => {
    const items = ids("x", 25);
    const respond = cursorBody(items, 10, "null");
    const { walk } = stubPages((request): Body => {
      const body = respond(request);
      return { ...body, hasMore: body.next !== null };
    });
    const { pages } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next, endsWhen: (b) => b.hasMore === false })));
    expect(nextsOf(pages)).toEqual(["c10", "c20", null]);

    const broken = stubPages((): Body => ({ items: ["a"], hasMore: true, next: null }));
    const { error } = await collect(broken.walk(bodyCursor<Body>({ next: (b) => b.next, endsWhen: (b) => b.hasMore === false })));
    expect(error).toMatchObject({ kind: "contract_violation" });
  });

  it("fails instead of looping when the provider hands back the cursor it was sent", async () => {
    const { walk, requests } = stubPages((): Body => ({ items: ["a"], next: "same" }));
    const { error } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next }), "same"));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/repeats/) });
    expect(requests).toHaveLength(1);
  });

  it("resumes with the stored cursor and refuses an empty one", async () => {
    const { walk, requests } = stubPages(cursorBody(ids("v", 25), 10, "null"));
    const { pages } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next }), "c20"));
    expect(pages.flatMap((p) => p.items)).toEqual(ids("v", 5, 20));
    expect(requests[0]!.query?.cursor).toBe("c20");
    const { error } = await collect(walk(bodyCursor<Body>({ next: (b) => b.next }), ""));
    expect(error).toBeInstanceOf(CursorError);
  });

  it("needs a limit to end on short pages", () => {
    expect(() => bodyCursor<Body>({ next: (b) => b.next, endsWhen: "short-page" })).toThrow(/limit/);
  });

  it("percent-encodes a cursor in the query, so the provider gets it back byte for byte", async () => {
    const tricky = "a+b/c=d&e f%20?#é";
    const received: (string | undefined)[] = [];
    const app = new Hono().get("/v2/instances", (c) => {
      received.push(c.req.query("cursor"));
      return c.json(c.req.query("cursor") === undefined ? { instances: ["i-1"], meta: { links: { next: tricky } } } : { instances: ["i-2"], meta: { links: { next: "" } } });
    });
    const { ctx, urls } = viaApp(app);
    const schema = z.object({ instances: z.array(z.string()), meta: z.object({ links: z.object({ next: z.string() }) }) });
    const pager = itemPages(schema, { http: testHttp, path: "/v2/instances", items: (b) => b.instances, paging: bodyCursor({ next: (b) => b.meta.links.next, endsWhen: "blank" }) });
    const { pages } = await collect(pager({ token: TOKEN }, ctx, null));
    expect(pages.flatMap((p) => p.items)).toEqual(["i-1", "i-2"]);
    expect(received).toEqual([undefined, tricky]);
    expect(urls[1]!.search).not.toContain("&e");
    expect(urls[1]!.search).toContain("a%2Bb%2Fc%3Dd%26e");
  });
});
