/**
 * Property-based fuzzing of every API operation, walked from the OpenAPI document: malformed paths, queries,
 * bodies and content types, sent as an organization's Owner. Whatever the input, the API must answer
 * without a 5xx, with the error envelope on every 4xx, with no stack trace or project path, and without
 * echoing a secret it holds (session, provider token, webhook secret, API token, the credentials key).
 *
 * `npm test` runs a short, time-bounded session; `npm run fuzz` a long one. Tune with VITE_FUZZ_RUNS (runs
 * per operation), VITE_FUZZ_SECONDS (time for all operations together) and VITE_FUZZ_SEED (to replay).
 */
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorEnvelopeSchema } from "../../shared/api";
import { addMember, api, connectDock, createOrg, fakeUrl, ORIGIN, roleIdOf, signUp } from "../helpers";
import { dropletsOnly, syncNow } from "../sync-helpers";
import { Raw, Real, requestFor } from "./fuzz-inputs";
import type { FuzzRequest, InputHints, PathValue, QueryValue } from "./fuzz-inputs";
import { DIRECT_ROUTES, loadOpenApiDocument, operationsOf } from "./openapi-operations";
import type { Operation } from "./openapi-operations";

const RUNS = Number(import.meta.env.VITE_FUZZ_RUNS ?? 25);
const BUDGET_MS = Number(import.meta.env.VITE_FUZZ_SECONDS ?? 35) * 1_000;
const SEED = import.meta.env.VITE_FUZZ_SEED === undefined ? undefined : Number(import.meta.env.VITE_FUZZ_SEED);

/** Operations not fuzzed, and why. Each must still exist; everything else in the document is fuzzed. */
const SKIPPED: Record<string, string> = {
  "POST /api/auth/logout": "ends the Owner's session that every other request uses; it takes no input to malform",
  "GET /api/orgs/{orgId}/live": "a WebSocket handshake, covered by the live channel's own tests",
};

/** Routes outside the document that are fuzzed too, described by hand. */
const DIRECT_OPERATIONS: Operation[] = [
  { method: "get", path: "/api/openapi.json", key: "GET /api/openapi.json", summary: "the API description", pathParams: [], queryParams: [], body: null, revealedFields: [], statuses: ["200"] },
  {
    method: "post",
    path: "/webhooks/{provider}/{dockId}",
    key: "POST /webhooks/{provider}/{dockId}",
    summary: "webhook receiver: without the dock's signature nothing may succeed",
    pathParams: [
      { name: "provider", in: "path", required: true },
      { name: "dockId", in: "path", required: true },
    ],
    queryParams: [],
    body: {},
    revealedFields: [],
    statuses: ["200", "202", "400", "401", "404", "413", "422"],
  },
  {
    method: "post",
    path: "/webhooks/{provider}/{dockId}/{urlToken}",
    key: "POST /webhooks/{provider}/{dockId}/{urlToken}",
    summary: "webhook receiver of a provider that signs nothing: without the dock's URL token nothing may succeed",
    pathParams: [
      { name: "provider", in: "path", required: true },
      { name: "dockId", in: "path", required: true },
      { name: "urlToken", in: "path", required: true },
    ],
    queryParams: [],
    body: {},
    revealedFields: [],
    statuses: ["200", "202", "400", "401", "404", "413", "422"],
  },
];
/**
 * Upstream failures a handler answers on purpose (the provider could not be reached: 502 with the envelope)
 * that the operation's document does not declare yet. Tolerated until it does; then the entry is stale and
 * the coverage test asks for it to go. Any other 5xx fails.
 */
const UNDECLARED_UPSTREAM_ERRORS: Record<string, { status: number; code: string }> = {};

/** Operations whose every answer must be a refusal, since the fuzzer cannot hold what they require. */
const ONLY_REFUSALS = new Set(["POST /webhooks/{provider}/{dockId}", "POST /webhooks/{provider}/{dockId}/{urlToken}"]);

const operations = [...operationsOf(await loadOpenApiDocument()), ...DIRECT_OPERATIONS];
const fuzzed = operations.filter((op) => !(op.key in SKIPPED));

// ---- the fixture: an Owner's organization with one of everything, and the secrets it holds ----

interface Fixture {
  cookie: string;
  apiToken: string;
  orgId: string;
  /** Real ids by path or field name, for every operation but DELETE. */
  stable: Map<string, string[]>;
  /** The one object of each kind that DELETE operations may destroy; re-created when they do. */
  disposable: Map<string, string>;
  /** Ids of another organization: they must answer like ids that do not exist. */
  foreign: Map<string, string[]>;
  /** Every secret value the API holds for this fixture. */
  secrets: Map<string, Secret>;
}

