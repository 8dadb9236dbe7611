import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CursorError } from "./core";
import { connectionPages, connectionSchema, graphqlListing, pageInfoSchema } from "./graphql";
import type { Connection } from "./graphql";
import { BASE, collect, idsOf, ids, nextsOf, PROVIDER, resource, TOKEN } from "./testing";

/**
 * GitLab-like `projects(first: N, after: $after)`: the cursor is an opaque token naming the last node sent;
 * `hasNextPage` false on the last page, whose `endCursor` is still set.
 */
function gitlabProjects(all: string[], first: number) {
  const afters: (string | null)[] = [];
  const query = async (after: string | null): Promise<Connection<{ fullPath: string }>> => {
    afters.push(after);
    const start = after === null ? 0 : all.indexOf(atob(after)) + 1;
    const nodes = all.slice(start, start + first);
    return { nodes: nodes.map((fullPath) => ({ fullPath })), pageInfo: { hasNextPage: start + first < all.length, endCursor: nodes.length ? btoa(nodes.at(-1)!) : null } };
  };
  return { query, afters };
}

describe("connectionPages", () => {
  it("passes endCursor back as after until hasNextPage is false", async () => {
    const { query, afters } = gitlabProjects(ids("group/p", 5), 2);
    const { pages } = await collect(connectionPages(null, query, PROVIDER));
    expect(pages.flatMap((p) => p.items.map((n) => n.fullPath))).toEqual(ids("group/p", 5));
    expect(nextsOf(pages)).toEqual([btoa("group/p-001"), btoa("group/p-003"), null]);
    expect(afters).toEqual([null, btoa("group/p-001"), btoa("group/p-003")]);
  });

  it("resumes at a stored cursor and refuses an empty one", async () => {
    const { query, afters } = gitlabProjects(ids("group/p", 5), 2);
    const { pages } = await collect(connectionPages(btoa("group/p-003"), query, PROVIDER));
    expect(pages.flatMap((p) => p.items.map((n) => n.fullPath))).toEqual(["group/p-004"]);
    expect((await collect(connectionPages("", query, PROVIDER))).error).toBeInstanceOf(CursorError);
    expect(afters).toHaveLength(1);
  });

  it("fails when there is a next page but no cursor to it, or the same cursor again", async () => {
    const noCursor = async () => ({ nodes: [1], pageInfo: { hasNextPage: true, endCursor: null } });
    expect((await collect(connectionPages(null, noCursor, PROVIDER))).error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/endCursor is empty/) });
    const same = async () => ({ nodes: [1], pageInfo: { hasNextPage: true, endCursor: "abc" } });
    expect((await collect(connectionPages("abc", same, PROVIDER))).error).toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/repeats/) });
  });
});

describe("graphqlListing", () => {
  it("normalizes every node through the adapter's query function, given the credentials and the after cursor", async () => {
    const { query } = gitlabProjects(ids("g/p", 3), 2);
    const seen: string[] = [];
    const lister = graphqlListing<{ token: string }, { fullPath: string }>({
      provider: PROVIDER,
      query: (credentials, ctx, after) => {
        seen.push(`${credentials.token}@${ctx.baseUrl}`);
        return query(after);
      },
      normalize: (node) => resource(node.fullPath),
    });
    const { pages } = await collect(lister({ token: TOKEN }, { baseUrl: BASE }, null));
    expect(idsOf(pages)).toEqual(ids("g/p", 3));
    expect(nextsOf(pages)).toEqual([btoa("g/p-001"), null]);
    expect(seen).toEqual([`${TOKEN}@${BASE}`, `${TOKEN}@${BASE}`]);
  });

  it("offers a connection schema for adapters' response schemas", () => {
    const schema = connectionSchema(z.object({ fullPath: z.string() }));
    expect(schema.parse({ nodes: [{ fullPath: "a/b" }], pageInfo: { hasNextPage: false, endCursor: null } }).nodes).toHaveLength(1);
    expect(pageInfoSchema.safeParse({ hasNextPage: "yes", endCursor: null }).success).toBe(false);
  });
});
