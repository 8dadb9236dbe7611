/**
 * What every provider fake shares: a token registry (a token may hold only some permissions), injectable
 * faults (5xx, 429, malformed JSON, slow responses, failure on page k) and the `/_fake/*` control routes that
 * tests and `npm run sim` use.
 * Each fake adds its provider's own paths, bodies and headers on top.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";

export const fakeFaultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("status"), status: z.number().int().min(500).max(599) }),
  z.object({ kind: z.literal("rate_limit"), retryAfterSeconds: z.number().int().min(0) }),
  z.object({ kind: z.literal("malformed") }),
  /** Valid JSON of the wrong shape, with 200: a provider changing its contract under us. */
  z.object({ kind: z.literal("json"), body: z.unknown() }),
  z.object({ kind: z.literal("slow"), delayMs: z.number().int().min(0).max(120_000) }),
]).and(
  z.object({
    /** Only requests whose path starts with this. */
    path: z.string().optional(),
    /** Only requests carrying this token. */
    token: z.string().optional(),
    /** Only this page (the `page` query parameter) of a listing. */
    page: z.number().int().min(1).optional(),
    /** How many requests it hits before it is gone; forever when absent. */
    times: z.number().int().min(1).optional(),
    /**
     * How many matching requests pass before it starts hitting: "page k" for any pagination scheme, cursor or
     * link alike (`skip: k - 1` on the listing's path).
     */
    skip: z.number().int().min(1).optional(),
  }),
);
export type FakeFault = z.infer<typeof fakeFaultSchema>;

export interface FakeBase {
  tokens: Set<string>;
  /**
   * Tokens made with only some permissions — DigitalOcean's custom scopes (`droplet:read`), GitHub's
   * fine-grained permissions (`deployments=read`), Hetzner's read-only tokens (no `write`) — and what each was
   * granted, in the provider's own names. A token not in here may do everything.
   */
  grants: Map<string, Set<string>>;
  faults: FakeFault[];
  /** Requests served under the provider's API paths, for tests that count them. */
  requests: number;
}

export function baseState(): FakeBase {
  return { tokens: new Set(), grants: new Map(), faults: [], requests: 0 };
}

/** Takes the first fault matching the request, consuming one of its `times`. */
export function takeFault(state: FakeBase, request: { path: string; token: string; page: number | null }): FakeFault | undefined {
  const index = state.faults.findIndex(
    (f) => (!f.path || request.path.startsWith(f.path)) && (!f.token || f.token === request.token) && (f.page === undefined || f.page === request.page),
  );
  if (index < 0) return undefined;
  const fault = state.faults[index]!;
  if (fault.skip !== undefined && fault.skip > 0) {
    fault.skip -= 1;
    return undefined;
  }
  if (fault.times !== undefined) {
    fault.times -= 1;
    if (fault.times <= 0) state.faults.splice(index, 1);
  }
  return fault;
}

export function bearerToken(c: Context): string {
  const auth = c.req.header("authorization") ?? "";
  return /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, "") : "";
}

export function pageParam(c: Context): number | null {
  const raw = c.req.query("page");
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

export function malformedJson(c: Context): Response {
  return c.body('{"truncated": [', 200, { "content-type": "application/json" });
}

/** The answer a body fault replaces the provider's with (truncated JSON, or JSON of the wrong shape); null for other faults. */
export function faultyBody(c: Context, fault: FakeFault | undefined): Response | null {
  if (fault?.kind === "malformed") return malformedJson(c);
  if (fault?.kind === "json") return c.body(JSON.stringify(fault.body ?? null), 200, { "content-type": "application/json" });
  return null;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the token was made without this permission; the fake then refuses what needs it, as the provider does. */
export function lacks(state: FakeBase, token: string, permission: string): boolean {
  const granted = state.grants.get(token);
  return granted !== undefined && !granted.has(permission);
}

/** `scopes`: only these permissions (absent: all of them); registering the token again replaces them. */
const tokenBody = z.object({ token: z.string().min(1), scopes: z.array(z.string().min(1)).optional() });

/** `/_fake/tokens` and `/_fake/faults`; `extra` lets a fake add its own state controls. */
export function mountControlRoutes(app: Hono, state: FakeBase): void {
  app.post("/_fake/tokens", async (c) => {
    const parsed = tokenBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "token (string) is required; scopes (strings) is optional" }, 400);
    state.tokens.add(parsed.data.token);
    if (parsed.data.scopes) state.grants.set(parsed.data.token, new Set(parsed.data.scopes));
    else state.grants.delete(parsed.data.token);
    return c.json({ ok: true }, 201);
  });
  // Revoking a token is how a test makes the provider start rejecting credentials it used to accept.
  app.delete("/_fake/tokens/:token", (c) => {
    state.grants.delete(c.req.param("token"));
    return state.tokens.delete(c.req.param("token")) ? c.json({ ok: true }) : c.json({ error: "unknown token" }, 404);
  });
  app.post("/_fake/faults", async (c) => {
    const parsed = fakeFaultSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]?.message ?? "invalid fault" }, 400);
    state.faults.push(parsed.data);
    return c.json({ ok: true }, 201);
  });
  app.delete("/_fake/faults", (c) => {
    state.faults.length = 0;
    return c.json({ ok: true });
  });
}

/**
 * The control routes of one account, mounted under `/_fake/accounts/:token`: each account's data is controlled
 * under its token, so tests sharing one fake never see each other's. `GET /` shows the account.
 */
export function accountControl<Account extends object>(state: FakeBase, accountOf: (token: string) => Account): Hono<{ Variables: { account: Account } }> {
  const control = new Hono<{ Variables: { account: Account } }>();
  control.use("*", async (c, next) => {
    const token = c.req.param("token");
    if (!token || !state.tokens.has(token)) return c.json({ error: "unknown token; POST /_fake/tokens first" }, 404);
    c.set("account", accountOf(token));
    await next();
  });
  control.get("/", (c) => c.json(c.get("account")));
  return control;
}