interface Secret {
  what: string;
  /**
   * The path under which an operation declaring a secret field may hand this one over again (a dock's
   * webhook settings); never set for credentials, sessions or keys.
   */
  revealedUnder?: string;
}
let fx: Fixture;
const replenish: Record<string, () => Promise<string>> = {};

const ids = (map: Map<string, string[]>, name: string, ...values: string[]) => map.set(name, [...(map.get(name) ?? []), ...values]);

async function newDock(orgId: string, cookie: string, name: string) {
  const dock = await connectDock(orgId, cookie, name);
  fx.secrets.set(dock.token, { what: `the provider token of dock ${dock.dockId}` });
  return dock;
}

async function newApiToken(name: string): Promise<{ id: string; token: string }> {
  const res = await api<{ id: string; token: string }>("POST", `/api/orgs/${fx.orgId}/tokens`, { cookie: fx.cookie, body: { name } });
  expect(res.status).toBe(201);
  fx.secrets.set(res.body.token, { what: `API token ${res.body.id}` });
  return res.body;
}

async function newInvitation(roleId: string): Promise<{ id: string; token: string }> {
  const res = await api<{ id: string; token: string }>("POST", `/api/orgs/${fx.orgId}/invitations`, {
    cookie: fx.cookie,
    body: { email: `fuzz.${crypto.randomUUID().slice(0, 8)}@example.com`, roleId },
  });
  expect(res.status).toBe(201);
  fx.secrets.set(res.body.token, { what: `invitation token ${res.body.id}` });
  return res.body;
}

