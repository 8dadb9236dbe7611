import { Hono } from "hono";
import type { Context } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CursorError } from "./core";
import { findLink, linkHeader, linkPath, parseLinkHeader, resolvePath } from "./link-header";
import { itemPages } from "./listing";
import { BASE, collect, ids, nextsOf, testHttp, TOKEN, viaApp } from "./testing";

describe("parseLinkHeader", () => {
  it("reads GitHub's header: every relation with its target", () => {
    const links = parseLinkHeader(
      '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last"',
    );
    expect(links.map((l) => [l.rels, l.target])).toEqual([
      [["prev"], "https://api.github.com/repositories/1300192/issues?page=2"],
      [["next"], "https://api.github.com/repositories/1300192/issues?page=4"],
      [["last"], "https://api.github.com/repositories/1300192/issues?page=515"],
    ]);
  });

  it("reads Sentry's header, with its results and cursor attributes", () => {
    const links = parseLinkHeader(
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"',
    );
    expect(findLink(links, "next")).toEqual({ target: "https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:100:0", rels: ["next"], params: { rel: "next", results: "true", cursor: "0:100:0" } });
    expect(findLink(links, "previous")?.params.results).toBe("false");
  });

  it("keeps commas and semicolons inside quoted values and targets, and reads escapes", () => {
    const links = parseLinkHeader('<https://x.test/a?b=1,2;3>; title="one, two; three \\"4\\""; rel=next, <https://x.test/z>; rel="last"');
    expect(links).toHaveLength(2);
    expect(links[0]).toMatchObject({ target: "https://x.test/a?b=1,2;3", rels: ["next"], params: { title: 'one, two; three "4"' } });
  });

  it("matches relation types case-insensitively, several to a link, and only the first rel parameter", () => {
    const links = parseLinkHeader('<https://x.test/2>; REL="Next Last"; rel="prev"');
    expect(links[0]!.rels).toEqual(["next", "last"]);
    expect(findLink(links, "NEXT")?.target).toBe("https://x.test/2");
    expect(findLink(links, "prev")).toBeNull();
  });

  it("returns nothing for a missing or unreadable header, and skips what is not a link value", () => {
    expect(parseLinkHeader(null)).toEqual([]);
    expect(parseLinkHeader("")).toEqual([]);
    expect(parseLinkHeader("garbage, <https://x.test/2>; rel=next")).toEqual([{ target: "https://x.test/2", rels: ["next"], params: { rel: "next" } }]);
    expect(parseLinkHeader("<https://x.test/2; rel=next")).toEqual([]);
  });
});

describe("linkPath and resolvePath", () => {
  it("keeps the provider's path and query, drops its origin, and removes the base URL's path prefix", () => {
    expect(linkPath("https://api.github.com", "https://api.github.com/repositories/42/issues?per_page=3&page=2", BASE)).toBe("/repositories/42/issues?per_page=3&page=2");
    expect(linkPath("https://ghe.corp.com/api/v3", "https://ghe.corp.com/api/v3/user/repos?page=2", BASE)).toBe("/user/repos?page=2");
    // A proxy under a path: the provider's links name its own host, whose path is kept whole.
    expect(linkPath("https://proxy.corp.com/github", "https://api.github.com/user/repos?page=2", BASE)).toBe("/user/repos?page=2");
    expect(linkPath(BASE, "/things?page=3", `${BASE}/things?page=2`)).toBe("/things?page=3");
    expect(linkPath(BASE, "?page=3", `${BASE}/things?page=2`)).toBe("/things?page=3");
  });

  it("resolves a path cursor on the dock's base URL, under its path", () => {
    expect(resolvePath("https://ghe.corp.com/api/v3/", "/user/repos?page=2")).toBe("https://ghe.corp.com/api/v3/user/repos?page=2");
  });

  it.each(["//evil.com/x", "https://evil.com/x", "user/repos", "/\\evil.com", "/a b", "/a\nb", "/a\u0001b", "/a\u007fb", "", "/x\\y", `/${"a".repeat(5000)}`])("refuses %j as a stored path", (path) => {
    expect(() => resolvePath(BASE, path)).toThrow(CursorError);
  });
});

const reposSchema = z.array(z.object({ id: z.number() }));

/**
 * GitHub-like: `per_page` items a page, absolute `link` URLs naming the canonical host (not the dock's), with
 * `/repositories/<id>/...` next links after the first page, and no `link` at all on a single page.
 */
