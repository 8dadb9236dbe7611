import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { CursorError } from "./core";
import { acrossScopes } from "./scopes";
import { BASE, collect, firstPages, idsOf, ids, memoryLister, nextsOf, PROVIDER, TOKEN } from "./testing";

type Team = { id: string };

/** Teams, each with its own deployments listing (2 a page); `teams` and `gone` may change between slices. */
function account(teams: Record<string, number>) {
  // `vanish`: a scope that answers 404 has been deleted by then, so the scope list read again lacks it.
  const state = { teams: { ...teams } as Record<string, number>, gone: new Set<string>(), vanish: false, requests: [] as string[], scopeReads: 0 };
  const lister = acrossScopes<{ token: string }, Team>({
    scopes: async () => {
      state.scopeReads++;
      // Returned in an order of the provider's own: the kit orders them by id.
      return Object.keys(state.teams).reverse().map((id) => ({ id }));
    },
    scopeId: (team) => team.id,
    list: (team) => {
      const inner = memoryLister(team.id, () => ids(`${team.id}/dpl`, state.teams[team.id] ?? 0), 2, { gone: state.gone.has(team.id), requests: state.requests });
      return async function* (credentials, ctx, cursor) {
        try {
          yield* inner(credentials, ctx, cursor);
        } catch (err) {
          if (state.vanish) delete state.teams[team.id];
          throw err;
        }
      };
    },
  });
  return {
    state,
    list: (cursor: string | null, accounts: readonly string[] | null = null) => lister({ token: TOKEN }, { baseUrl: BASE, accounts }, cursor),
  };
}

describe("acrossScopes", () => {
  it("lists every scope in turn, in id order, each cursor naming the scope and its own cursor", async () => {
    const { list } = account({ team_a: 3, team_b: 1, team_c: 2 });
    const { pages, error } = await collect(list(null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual([...ids("team_a/dpl", 3), ...ids("team_b/dpl", 1), ...ids("team_c/dpl", 2)]);
    expect(nextsOf(pages)).toEqual(['["team_a","2"]', '["team_b",null]', '["team_c",null]', null]);
  });

  it("lists only the scopes the dock covers, and every one the token sees when it names none", async () => {
    const { list, state } = account({ team_a: 3, team_b: 1, team_c: 2 });
    const narrowed = await collect(list(null, ["team_c", "team_a", "team_gone"]));
    expect(narrowed.error).toBeNull();
    expect(idsOf(narrowed.pages)).toEqual([...ids("team_a/dpl", 3), ...ids("team_c/dpl", 2)]);
    expect(state.requests.some((r) => r.startsWith("team_b"))).toBe(false);
    const everything = await collect(list(null, null));
    expect(idsOf(everything.pages)).toEqual([...ids("team_a/dpl", 3), ...ids("team_b/dpl", 1), ...ids("team_c/dpl", 2)]);
  });

  it("resumes inside the saved scope at its own cursor, after the scopes already done", async () => {
    const { list, state } = account({ team_a: 3, team_b: 5, team_c: 2 });
    const { pages } = await collect(list('["team_b","2"]'));
    expect(idsOf(pages)).toEqual([...ids("team_b/dpl", 3, 2), ...ids("team_c/dpl", 2)]);
    expect(state.requests).toEqual(["team_b@2", "team_b@4", "team_c@0"]);
  });

  it("goes on with the next scope when the saved one vanished between slices", async () => {
    const { list, state } = account({ team_a: 3, team_b: 5, team_c: 2 });
    const [first] = await firstPages(list('["team_b",null]'), 1);
    expect(first!.next).toBe('["team_b","2"]');
    delete state.teams.team_b;
    state.requests.length = 0;
    const { pages, error } = await collect(list(first!.next));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual(ids("team_c/dpl", 2));
    expect(state.requests).toEqual(["team_c@0"]);
    expect(nextsOf(pages).at(-1)).toBeNull();
  });

  it("passes over a scope that answers 404 and is no longer in the scope list", async () => {
    const { list, state } = account({ team_a: 1, team_b: 2, team_c: 1 });
    state.gone.add("team_b");
    state.vanish = true;
    const { pages, error } = await collect(list(null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual(["team_a/dpl-000", "team_c/dpl-000"]);
    expect(nextsOf(pages)).toEqual(['["team_b",null]', '["team_c",null]', null]);
  });

  it("fails the kind on a 404 from a scope that is still listed, instead of passing over everything it holds", async () => {
    const { list, state } = account({ team_a: 1, team_b: 2 });
    state.gone.add("team_b");
    const { pages, error } = await collect(list(null));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 404 });
    expect(nextsOf(pages)).toEqual(['["team_b",null]']);
    expect(state.scopeReads).toBe(2);
  });

  it("lets errors other than gone through", async () => {
    const lister = acrossScopes<unknown, Team>({
      scopes: async () => [{ id: "t" }],
      scopeId: (t) => t.id,
      list: () => async function* () {
        yield* [];
        throw new ProviderError(PROVIDER, "credentials_rejected", "no", { status: 401 });
      },
    });
    expect((await collect(lister({}, { baseUrl: BASE }, null))).error).toMatchObject({ kind: "credentials_rejected" });
  });

  it("lists a token without scopes as one empty, complete page", async () => {
    const { list } = account({});
    expect((await collect(list(null))).pages).toEqual([{ resources: [], next: null }]);
  });

  it.each(["team_a", "[]", '["team_a"]', '[1,null]', '["team_a",""]', '["","x"]', '["a","b","c"]', "{}", "null"])("refuses the stored cursor %j", async (cursor) => {
    const { list, state } = account({ team_a: 1 });
    expect((await collect(list(cursor))).error).toBeInstanceOf(CursorError);
    expect(state.requests).toHaveLength(0);
  });
});