async function newRole(): Promise<string> {
  const res = await api<{ id: string }>("POST", `/api/orgs/${fx.orgId}/roles`, { cookie: fx.cookie, body: { name: `Fuzz ${crypto.randomUUID().slice(0, 8)}`, permissions: { docks: "read" } } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function readWebhookSecret(orgId: string, cookie: string, dockId: string): Promise<void> {
  const res = await api<{ secret: string }>("GET", `/api/orgs/${orgId}/docks/${dockId}/webhook`, { cookie });
  expect(res.status).toBe(200);
  fx.secrets.set(res.body.secret, { what: `the webhook secret of dock ${dockId}`, revealedUnder: `/api/orgs/${orgId}/docks/${dockId}/webhook` });
}

beforeAll(async () => {
  const owner = await signUp("FuzzOwner");
  const orgId = await createOrg(owner.cookie, "Fuzz Org");
  fx = { cookie: owner.cookie, apiToken: "", orgId, stable: new Map(), disposable: new Map(), foreign: new Map(), secrets: new Map() };
  const never = (what: string): Secret => ({ what });
  fx.secrets.set(owner.cookie.slice(owner.cookie.indexOf("=") + 1), never("the Owner's session cookie"));
  const keys = env.CREDENTIALS_KEYS;
  fx.secrets.set(keys, never("CREDENTIALS_KEYS"));
  for (const entry of keys.split(",")) {
    const material = entry.slice(entry.indexOf(":") + 1);
    fx.secrets.set(material, never("a CREDENTIALS_KEYS key"));
    fx.secrets.set(Array.from(atob(material), (ch) => ch.charCodeAt(0).toString(16).padStart(2, "0")).join(""), never("a CREDENTIALS_KEYS key, in hex"));
  }
  fx.apiToken = (await newApiToken("fuzz auth")).token;

  // Something synced, so resource and event reads have rows to serve.
  const stableDock = await newDock(orgId, owner.cookie, "Fuzz stable");
  await dropletsOnly(stableDock.token, 3);
  await syncNow(orgId, stableDock.dockId, owner.cookie);
  const resources = await api<{ items: { id: string }[] }>("GET", `/api/orgs/${orgId}/resources?limit=5`, { cookie: owner.cookie });
  expect(resources.body.items.length).toBeGreaterThan(0);
  await readWebhookSecret(orgId, owner.cookie, stableDock.dockId);

  const ghToken = `ghp_${crypto.randomUUID().replace(/-/g, "")}`;
  await fetch(`${fakeUrl("github")}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: ghToken }) });
  const gh = await api<{ id: string }>("POST", `/api/orgs/${orgId}/docks`, { cookie: owner.cookie, body: { name: "Fuzz gh", provider: "github", credentials: { token: ghToken }, baseUrl: fakeUrl("github") } });
  expect(gh.status).toBe(201);
  fx.secrets.set(ghToken, never("the provider token of the GitHub dock"));
  await readWebhookSecret(orgId, owner.cookie, gh.body.id);

  const viewerRoleId = await roleIdOf(orgId, owner.cookie, "Viewer");
  const member = await addMember(orgId, owner.cookie, "viewer", "FuzzMember");
  const invitation = await newInvitation(viewerRoleId);
  const customRole = await newRole();
  const otherToken = await newApiToken("fuzz other");

  ids(fx.stable, "orgId", orgId);
  ids(fx.stable, "dockId", stableDock.dockId, gh.body.id);
  ids(fx.stable, "resourceId", ...resources.body.items.map((r) => r.id));
  ids(fx.stable, "userId", member.user.id);
  ids(fx.stable, "roleId", customRole, viewerRoleId);
  ids(fx.stable, "invitationId", invitation.id);
  ids(fx.stable, "token", invitation.token);
  ids(fx.stable, "tokenId", otherToken.id);
  ids(fx.stable, "provider", "github", "digitalocean", "hetzner");

  replenish.dockId = async () => (await newDock(orgId, owner.cookie, "Fuzz disposable")).dockId;
  replenish.userId = async () => (await addMember(orgId, owner.cookie, "viewer", "FuzzGone")).user.id;
  replenish.roleId = newRole;
  replenish.invitationId = async () => (await newInvitation(viewerRoleId)).id;
  replenish.tokenId = async () => (await newApiToken("fuzz disposable")).id;
  for (const [name, make] of Object.entries(replenish)) fx.disposable.set(name, await make());

  const outsider = await signUp("FuzzOutsider");
  const outsiderOrg = await createOrg(outsider.cookie, "Fuzz Other");
  const outsiderDock = await connectDock(outsiderOrg, outsider.cookie, "Other dock");
  fx.secrets.set(outsiderDock.token, never("the provider token of another organization's dock"));
  ids(fx.foreign, "orgId", outsiderOrg);
  ids(fx.foreign, "dockId", outsiderDock.dockId);
  ids(fx.foreign, "roleId", await roleIdOf(outsiderOrg, outsider.cookie, "Viewer"));
}, 120_000);

// ---- sending ----

function resolve(value: Real, op: Operation): string {
  if (value.pool.startsWith("foreign:")) {
    const list = fx.foreign.get(value.pool.slice("foreign:".length)) ?? [];
    return list.length > 0 ? list[value.pick % list.length]! : "nothing_like_this";
  }
  if (value.pool === "secret") {
    const list = [...fx.secrets.keys()];
    return list[value.pick % list.length]!;
  }
  const disposable = fx.disposable.get(value.pool);
  if (op.method === "delete" && disposable !== undefined) return disposable;
  const list = [...(fx.stable.get(value.pool) ?? []), ...(disposable !== undefined ? [disposable] : [])];
  return list.length > 0 ? list[value.pick % list.length]! : "nothing_like_this";
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** URLs cannot carry lone surrogates; the replacement character keeps the rest of the string as it was. */
const encode = (s: string) => encodeURIComponent(s.replace(LONE_SURROGATE, "\uFFFD"));

function segment(value: PathValue, op: Operation): string {
  if (value instanceof Raw) return value.text;
  return encode(value instanceof Real ? resolve(value, op) : value);
}

function urlOf(op: Operation, req: FuzzRequest): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => segment(req.path[name] ?? "", op));
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(req.query)) {
    if (value === undefined) continue;
    pairs.push(`${encode(name)}=${encode(queryText(value, op))}`);
  }
  for (const [name, value] of req.extraQuery) pairs.push(`${encode(name)}=${encode(value)}`);
  return `${ORIGIN}${path}${pairs.length > 0 ? `?${pairs.join("&")}` : ""}`;
}

const queryText = (value: QueryValue, op: Operation) => (value instanceof Real ? resolve(value, op) : value);

function bodyOf(op: Operation, req: FuzzRequest): BodyInit | undefined {
  const body = req.body;
  if (!body) return undefined;
  if (body.kind === "text") return body.text;
  if (body.kind === "bytes") return body.bytes;
  return JSON.stringify(body.value, (_key, v: unknown) => (v instanceof Real ? resolve(v, op) : v)) ?? "null";
}

let ipCounter = 0;

async function send(op: Operation, req: FuzzRequest): Promise<{ status: number; headers: Headers; text: string; url: string }> {
  const headers = new Headers({ "cf-connecting-ip": `203.0.113.${ipCounter++ % 250}` });
  if (req.auth === "cookie") headers.set("cookie", fx.cookie);
  else headers.set("authorization", `Bearer ${fx.apiToken}`);
  const method = op.method.toUpperCase();
  if (method !== "GET") headers.set("origin", req.foreignOrigin ? "https://evil.example" : ORIGIN);
  if (req.contentType !== null) headers.set("content-type", req.contentType);
  const url = urlOf(op, req);
  const res = await exports.default.fetch(new Request(url, { method, headers, body: method === "GET" ? undefined : bodyOf(op, req) }));
  return { status: res.status, headers: res.headers, text: await res.text(), url };
}

// ---- what every answer must satisfy ----

const TRACE_PATTERNS: [string, RegExp][] = [
  ["a stack frame", /\bat\s+[^\s()]+\s+\([^()\n]*:\d+:\d+\)/],
  ["a stack frame", /\n\s+at\s+\S/],
  ["an error trace", /\b(?:[A-Z][A-Za-z]*)?Error:\s/],
  ["a database error", /SQLITE_|D1_ERROR|no such (?:table|column)|constraint failed/i],
  ["a project file path", /\/work\/|node_modules\/|file:\/\/|(?:^|[\s("'/])(?:worker|adapters|durable-objects|shared|test|web)\/[\w./-]+\.(?:ts|tsx|js|mjs)\b|\.(?:ts|tsx|js|mjs):\d+/],
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters in error messages is this check's purpose.
const UNSAFE_IN_MESSAGE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\uD800-\uDFFF]/u;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Deliberate 5xx answers seen (upstream unreachable and the like), listed in the summary. */
const upstreamAnswers = new Set<string>();

interface Checked {
  status: number;
}

const statusCounts = new Map<string, Map<number, number>>();

function check(op: Operation, res: { status: number; headers: Headers; text: string; url: string }): Checked {
  const where = `${op.key} answered ${res.status} to ${res.url.slice(0, 300)}`;
  const excerpt = res.text.slice(0, 600);
  if (res.status >= 500) {
    // Only a deliberate answer about something outside the Worker, in the envelope, and declared.
    const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
    const tolerated = UNDECLARED_UPSTREAM_ERRORS[op.key];
    const declared = op.statuses.includes(String(res.status)) || (tolerated?.status === res.status && envelope.data?.error.code === tolerated.code);
    if (!declared || !envelope.success || envelope.data.error.code === "internal_error") throw new Error(`${where}: a server error: ${excerpt}`);
    upstreamAnswers.add(`${op.key} ${res.status} ${envelope.data.error.code}`);
  }
  if (ONLY_REFUSALS.has(op.key) && (res.status < 400 || res.status >= 500)) throw new Error(`${where}: expected a refusal (4xx): ${excerpt}`);
  if (res.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      throw new Error(`${where}: a 4xx that is not JSON: ${excerpt}`);
    }
    const envelope = errorEnvelopeSchema.safeParse(parsed);
    if (!envelope.success) throw new Error(`${where}: a 4xx without the error envelope: ${excerpt}`);
    // Messages quote input back (a field name, an unknown key); what a toast or a log line shows must not
    // carry characters that hide or reorder text.
    const unsafe = UNSAFE_IN_MESSAGE.exec(envelope.data.error.message);
    if (unsafe) throw new Error(`${where}: the error message carries U+${unsafe[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}: ${excerpt}`);
    if (!/^application\/json\b/i.test(res.headers.get("content-type") ?? "")) throw new Error(`${where}: a 4xx with content type ${res.headers.get("content-type")}`);
  }

  // A success may hand over a secret in a field the document declares for it; that value is learned (it must
  // not turn up anywhere else later) and taken out before the rest is searched.
  let searched = res.text;
  if (res.status < 300 && op.revealedFields.length > 0) {
    const parsed: unknown = JSON.parse(res.text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const copy: Record<string, unknown> = { ...parsed };
      for (const field of op.revealedFields) {
        const value = copy[field];
        if (typeof value !== "string") continue;
        // Revealed once, it is a known secret: only the same settings (say, re-reading a webhook secret) may
        // show it again.
        const known = fx.secrets.get(value);
        const path = new URL(res.url).pathname;
        const under = known?.revealedUnder;
        if (known !== undefined && (under === undefined || !(path.startsWith(under) || under.startsWith(path)))) {
          throw new Error(`${where}: reveals ${known.what} in "${field}"`);
        }
        fx.secrets.set(value, known ?? { what: `the ${field} handed over by ${res.url}`, revealedUnder: path });
        delete copy[field];
      }
      searched = JSON.stringify(copy);
    }
  }
  const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
  for (const [value, secret] of fx.secrets) {
    if (value.length >= 8 && (searched.includes(value) || headerText.includes(value))) throw new Error(`${where}: echoes ${secret.what}`);
  }
  for (const [what, pattern] of TRACE_PATTERNS) {
    const hit = pattern.exec(searched) ?? pattern.exec(headerText);
    if (hit) throw new Error(`${where}: contains ${what} (${JSON.stringify(hit[0])}): ${excerpt}`);
  }
  return { status: res.status };
}

// ---- running ----

function hints(): InputHints {
  const real = (pool: string) => fc.oneof({ weight: 3, arbitrary: fc.nat().map((n) => new Real(pool, n)) }, { weight: 1, arbitrary: fc.string({ maxLength: 70 }) });
  return {
    fields: {
      roleId: real("roleId"),
      dockId: real("dockId"),
      resourceId: real("resourceId"),
      userId: real("userId"),
      actorId: real("userId"),
      targetId: real("dockId"),
      token: real("token"),
      provider: fc.constantFrom("digitalocean", "github", "hetzner", "nope"),
      email: fc.oneof(fc.emailAddress(), fc.stringMatching(/^[a-z0-9.]{1,20}$/).map((local) => `${local}@example.com`)),
      // Reachable or refused at once, so no request waits on a network timeout.
      baseUrl: fc.constantFrom(fakeUrl("digitalocean"), fakeUrl("github"), fakeUrl("hetzner"), "http://127.0.0.1:9/", "ftp://x"),
      // Real tokens go in, so an answer that echoed credentials would be caught.
      credentials: fc.oneof(
        { weight: 3, arbitrary: fc.record({ token: fc.oneof(fc.nat().map((n) => new Real("secret", n)), fc.stringMatching(/^[\x21-\x7e]{20,80}$/)) }) },
        {
          weight: 1,
          arbitrary: fc.dictionary(fc.constantFrom("token", "apiKey", "apiToken", "email", "x"), fc.oneof(fc.nat().map((n) => new Real("secret", n)), fc.string({ minLength: 20, maxLength: 80 })), { maxKeys: 2 }),
        },
      ),
    },
    // Without it a dock would be validated against the provider's real API, which is not reachable here.
    include: ["baseUrl"],
  };
}

async function replenishAfter(op: Operation, status: number): Promise<void> {
  if (op.method !== "delete" || status >= 300) return;
  for (const p of op.pathParams) {
    const make = replenish[p.name];
    if (make) fx.disposable.set(p.name, await make());
  }
}

const started = { at: 0 };
let remaining = fuzzed.length;

describe("the fuzzer's coverage", () => {
  it("fuzzes every operation of the document, and skips only operations that exist, each with a reason", () => {
    const known = new Set([...operations.map((o) => o.key), ...DIRECT_ROUTES]);
    expect(Object.keys(SKIPPED).filter((k) => !known.has(k)), "SKIPPED names routes that no longer exist").toEqual([]);
    expect(DIRECT_ROUTES.filter((k) => !operations.some((o) => o.key === k) && !(k in SKIPPED)), "direct routes neither fuzzed nor skipped").toEqual([]);
    expect(fuzzed.length).toBeGreaterThan(30);
  });

  it("tolerates undeclared upstream errors only where the document still lacks them", () => {
    const stale = Object.entries(UNDECLARED_UPSTREAM_ERRORS).filter(([key, { status }]) => {
      const op = operations.find((o) => o.key === key);
      return !op || op.statuses.includes(String(status));
    });
    expect(stale.map(([key]) => key), "entries of UNDECLARED_UPSTREAM_ERRORS whose route is gone or now declares the status").toEqual([]);
  });
});

describe("the fuzzer's oracle", () => {
  // Fed made-up answers, so it is known to fail on what it is meant to catch, not only to pass.
  const op: Operation = { method: "post", path: "/api/x", key: "POST /api/x", summary: "", pathParams: [], queryParams: [], body: null, revealedFields: [], statuses: ["200", "400"] };
  const revealing: Operation = { ...op, key: "POST /api/reveal", revealedFields: ["token"] };
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers({ "content-type": typeof body === "string" ? "text/plain" : "application/json", ...headers }),
    text: typeof body === "string" ? body : JSON.stringify(body),
    url: `${ORIGIN}/api/x`,
  });
  const envelope = (message: string) => ({ error: { code: "bad_request", message } });
  const secretOf = (what: RegExp) => [...fx.secrets].find(([, s]) => what.test(s.what))![0];

  it("passes a plain refusal and a success", () => {
    expect(check(op, answer(404, envelope("dock not found"))).status).toBe(404);
    expect(check(op, answer(200, { items: [] })).status).toBe(200);
  });

  it.each([
    ["a 500", answer(500, { error: { code: "internal_error", message: "something went wrong" } }), /server error/],
    ["an undeclared 502", answer(502, { error: { code: "provider_unavailable", message: "x" } }), /server error/],
    ["a 4xx that is not JSON", answer(400, "Bad Request"), /not JSON/],
    ["a 4xx without the envelope", answer(400, { message: "bad" }), /error envelope/],
    ["a stack frame", answer(400, envelope("boom\n    at handle (worker/app.ts:12:3)")), /stack frame/],
    ["an error trace", answer(400, envelope("TypeError: Cannot read properties of undefined")), /error trace/],
    ["a database error", answer(400, envelope("D1_ERROR: no such column: x")), /database error/],
    ["a project path", answer(400, envelope("see /work/main/worker/app.ts")), /project file path/],
    ["a bidirectional override in a message", answer(400, envelope("invalid body: x\u202Eexe.txt")), /carries U\+202E/],
  ])("fails on %s", (_what, res, message) => {
    expect(() => check(op, res)).toThrow(message);
  });

  it("fails on an echoed secret, in the body or a header", () => {
    expect(() => check(op, answer(200, { note: secretOf(/session cookie/) }))).toThrow(/echoes the Owner's session cookie/);
    expect(() => check(op, answer(200, {}, { "x-debug": secretOf(/^a CREDENTIALS_KEYS key$/) }))).toThrow(/echoes a CREDENTIALS_KEYS key/);
    expect(() => check(op, answer(400, envelope(`bad token ${secretOf(/provider token/)}`)))).toThrow(/echoes the provider token/);
  });

  it("lets a declared field hand over a new secret once, then treats it as one", () => {
    const fresh = `edk_${crypto.randomUUID()}`;
    expect(check(revealing, answer(200, { id: "tok_1", token: fresh })).status).toBe(200);
    expect(() => check(op, answer(200, { again: fresh }))).toThrow(/echoes the token handed over/);
    expect(() => check(revealing, answer(200, { token: secretOf(/provider token/) }))).toThrow(/reveals the provider token/);
    fx.secrets.delete(fresh);
  });
});

describe.each(fuzzed)("$key", (op) => {
  it(
    "answers malformed input without a 5xx, with the error envelope, and leaks nothing",
    async () => {
      started.at ||= Date.now();
      // The budget is shared: an operation that finishes early leaves its time to the ones after it.
      const timeLimit = Math.max(500, (started.at + BUDGET_MS - Date.now()) / remaining);
      remaining--;
      const counts = new Map<number, number>();
      statusCounts.set(op.key, counts);
      await fc.assert(
        fc.asyncProperty(requestFor(op, hints()), async (req) => {
          const res = await send(op, req);
          const { status } = check(op, res);
          counts.set(status, (counts.get(status) ?? 0) + 1);
          await replenishAfter(op, status);
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: timeLimit, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      // The fuzzer is only as good as its fixture: nothing it sent may have signed the Owner out.
      const me = await api("GET", "/api/me", { cookie: fx.cookie });
      expect(me.status, `after fuzzing ${op.key} the Owner's session no longer works: add it to SKIPPED or re-create the session`).toBe(200);
    },
    BUDGET_MS + 60_000,
  );
});

afterAll(() => {
  const lines = [...statusCounts].map(([key, counts]) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const byStatus = [...counts].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
    return `${key}: ${total} runs (${byStatus})`;
  });
  const upstream = upstreamAnswers.size > 0 ? `\ndeliberate upstream errors: ${[...upstreamAnswers].join(", ")}` : "";
  console.log(`fuzzed ${statusCounts.size} operations in ${((Date.now() - started.at) / 1000).toFixed(1)} s\n${lines.join("\n")}${upstream}`);
});