function githubLike(count: number) {
  const all = Array.from({ length: count }, (_, i) => ({ id: i + 1 }));
  const app = new Hono();
  const serve = (c: Context, page: number, perPage: number) => {
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number) => `<https://api.github.com/repositories/99/items?per_page=${perPage}&page=${p}>`;
    const rels: string[] = [];
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    if (rels.length > 0) c.header("link", rels.join(", "));
    return c.json(all.slice((page - 1) * perPage, page * perPage));
  };
  app.get("/user/repos", (c) => serve(c, Number(c.req.query("page") ?? 1), Number(c.req.query("per_page") ?? 30)));
  app.get("/repositories/99/items", (c) => serve(c, Number(c.req.query("page")), Number(c.req.query("per_page"))));
  return app;
}

const repos = itemPages(reposSchema, { http: testHttp, path: "/user/repos", query: { sort: "full_name", per_page: 10 }, items: (b) => b, paging: linkHeader() });

describe("linkHeader", () => {
  it("follows rel=next to the end; cursors are paths on the dock's base URL, even for /repositories/<id>/ links", async () => {
    const { ctx, urls } = viaApp(githubLike(25));
    const { pages, error } = await collect(repos({ token: TOKEN }, ctx, null));
    expect(error).toBeNull();
    expect(pages.flatMap((p) => p.items.map((r) => r.id))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(nextsOf(pages)).toEqual(["/repositories/99/items?per_page=10&page=2", "/repositories/99/items?per_page=10&page=3", null]);
    // Every request stayed on the dock's base URL, though the links named api.github.com.
    expect(urls.map((u) => u.origin)).toEqual([BASE, BASE, BASE]);
    expect(urls[0]!.search).toBe("?sort=full_name&per_page=10");
  });

  it("reads a listing without a link header as one complete page", async () => {
    const { ctx } = viaApp(githubLike(3));
    const { pages } = await collect(repos({ token: TOKEN }, ctx, null));
    expect(pages).toEqual([{ items: [{ id: 1 }, { id: 2 }, { id: 3 }], next: null, at: null }]);
  });

  it("resumes from a stored path, and refuses one that names another host before sending anything", async () => {
    const { ctx, urls } = viaApp(githubLike(25));
    const { pages } = await collect(repos({ token: TOKEN }, ctx, "/repositories/99/items?per_page=10&page=3"));
    expect(pages.flatMap((p) => p.items.map((r) => r.id))).toEqual([21, 22, 23, 24, 25]);
    expect(pages[0]!.at).toBe("/repositories/99/items?per_page=10&page=3");
    urls.length = 0;
    const { error } = await collect(repos({ token: TOKEN }, ctx, "//evil.com/steal"));
    expect(error).toBeInstanceOf(CursorError);
    expect(urls).toHaveLength(0);
  });

  it("fails instead of looping when the next link is the page just fetched", async () => {
    const app = new Hono().get("/user/repos", (c) => {
      c.header("link", `<${BASE}/user/repos?sort=full_name&per_page=10>; rel="next"`);
      return c.json([{ id: 1 }]);
    });
    const { ctx } = viaApp(app);
    const { error } = await collect(repos({ token: TOKEN }, ctx, null));
    expect(error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/page just fetched/) });
  });

  it('ends Sentry\'s listing at the next link that says results="false", though the link is always there', async () => {
    const issues = ids("issue", 5);
    const requests: (string | undefined)[] = [];
    const app = new Hono().get("/api/0/organizations/acme/issues/", (c) => {
      const cursor = c.req.query("cursor");
      requests.push(cursor);
      const offset = cursor === undefined ? 0 : Number(cursor.split(":")[1]);
      const page = issues.slice(offset, offset + 2);
      const more = offset + 2 < issues.length;
      const url = (cur: string) => `https://sentry.io/api/0/organizations/acme/issues/?limit=2&query=&cursor=${cur}`;
      const prev = `0:${Math.max(0, offset - 2)}:1`;
      const next = `0:${offset + 2}:0`;
      c.header("link", `<${url(prev)}>; rel="previous"; results="${offset > 0}"; cursor="${prev}", <${url(next)}>; rel="next"; results="${more}"; cursor="${next}"`);
      return c.json(page.map((id) => ({ id })));
    });
    const { ctx } = viaApp(app);
    const pager = itemPages(z.array(z.object({ id: z.string() })), { http: testHttp, path: "/api/0/organizations/acme/issues/", query: { limit: 2, query: "" }, items: (b) => b, paging: linkHeader() });
    const { pages } = await collect(pager({ token: TOKEN }, ctx, null));
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(issues);
    expect(nextsOf(pages)).toEqual(["/api/0/organizations/acme/issues/?limit=2&query=&cursor=0:2:0", "/api/0/organizations/acme/issues/?limit=2&query=&cursor=0:4:0", null]);
    // Three requests: the third page's next link says there is nothing more, so no fourth.
    expect(requests).toEqual([undefined, "0:2:0", "0:4:0"]);
  });
});
