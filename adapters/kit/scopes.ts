/**
 * Scoped listings: a token that sees several accounts, teams or organizations (Vercel teams, Sentry and
 * Supabase organizations, Turso organizations, Render owners) lists a kind over each selected scope in turn.
 *
 * Cursor: a JSON array `[scopeId, innerCursor]` — the scope being listed and where its own listing resumes
 * (null: from its start), e.g. `["team_abc","1609492210000"]`.
 *
 * Scopes are listed in order of their id (plain code-unit order), whatever order the provider returns them
 * in: a resumed listing then knows that every scope before the saved one was listed in full, so when the saved
 * scope has vanished between slices it simply goes on with the next one.
 */
import { z } from "zod";
import type { Lister, ProviderContext } from "../types";
import { invalidCursor, isNotFound, MAX_CURSOR_LENGTH } from "./core";
import { memoWithin } from "./page-memo";

const scopeCursorSchema = z.tuple([z.string().min(1), z.string().min(1).nullable()]);

function parseScopeCursor(cursor: string): { scope: string; inner: string | null } {
  let raw: unknown;
  try {
    raw = cursor.length > MAX_CURSOR_LENGTH ? null : JSON.parse(cursor);
  } catch {
    throw invalidCursor("scope", cursor);
  }
  const parsed = scopeCursorSchema.safeParse(raw);
  if (!parsed.success) throw invalidCursor("scope", cursor);
  return { scope: parsed.data[0], inner: parsed.data[1] };
}

const scopeCursor = (scope: string, inner: string | null) => JSON.stringify([scope, inner]);

/** Whether the dock covers this account: it names it in its scope, or covers every account (no scope). */
export function inDockScope(ctx: Pick<ProviderContext, "accounts">, accountId: string): boolean {
  return ctx.accounts === undefined || ctx.accounts === null || ctx.accounts.includes(accountId);
}

export interface ScopesSpec<Credentials, Scope> {
  /**
   * The scopes the token sees, read again on each resume; those outside the dock's scope (`ctx.accounts`) are
   * left out here, so a lister never has to.
   */
  scopes: (credentials: Credentials, ctx: ProviderContext) => Promise<readonly Scope[]>;
  scopeId: (scope: Scope) => string;
  /** The kind's lister within one scope. */
  list: (scope: Scope) => Lister<Credentials>;
  /** Whether an error from a scope's listing may mean the scope is gone. Default: the provider's 404. */
  isGone?: (err: unknown) => boolean;
}

/**
 * Lists a kind over every scope. A scope gone between the scope list and its listing (or between slices) is
 * passed over — but only once the scope list, read again, no longer has it: a 404 from a scope that is still
 * there is the listing's own failure (a wrong path, a withdrawn endpoint) and fails the kind, rather than
 * passing over every scope and sweeping all they hold.
 */
export function acrossScopes<Credentials, Scope>(spec: ScopesSpec<Credentials, Scope>): Lister<Credentials> {
  const isGone = spec.isGone ?? isNotFound;
  const ordered = async (credentials: Credentials, ctx: ProviderContext) => {
    const byId = new Map<string, Scope>();
    for (const scope of await spec.scopes(credentials, ctx)) {
      const id = spec.scopeId(scope);
      if (!byId.has(id) && inDockScope(ctx, id)) byId.set(id, scope);
    }
    return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return async function* (credentials, ctx, cursor) {
    const resume = cursor === null ? null : parseScopeCursor(cursor);
    const scopes = await ordered(credentials, ctx);
    let start = 0;
    let inner: string | null = null;
    if (resume) {
      start = scopes.findIndex(([id]) => id >= resume.scope);
      if (start < 0) start = scopes.length;
      else if (scopes[start]![0] === resume.scope) inner = resume.inner;
    }
    let endYielded = false;
    for (let i = start; i < scopes.length; i++) {
      const [id, scope] = scopes[i]!;
      const following = scopes[i + 1];
      const after = following === undefined ? null : scopeCursor(following[0], null);
      const resumeAt = i === start ? inner : null;
      try {
        for await (const page of spec.list(scope)(credentials, memoWithin(ctx, scope), resumeAt)) {
          const next = page.next === null ? after : scopeCursor(id, page.next);
          endYielded = next === null;
          yield { ...page, next };
        }
      } catch (err) {
        if (!isGone(err)) throw err;
        const now = await ordered(credentials, ctx);
        if (now.some(([other]) => other === id)) throw err;
        endYielded = after === null;
        yield { resources: [], next: after };
      }
    }
    if (!endYielded) yield { resources: [], next: null };
  };
}
