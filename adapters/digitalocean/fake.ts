/**
 * A fake of the DigitalOcean API v2, faithful to ../shared/provider-contracts/digitalocean: bearer auth
 * with the real 401 body, the ratelimit-* headers on every response, 429 with retry-after, and error
 * bodies `{id, message}`. Its state is plain data a test or `npm run sim` controls, through the object
 * or through the `/_fake/*` control routes.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import account from "./fixtures/account_get.json";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import error500 from "./fixtures/error_500.json";

/** A fault hits requests whose path starts with `path` and, when `token` is set, only that token's requests. */
interface FaultScope {
  path?: string;
  token?: string;
  times?: number;
}
export type FakeFault = FaultScope &
  (
    | { kind: "status"; status: 500 | 502 | 503 }
    | { kind: "rate_limit"; retryAfterSeconds: number }
    | { kind: "malformed" }
    | { kind: "slow"; delayMs: number }
  );

export interface DigitalOceanFakeState {
  tokens: Set<string>;
  accountStatus: "active" | "warning" | "locked";
  faults: FakeFault[];
  hourlyLimit: number;
  requests: number;
}

export function initialState(): DigitalOceanFakeState {
  return { tokens: new Set(), accountStatus: "active", faults: [], hourlyLimit: 5000, requests: 0 };
}

/** Takes the first matching fault, consuming one of its `times`. */
function takeFault(state: DigitalOceanFakeState, path: string, token: string): FakeFault | undefined {
  const index = state.faults.findIndex((f) => (!f.path || path.startsWith(f.path)) && (!f.token || f.token === token));
  if (index < 0) return undefined;
  const fault = state.faults[index]!;
  if (fault.times !== undefined) {
    fault.times -= 1;
    if (fault.times <= 0) state.faults.splice(index, 1);
  }
  return fault;
}

function rateLimitHeaders(c: Context, state: DigitalOceanFakeState) {
  c.header("ratelimit-limit", String(state.hourlyLimit));
  c.header("ratelimit-remaining", String(Math.max(0, state.hourlyLimit - state.requests)));
  c.header("ratelimit-reset", String(Math.floor(Date.now() / 1000) + 3600));
}

export function createDigitalOceanFake(state: DigitalOceanFakeState = initialState()) {
  const app = new Hono();

  app.get("/_fake/state", (c) => c.json({ tokens: [...state.tokens], accountStatus: state.accountStatus, faults: state.faults, requests: state.requests }));
  app.post("/_fake/tokens", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { token?: unknown };
    if (typeof body.token !== "string" || body.token.length === 0) return c.json({ error: "token (string) is required" }, 400);
    state.tokens.add(body.token);
    return c.json({ ok: true }, 201);
  });
  app.post("/_fake/faults", async (c) => {
    const fault = (await c.req.json().catch(() => null)) as FakeFault | null;
    if (!fault || typeof fault !== "object" || !("kind" in fault)) return c.json({ error: "a fault object is required" }, 400);
    state.faults.push(fault);
    return c.json({ ok: true }, 201);
  });
  app.delete("/_fake/faults", (c) => {
    state.faults.length = 0;
    return c.json({ ok: true });
  });

  app.use("/v2/*", async (c, next) => {
    state.requests += 1;
    rateLimitHeaders(c, state);
    const auth = c.req.header("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    const fault = takeFault(state, c.req.path, token);
    if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.kind === "status") return c.json(error500, fault.status);
    if (fault?.kind === "rate_limit") {
      c.header("ratelimit-remaining", "0");
      c.header("retry-after", String(fault.retryAfterSeconds));
      return c.json(error429, 429);
    }
    if (!state.tokens.has(token)) return c.json(error401, 401);
    if (fault?.kind === "malformed") return c.body('{"account": {"uuid": ', 200, { "content-type": "application/json" });
    await next();
  });

  app.get("/v2/account", (c) => c.json({ account: { ...account.account, status: state.accountStatus } }));

  app.all("/v2/*", (c) => c.json({ id: "not_found", message: "The resource you were accessing could not be found." }, 404));
  return app;
}
