/**
 * A fake of the GitHub REST API, faithful to ../shared/provider-contracts/github: `Authorization: Bearer`
 * (or the legacy `token`) with the 401 `basic-error` body, a required `User-Agent`, the
 * `X-GitHub-Api-Version` check, `x-ratelimit-*` headers on every response, primary limits answered with
 * 403 (or 429) and `x-ratelimit-remaining: 0`, secondary limits with `retry-after`, `page`/`per_page`
 * pagination (max 100) with absolute `link` headers omitted when one page holds everything, and
 * deployments whose state lives in their statuses, weak `ETag`s with 304 answers to `If-None-Match` (not
 * counted against the primary limit), and fine-grained tokens lacking a permission refused with 403
 * "Resource not accessible by personal access token" and `X-Accepted-GitHub-Permissions`. Its state is plain
 * data a test or `npm run sim` controls, directly or through the `/_fake/*` routes:
 *   POST /_fake/tokens {token, scopes?: ["metadata=read", "deployments=read"]}, POST|DELETE /_fake/faults (the shared fake kit)
 *   GET /_fake/state; PATCH /_fake/user {…}
 *   POST /_fake/repos/generate {count, deploymentsPerRepo?, runsPerRepo?, environmentsPerRepo?, releasesPerRepo?}; POST /_fake/repos {name, …overrides}
 *   PATCH /_fake/repos/:id {…}; DELETE /_fake/repos/:id
 *   POST /_fake/repos/:id/deployments {environment?, ref?, sha?, states?}; POST /_fake/deployments/:id/statuses {state}
 *   POST /_fake/deployments/generate {count, repo?, daysApart?}; POST /_fake/repos/:id/runs {workflowId?, name?, branch?, status?, conclusion?, daysAgo?}
 *   POST /_fake/runs/generate {count, repo?, workflows?}
 *   POST /_fake/repos/:id/environments {name, protectionRules?}; POST /_fake/repos/:id/releases {tag, name?, draft?, prerelease?, daysAgo?}
 *   POST /_fake/rate-limit {mode: "primary", remaining?, limit?, resetInSeconds?, status?: 403|429}
 *                          {mode: "secondary", status?: 403|429, retryAfterSeconds?: number|null, times?} | {mode: "off"}
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { baseState, lacks, faultyBody, mountControlRoutes, pageParam, sleep, takeFault } from "../fake-kit";
import type { FakeBase } from "../fake-kit";
import { API_VERSION } from "./client";
import deploymentStatusesFixture from "./fixtures/deployment-statuses.json";
import deploymentsFixture from "./fixtures/deployments.json";
import environmentsFixture from "./fixtures/environments.json";
import releaseFixture from "./fixtures/release-latest.json";
import workflowRunsFixture from "./fixtures/workflow-runs.json";
import error401 from "./fixtures/error-401.json";
import releaseNotFound from "./fixtures/release-latest-404.json";
import rateLimitExceeded from "./fixtures/rate-limit-exceeded.json";
import userFixture from "./fixtures/user.json";
import userReposFixture from "./fixtures/user-repos.json";

type Json = Record<string, unknown>;

export interface FakeDeployment {
  repoId: number;
  deployment: Json;
  /** Oldest first, as they were created; the API lists them newest first. */
  statuses: Json[];
}

export interface FakeRun {
  repoId: number;
  run: Json;
}

/** An environment or a release of a repository, as the API shows it. */
export interface FakeRepoItem {
  repoId: number;
  item: Json;
}

export interface GithubFakeState extends FakeBase {
  user: Json;
  repos: Json[];
  deployments: FakeDeployment[];
  /** Workflow runs, any order; the API lists a repository's newest first. */
  runs: FakeRun[];
  /** Deployment environments, in the order they were made (the API lists them so). */
  environments: FakeRepoItem[];
  /** Releases, any order; `/releases/latest` picks the newest published full release. */
  releases: FakeRepoItem[];
  /** The primary (hourly) window. At 0 remaining every API call is refused until `resetAt` (epoch seconds). */
  rateLimit: { limit: number; remaining: number; resetAt: number; status: 403 | 429 };
  /** A secondary limit in force: refuses calls with `status`, with `retry-after` unless null, `times` calls or forever. */
  secondary: { status: 403 | 429; retryAfterSeconds: number | null; times: number | null } | null;
  nextId: number;
}

export const PUBLIC_BASE = "https://api.github.com";
const DOCS = "https://docs.github.com/rest";
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 30;
const clone = <T>(value: T): T => structuredClone(value);
const nowSeconds = () => Math.floor(Date.now() / 1000);

const repoTemplate = userReposFixture[0]!;
const deploymentTemplate = deploymentsFixture[0]!;
const runTemplate = workflowRunsFixture.workflow_runs[0]!;
const statusTemplate = deploymentStatusesFixture[0]!;
const environmentTemplate = environmentsFixture.environments[0]!;

/** A user or organization shaped like the spec's `simple-user`, under another login. */
export function makeOwner(login: string, id: number, type: "User" | "Organization" = "User"): Json {
  const owner = JSON.parse(JSON.stringify(repoTemplate.owner).replaceAll("octocat", login)) as Json;
  return { ...owner, id, node_id: btoa(`04:${type}${id}`), type };
}

/** A repository shaped like the spec's example, with every URL rewritten to its own name. */
export function makeRepo(owner: Json, name: string, id: number, overrides: Json = {}): Json {
  const fullName = `${String(owner.login)}/${name}`;
  const repo = JSON.parse(JSON.stringify(repoTemplate).replaceAll("octocat/Hello-World", fullName)) as Json;
  return { ...repo, id, node_id: btoa(`010:Repository${id}`), name, full_name: fullName, owner, ...overrides };
}

const ORG_LOGIN = "edgedock-labs";
const LANGUAGES = ["TypeScript", "Go", "Rust", null] as const;

/** The index-th generated repository: most owned by the user, every fourth by an organization. */
export function makeGeneratedRepo(user: Json, index: number): Json {
  const owner = index % 4 === 3 ? makeOwner(ORG_LOGIN, 9_000_001, "Organization") : makeOwner(String(user.login), Number(user.id));
  const isPrivate = index % 3 === 0;
  const created = new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString().replace(/\.000Z$/, "Z");
  return makeRepo(owner, `repo-${String(index).padStart(5, "0")}`, 50_000_000 + index, {
    private: isPrivate,
    visibility: isPrivate ? "private" : "public",
    language: LANGUAGES[index % LANGUAGES.length],
    stargazers_count: index % 50,
    watchers_count: index % 50,
    created_at: created,
    updated_at: created,
    pushed_at: created,
    description: `Generated repository ${index}`,
    topics: [],
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  });
}

export function makeDeployment(repo: Json, id: number, options: { environment?: string; ref?: string; sha?: string; createdAt?: string } = {}): Json {
  const fullName = String(repo.full_name);
  const base = JSON.parse(JSON.stringify(deploymentTemplate).replaceAll("octocat/example", fullName)) as Json;
  const createdAt = options.createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const url = `${PUBLIC_BASE}/repos/${fullName}/deployments/${id}`;
  return {
    ...base,
    id,
    node_id: btoa(`010:Deployment${id}`),
    url,
    statuses_url: `${url}/statuses`,
    sha: options.sha ?? base.sha,
    ref: options.ref ?? base.ref,
    environment: options.environment ?? base.environment,
    original_environment: options.environment ?? base.original_environment,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

export function makeStatus(repo: Json, deployment: Json, id: number, state: string, createdAt?: string): Json {
  const fullName = String(repo.full_name);
  const base = JSON.parse(JSON.stringify(statusTemplate).replaceAll("octocat/example", fullName)) as Json;
  const at = createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    ...base,
    id,
    node_id: btoa(`016:DeploymentStatus${id}`),
    url: `${String(deployment.url)}/statuses/${id}`,
    deployment_url: deployment.url,
    state,
    environment: deployment.environment,
    description: `Deployment ${state}.`,
    created_at: at,
    updated_at: at,
  };
}

/** A run of the contract's example shape in `repo`; `pull_requests` and the repository objects as GitHub nests them. */
export function makeRun(repo: Json, id: number, options: { workflowId?: number; name?: string; branch?: string; status?: string; conclusion?: string | null; createdAt?: string } = {}): Json {
  const fullName = String(repo.full_name);
  const base = JSON.parse(JSON.stringify(runTemplate).replaceAll("octo-org/octo-repo", fullName)) as Json;
  const at = options.createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const status = options.status ?? "completed";
  return {
    ...base,
    id,
    node_id: btoa(`011:WorkflowRun${id}`),
    name: options.name ?? base.name,
    workflow_id: options.workflowId ?? base.workflow_id,
    head_branch: options.branch ?? base.head_branch,
    run_number: id,
    status,
    conclusion: options.conclusion !== undefined ? options.conclusion : status === "completed" ? "success" : null,
    url: `${PUBLIC_BASE}/repos/${fullName}/actions/runs/${id}`,
    html_url: `https://github.com/${fullName}/actions/runs/${id}`,
    created_at: at,
    updated_at: at,
    run_started_at: at,
  };
}

/**
 * An environment of the spec's example shape in `repo`, guarded by the example's rules of these types (a
 * type the example lacks comes as a bare rule, as custom deployment protection rules do).
 */
export function makeEnvironment(repo: Json, id: number, name: string, protectionRules: readonly string[] = []): Json {
  const fullName = String(repo.full_name);
  const base = JSON.parse(JSON.stringify(environmentTemplate).replaceAll("github/hello-world", fullName).replaceAll("staging", name)) as Json;
  const rules = base.protection_rules as Json[];
  return {
    ...base,
    id,
    node_id: btoa(`011:Environment${id}`),
    name,
    protection_rules: protectionRules.map((type, i) => rules.find((r) => r.type === type) ?? { id: id * 10 + i, node_id: btoa(`04:Gate${id * 10 + i}`), type }),
  };
}

/** A release of the spec's example shape in `repo`, tagged `tag`. */
export function makeRelease(repo: Json, id: number, options: { tag: string; name?: string | null; draft?: boolean; prerelease?: boolean; createdAt?: string }): Json {
  const fullName = String(repo.full_name);
  const base = JSON.parse(JSON.stringify(releaseFixture).replaceAll("octocat/Hello-World", fullName).replaceAll("v1.0.0", options.tag)) as Json;
  const at = options.createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const draft = options.draft ?? false;
  return {
    ...base,
    id,
    node_id: btoa(`07:Release${id}`),
    url: `${PUBLIC_BASE}/repos/${fullName}/releases/${id}`,
    name: options.name === undefined ? options.tag : options.name,
    draft,
    prerelease: options.prerelease ?? false,
    created_at: at,
    // A draft is not published yet.
    published_at: draft ? null : at,
  };
}

/**
 * Starts with the contract's own examples: the user, the example repository `octocat/Hello-World`, and
 * `octocat/example` holding the example deployment with its example (successful) status.
 */
export function initialState(): GithubFakeState {
  const user = clone(userFixture) as Json;
  const helloWorld = clone(repoTemplate) as Json;
  const example = makeRepo(clone(repoTemplate.owner) as Json, "example", 1_296_300, { description: "Deploys to production", language: "TypeScript" });
  const deployment = clone(deploymentTemplate) as Json;
  const status = { ...(clone(statusTemplate) as Json), url: `${String(deployment.url)}/statuses/${statusTemplate.id}`, deployment_url: deployment.url };
  return {
    ...baseState(),
    user,
    repos: [helloWorld, example],
    deployments: [{ repoId: Number(example.id), deployment, statuses: [status] }],
    runs: [],
    environments: [],
    releases: [],
    rateLimit: { limit: 5000, remaining: 5000, resetAt: nowSeconds() + 3600, status: 403 },
    secondary: null,
    nextId: 1000,
  };
}

function authToken(c: Context): string {
  const auth = c.req.header("authorization") ?? "";
  const match = /^(?:Bearer|token)\s+(\S+)\s*$/i.exec(auth);
  return match ? match[1]! : "";
}

function rateLimitHeaders(c: Context, state: GithubFakeState): void {
  const { limit, remaining, resetAt } = state.rateLimit;
  c.header("x-ratelimit-limit", String(limit));
  c.header("x-ratelimit-remaining", String(remaining));
  c.header("x-ratelimit-used", String(limit - remaining));
  c.header("x-ratelimit-reset", String(resetAt));
  c.header("x-ratelimit-resource", "core");
}

/**
 * The fine-grained permission each endpoint needs, as GitHub names it in `X-Accepted-GitHub-Permissions`.
 * GitHub may serve public repositories without it; the fake refuses them all, the case a client must handle.
 */
function permissionFor(path: string): string | null {
  if (/^\/repos\/[^/]+\/[^/]+\/deployments(?:\/|$)/.test(path)) return "deployments=read";
  if (/^\/repos\/[^/]+\/[^/]+\/actions\/runs(?:\/|$)/.test(path)) return "actions=read";
  if (/^\/repos\/[^/]+\/[^/]+\/environments(?:\/|$)/.test(path)) return "actions=read";
  if (/^\/repos\/[^/]+\/[^/]+\/releases(?:\/|$)/.test(path)) return "contents=read";
  if (path === "/user/repos" || /^\/orgs\/[^/]+\/repos$/.test(path)) return "metadata=read";
  return null;
}

/** An ETag for what this token is sent: GitHub's vary by the authorization as well as the content. */
async function etagOf(token: string, body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(`${token}\n${body}`));
  return `W/"${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

function notFound(c: Context): Response {
  return c.json({ message: "Not Found", documentation_url: DOCS, status: "404" }, 404);
}

function validationFailed(c: Context, field: string, code = "invalid"): Response {
  return c.json({ message: "Validation Failed", errors: [{ resource: "Repository", code, field }], documentation_url: DOCS }, 422);
}

/**
 * The contract's pagination: 1-based `page`, `per_page` up to 100 (larger values are clamped), absolute
 * `link` URLs that keep the request's query and echo `per_page`; no `link` at all when one page holds
 * everything, no `prev`/`first` on the first page, no `next`/`last` on the last.
 */
function paginate(c: Context, items: Json[]): Response {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number.parseInt(c.req.query("per_page") ?? "", 10) || DEFAULT_PER_PAGE));
  const page = Math.max(1, Number.parseInt(c.req.query("page") ?? "", 10) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number) => {
    const url = new URL(PUBLIC_BASE + c.req.path);
    for (const [key, value] of new URL(c.req.url).searchParams) url.searchParams.append(key, value);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(p));
    return url.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
  if (rels.length > 0) c.header("link", rels.join(", "));
  return c.json(items.slice((page - 1) * perPage, page * perPage));
}

/** A paginated array response rewrapped as `{ total_count, [key]: items }` (runs, environments), its headers kept. */
async function wrapPage(page: Response, key: string, total: number): Promise<Response> {
  if (page.status !== 200) return page;
  const items = (await page.json()) as Json[];
  const headers = new Headers(page.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify({ total_count: total, [key]: items }), { status: 200, headers });
}

const SORTS = ["created", "updated", "pushed", "full_name"] as const;
function sortRepos(repos: Json[], sort: (typeof SORTS)[number], direction: "asc" | "desc"): Json[] {
  const key = (r: Json) => (sort === "full_name" ? String(r.full_name).toLowerCase() : String(r[`${sort}_at`] ?? ""));
  const sorted = [...repos].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : Number(a.id) - Number(b.id)));
  return direction === "asc" ? sorted : sorted.reverse();
}

const ownerLogin = (r: Json) => String((r.owner as Json).login).toLowerCase();
const ownerType = (r: Json) => String((r.owner as Json).type);

const generateBody = z.object({
  count: z.number().int().min(0).max(100_000),
  deploymentsPerRepo: z.number().int().min(0).max(200).default(0),
  runsPerRepo: z.number().int().min(0).max(200).default(0),
  environmentsPerRepo: z.number().int().min(0).max(200).default(0),
  releasesPerRepo: z.number().int().min(0).max(200).default(0),
});
const deploymentBody = z
  .object({ environment: z.string().min(1).optional(), ref: z.string().min(1).optional(), sha: z.string().min(1).optional(), states: z.array(z.string().min(1)).default([]) })
  .strict();
const statusBody = z.object({ state: z.string().min(1) }).strict();
const deploymentsGenerateBody = z.object({ repo: z.string().min(1).default("octocat/Hello-World"), count: z.number().int().min(0).max(10_000), daysApart: z.number().min(0).default(0) }).strict();
const runBody = z
  .object({
    workflowId: z.number().int().optional(),
    name: z.string().optional(),
    branch: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    conclusion: z.string().min(1).nullable().optional(),
    daysAgo: z.number().min(0).optional(),
  })
  .strict();
const runsGenerateBody = z.object({ repo: z.string().min(1).default("octocat/Hello-World"), count: z.number().int().min(0).max(10_000), workflows: z.number().int().min(1).optional() }).strict();
const environmentBody = z.object({ name: z.string().min(1), protectionRules: z.array(z.string().min(1)).default([]) }).strict();
const releaseBody = z
  .object({ tag: z.string().min(1), name: z.string().nullable().optional(), draft: z.boolean().optional(), prerelease: z.boolean().optional(), daysAgo: z.number().min(0).optional() })
  .strict();
const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const rateLimitBody = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("primary"),
    limit: z.number().int().min(1).optional(),
    remaining: z.number().int().min(0).default(0),
    resetInSeconds: z.number().int().min(0).default(3600),
    status: z.union([z.literal(403), z.literal(429)]).default(403),
  }),
  z.object({
    mode: z.literal("secondary"),
    status: z.union([z.literal(403), z.literal(429)]).default(403),
    retryAfterSeconds: z.number().int().min(0).nullable().default(60),
    times: z.number().int().min(1).nullable().default(null),
  }),
  z.object({ mode: z.literal("off") }),
]);

export function createGithubFake(state: GithubFakeState = initialState()) {
  const app = new Hono();
  mountControlRoutes(app, state);
  const findRepo = (id: string) => state.repos.find((r) => String(r.id) === id);
  const newId = () => state.nextId++;

  function addDeployment(repo: Json, options: { environment?: string; ref?: string; sha?: string; states?: string[] }): FakeDeployment {
    const deployment = makeDeployment(repo, newId(), options);
    const entry: FakeDeployment = { repoId: Number(repo.id), deployment, statuses: (options.states ?? []).map((s) => makeStatus(repo, deployment, newId(), s)) };
    state.deployments.push(entry);
    return entry;
  }

  app.get("/_fake/state", (c) =>
    c.json({
      requests: state.requests,
      faults: state.faults,
      repos: state.repos.length,
      deployments: state.deployments.length,
      runs: state.runs.length,
      environments: state.environments.length,
      releases: state.releases.length,
      rateLimit: state.rateLimit,
      secondary: state.secondary,
    }),
  );
  app.patch("/_fake/user", async (c) => {
    const patch = await c.req.json().catch(() => null);
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) return c.json({ error: "a JSON object is required" }, 400);
    Object.assign(state.user, patch);
    return c.json(state.user);
  });
  app.post("/_fake/repos/generate", async (c) => {
    const parsed = generateBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "count (0–100000) is required; deploymentsPerRepo (0–200) is optional" }, 400);
    state.repos = Array.from({ length: parsed.data.count }, (_, i) => makeGeneratedRepo(state.user, i));
    state.deployments = [];
    state.runs = [];
    state.environments = [];
    state.releases = [];
    const environments = ["production", "staging"];
    for (const repo of state.repos) {
      for (let i = 0; i < parsed.data.deploymentsPerRepo; i++) {
        addDeployment(repo, { environment: environments[i % 2], ref: "main", sha: (Number(repo.id) * 1000 + i).toString(16).padStart(40, "0"), states: ["in_progress", "success"] });
      }
      // Two workflows on the default branch, taking turns.
      for (let i = 0; i < parsed.data.runsPerRepo; i++) state.runs.push({ repoId: Number(repo.id), run: makeRun(repo, newId(), { workflowId: 2_000 + (i % 2), name: `CI ${i % 2}`, branch: "main" }) });
      // The first environment guarded by a reviewer, the others open.
      for (let i = 0; i < parsed.data.environmentsPerRepo; i++) {
        state.environments.push({ repoId: Number(repo.id), item: makeEnvironment(repo, newId(), environments[i] ?? `env-${i}`, i === 0 ? ["required_reviewers"] : []) });
      }
      for (let i = 0; i < parsed.data.releasesPerRepo; i++) {
        state.releases.push({ repoId: Number(repo.id), item: makeRelease(repo, newId(), { tag: `v1.${i}.0`, createdAt: isoDaysAgo(parsed.data.releasesPerRepo - i) }) });
      }
    }
    return c.json({ repos: state.repos.length, deployments: state.deployments.length }, 201);
  });
  app.post("/_fake/repos", async (c) => {
    const body = await c.req.json().catch(() => null);
    if (!body || typeof body !== "object" || typeof (body as Json).name !== "string") return c.json({ error: "name (string) is required" }, 400);
    const { name, ...overrides } = body as Json & { name: string };
    const repo = makeRepo(makeOwner(String(state.user.login), Number(state.user.id)), name, newId(), overrides);
    state.repos.push(repo);
    return c.json(repo, 201);
  });
  app.patch("/_fake/repos/:id", async (c) => {
    const repo = findRepo(c.req.param("id"));
    if (!repo) return c.json({ error: "no such repository" }, 404);
    const patch = await c.req.json().catch(() => null);
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) return c.json({ error: "a JSON object is required" }, 400);
    Object.assign(repo, patch);
    // A rename moves the repository; keep full_name and its web URL in step as GitHub does.
    if ("name" in patch && !("full_name" in patch)) {
      repo.full_name = `${String((repo.owner as Json).login)}/${String(repo.name)}`;
      repo.html_url = `https://github.com/${String(repo.full_name)}`;
    }
    return c.json(repo);
  });
  app.delete("/_fake/repos/:id", (c) => {
    const repo = findRepo(c.req.param("id"));
    if (!repo) return c.json({ error: "no such repository" }, 404);
    state.repos = state.repos.filter((r) => r !== repo);
    state.deployments = state.deployments.filter((d) => d.repoId !== repo.id);
    state.runs = state.runs.filter((r) => r.repoId !== repo.id);
    state.environments = state.environments.filter((e) => e.repoId !== repo.id);
    state.releases = state.releases.filter((r) => r.repoId !== repo.id);
    return c.json({ ok: true });
  });
  app.post("/_fake/repos/:id/deployments", async (c) => {
    const repo = findRepo(c.req.param("id"));
    if (!repo) return c.json({ error: "no such repository" }, 404);
    const parsed = deploymentBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "optional environment, ref, sha (strings) and states (strings, oldest first)" }, 400);
    return c.json(addDeployment(repo, parsed.data), 201);
  });
  app.post("/_fake/deployments/:id/statuses", async (c) => {
    const entry = state.deployments.find((d) => String(d.deployment.id) === c.req.param("id"));
    const repo = entry && state.repos.find((r) => r.id === entry.repoId);
    if (!entry || !repo) return c.json({ error: "no such deployment" }, 404);
    const parsed = statusBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "state (string) is required" }, 400);
    const status = makeStatus(repo, entry.deployment, newId(), parsed.data.state);
    entry.statuses.push(status);
    return c.json(status, 201);
  });
  const repoByName = (fullName: string) => state.repos.find((r) => String(r.full_name).toLowerCase() === fullName.toLowerCase());
  // Replaces every deployment with `count` successful ones in one repository, `daysApart` days apart.
  app.post("/_fake/deployments/generate", async (c) => {
    const parsed = deploymentsGenerateBody.safeParse(await c.req.json().catch(() => null));
    const repo = parsed.success ? repoByName(parsed.data.repo) : undefined;
    if (!parsed.success || !repo) return c.json({ error: "count (0–10000) is required; repo (a known full name) and daysApart are optional" }, 400);
    state.deployments = [];
    for (let i = parsed.data.count - 1; i >= 0; i--) {
      const entry = addDeployment(repo, { environment: `env-${i % 3}`, states: ["success"] });
      const at = isoDaysAgo(i * parsed.data.daysApart);
      Object.assign(entry.deployment, { created_at: at, updated_at: at });
    }
    return c.json({ deployments: parsed.data.count }, 201);
  });
  app.post("/_fake/repos/:id/runs", async (c) => {
    const repo = findRepo(c.req.param("id"));
    if (!repo) return c.json({ error: "no such repository" }, 404);
    const parsed = runBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "optional workflowId, name, branch, status, conclusion, daysAgo" }, 400);
    const { daysAgo, ...options } = parsed.data;
    const run = makeRun(repo, newId(), { ...options, createdAt: daysAgo === undefined ? undefined : isoDaysAgo(daysAgo) });
    state.runs.push({ repoId: Number(repo.id), run });
    return c.json(run, 201);
  });
  // Replaces every run with `count` runs in one repository: each its own workflow and branch unless `workflows` caps them.
  app.post("/_fake/runs/generate", async (c) => {
    const parsed = runsGenerateBody.safeParse(await c.req.json().catch(() => null));
    const repo = parsed.success ? repoByName(parsed.data.repo) : undefined;
    if (!parsed.success || !repo) return c.json({ error: "count (0–10000) is required; repo (a known full name) and workflows are optional" }, 400);
    state.runs = [];
    const workflows = parsed.data.workflows ?? parsed.data.count;
    for (let i = 0; i < parsed.data.count; i++) {
      const run = makeRun(repo, newId(), { workflowId: 1_000 + (i % workflows), name: `Workflow ${i % workflows}`, branch: `branch-${i}` });
      state.runs.push({ repoId: Number(repo.id), run });
    }
    return c.json({ runs: parsed.data.count }, 201);
  });
  app.post("/_fake/repos/:id/environments", async (c) => {
    const repo = findRepo(c.req.param("id"));
    if (!repo) return c.json({ error: "no such repository" }, 404);
    const parsed = environmentBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "name (string) is required; protectionRules (rule types) is optional" }, 400);
    const environment = makeEnvironment(repo, newId(), parsed.data.name, parsed.data.protectionRules);
    state.environments.push({ repoId: Number(repo.id), item: environment });
    return c.json(environment, 201);
  });
  app.post("/_fake/repos/:id/releases", async (c) => {
    const repo = findRepo(c.req.param("id"));
    if (!repo) return c.json({ error: "no such repository" }, 404);
    const parsed = releaseBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "tag (string) is required; name, draft, prerelease and daysAgo are optional" }, 400);
    const { daysAgo, ...options } = parsed.data;
    const release = makeRelease(repo, newId(), { ...options, createdAt: daysAgo === undefined ? undefined : isoDaysAgo(daysAgo) });
    state.releases.push({ repoId: Number(repo.id), item: release });
    return c.json(release, 201);
  });
  app.post("/_fake/rate-limit", async (c) => {
    const parsed = rateLimitBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]?.message ?? "invalid rate-limit mode" }, 400);
    const body = parsed.data;
    if (body.mode === "primary") {
      const limit = body.limit ?? state.rateLimit.limit;
      state.rateLimit = { limit, remaining: Math.min(limit, body.remaining), resetAt: nowSeconds() + body.resetInSeconds, status: body.status };
    } else if (body.mode === "secondary") {
      state.secondary = { status: body.status, retryAfterSeconds: body.retryAfterSeconds, times: body.times };
    } else {
      state.rateLimit = { ...state.rateLimit, remaining: state.rateLimit.limit, resetAt: nowSeconds() + 3600 };
      state.secondary = null;
    }
    return c.json({ rateLimit: state.rateLimit, secondary: state.secondary });
  });

  // Does not count against the primary limit (S3).
  app.get("/rate_limit", (c) => {
    rateLimitHeaders(c, state);
    const { limit, remaining, resetAt } = state.rateLimit;
    const core = { limit, remaining, reset: resetAt, used: limit - remaining, resource: "core" };
    return c.json({ resources: { core }, rate: core });
  });

  app.use("*", async (c, next) => {
    if (c.req.path.startsWith("/_fake/") || c.req.path === "/rate_limit") return next();
    state.requests += 1;
    const now = nowSeconds();
    if (now >= state.rateLimit.resetAt) state.rateLimit = { ...state.rateLimit, remaining: state.rateLimit.limit, resetAt: now + 3600 };
    rateLimitHeaders(c, state);
    const token = authToken(c);
    const fault = takeFault(state, { path: c.req.path, token, page: pageParam(c) });
    if (fault?.kind === "slow") await sleep(fault.delayMs);
    if (fault?.kind === "status") return c.json({ message: "Server Error", documentation_url: DOCS }, fault.status as 500);
    if (fault?.kind === "rate_limit") {
      c.header("retry-after", String(fault.retryAfterSeconds));
      return c.json(rateLimitExceeded.secondary.body, 429);
    }
    // The wording is GitHub's as commonly reported; the contract only says such requests are rejected.
    if (!c.req.header("user-agent")) {
      return c.json({ message: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header.", documentation_url: DOCS }, 403);
    }
    if (!state.tokens.has(token)) return c.json(error401, 401);
    const version = c.req.header("x-github-api-version");
    if (version !== undefined && version !== API_VERSION) {
      return c.json({ message: `API version ${version} is not supported.`, documentation_url: DOCS }, 400);
    }
    if (state.rateLimit.remaining <= 0) {
      return c.json({ ...rateLimitExceeded.primary.body, message: `API rate limit exceeded for user ID ${String(state.user.id)}.` }, state.rateLimit.status);
    }
    const secondary = state.secondary;
    if (secondary) {
      if (secondary.times !== null && --secondary.times <= 0) state.secondary = null;
      if (secondary.retryAfterSeconds !== null) c.header("retry-after", String(secondary.retryAfterSeconds));
      return c.json(rateLimitExceeded.secondary.body, secondary.status);
    }
    state.rateLimit.remaining -= 1;
    rateLimitHeaders(c, state);
    const permission = permissionFor(c.req.path);
    if (permission) c.header("x-accepted-github-permissions", permission);
    if (permission && lacks(state, token, permission)) {
      return c.json({ message: "Resource not accessible by personal access token", documentation_url: DOCS, status: "403" }, 403);
    }
    const faulty = faultyBody(c, fault);
    if (faulty) return faulty;
    await next();
    if (c.req.method !== "GET" || c.res.status !== 200) return;
    const etag = await etagOf(token, await c.res.clone().text());
    const conditions = (c.req.header("if-none-match") ?? "").split(",").map((t) => t.trim());
    if (!conditions.includes(etag)) {
      c.res.headers.set("etag", etag);
      return;
    }
    // An authorized 304 is free: the request taken from the primary limit above is given back.
    state.rateLimit.remaining += 1;
    c.res = new Response(null, { status: 304 });
    // The contract does not say which headers a 304 repeats; this one sends no `link`, the harder case.
    for (const name of ["content-type", "content-length", "link"]) c.res.headers.delete(name);
    c.res.headers.set("etag", etag);
    const { limit, remaining } = state.rateLimit;
    c.res.headers.set("x-ratelimit-remaining", String(remaining));
    c.res.headers.set("x-ratelimit-used", String(limit - remaining));
  });

  app.get("/user", (c) => c.json(state.user));

  app.get("/user/repos", (c) => {
    const q = (name: string) => c.req.query(name);
    // The API refuses `type` together with `visibility` or `affiliation`.
    if (q("type") !== undefined && (q("visibility") !== undefined || q("affiliation") !== undefined)) return validationFailed(c, "type");
    const visibility = q("visibility") ?? "all";
    if (!["all", "public", "private"].includes(visibility)) return validationFailed(c, "visibility");
    const affiliations = (q("affiliation") ?? "owner,collaborator,organization_member").split(",").map((a) => a.trim());
    if (affiliations.some((a) => !["owner", "collaborator", "organization_member"].includes(a))) return validationFailed(c, "affiliation");
    const sort = q("sort") ?? "full_name";
    if (!(SORTS as readonly string[]).includes(sort)) return validationFailed(c, "sort");
    const direction = q("direction") ?? (sort === "full_name" ? "asc" : "desc");
    if (direction !== "asc" && direction !== "desc") return validationFailed(c, "direction");
    const login = String(state.user.login).toLowerCase();
    const visible = state.repos.filter((r) => {
      const relation = ownerLogin(r) === login ? "owner" : ownerType(r) === "Organization" ? "organization_member" : "collaborator";
      if (!affiliations.includes(relation)) return false;
      return visibility === "all" || (visibility === "private") === Boolean(r.private);
    });
    return paginate(c, sortRepos(visible, sort as (typeof SORTS)[number], direction));
  });

  // The organizations the user belongs to: in this fake, those owning a repository the user sees, in id order
  // (GitHub's own), as organization simple objects.
  app.get("/user/orgs", (c) => {
    const orgs = new Map<number, Json>();
    for (const r of state.repos) if (ownerType(r) === "Organization") orgs.set(Number((r.owner as Json).id), r.owner as Json);
    const simple = [...orgs.values()]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((o) => ({ login: o.login, id: o.id, node_id: o.node_id, url: `https://api.github.com/orgs/${String(o.login)}`, avatar_url: o.avatar_url, description: null }));
    return paginate(c, simple);
  });

  app.get("/orgs/:org/repos", (c) => {
    const org = c.req.param("org").toLowerCase();
    const repos = state.repos.filter((r) => ownerLogin(r) === org && ownerType(r) === "Organization");
    if (repos.length === 0) return notFound(c);
    const sort = c.req.query("sort") ?? "created";
    if (!(SORTS as readonly string[]).includes(sort)) return validationFailed(c, "sort");
    const direction = c.req.query("direction") ?? (sort === "full_name" ? "asc" : "desc");
    return paginate(c, sortRepos(repos, sort as (typeof SORTS)[number], direction === "asc" ? "asc" : "desc"));
  });

  const repoByPath = (c: Context) => {
    const fullName = `${c.req.param("owner")}/${c.req.param("repo")}`.toLowerCase();
    return state.repos.find((r) => String(r.full_name).toLowerCase() === fullName);
  };

  app.get("/repos/:owner/:repo/deployments", (c) => {
    const repo = repoByPath(c);
    if (!repo) return notFound(c);
    const filters = (["sha", "ref", "task", "environment"] as const).flatMap((key) => {
      const value = c.req.query(key);
      return value === undefined || value === "none" ? [] : [[key, value] as const];
    });
    const items = state.deployments
      .filter((d) => d.repoId === repo.id && filters.every(([key, value]) => d.deployment[key] === value))
      .map((d) => d.deployment)
      .sort((a, b) => Number(b.id) - Number(a.id));
    return paginate(c, items);
  });

  app.get("/repos/:owner/:repo/deployments/:id/statuses", (c) => {
    const repo = repoByPath(c);
    const entry = repo && state.deployments.find((d) => d.repoId === repo.id && String(d.deployment.id) === c.req.param("id"));
    if (!entry) return notFound(c);
    return paginate(c, [...entry.statuses].reverse());
  });

  // Newest first, as GitHub lists them; the wrapper object carries the total like the real one.
  app.get("/repos/:owner/:repo/actions/runs", (c) => {
    const repo = repoByPath(c);
    if (!repo) return notFound(c);
    const branch = c.req.query("branch");
    const status = c.req.query("status");
    const runs = state.runs
      .filter((r) => r.repoId === repo.id && (branch === undefined || r.run.head_branch === branch) && (status === undefined || r.run.status === status || r.run.conclusion === status))
      .map((r) => (c.req.query("exclude_pull_requests") === "true" ? { ...r.run, pull_requests: [] } : r.run))
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)) || Number(b.id) - Number(a.id));
    return wrapPage(paginate(c, runs), "workflow_runs", runs.length);
  });

  // Paginated like the other lists (the spec gives `per_page` and `page`), inside GitHub's wrapper.
  app.get("/repos/:owner/:repo/environments", (c) => {
    const repo = repoByPath(c);
    if (!repo) return notFound(c);
    const environments = state.environments.filter((e) => e.repoId === repo.id).map((e) => e.item);
    return wrapPage(paginate(c, environments), "environments", environments.length);
  });

  // GitHub's "latest": the most recent release that is neither a draft nor a prerelease, by `created_at`; 404 without one.
  app.get("/repos/:owner/:repo/releases/latest", (c) => {
    const repo = repoByPath(c);
    const latest = state.releases
      .filter((r) => repo && r.repoId === repo.id && !r.item.draft && !r.item.prerelease)
      .map((r) => r.item)
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)) || Number(b.id) - Number(a.id))[0];
    if (!latest) return c.json(releaseNotFound, 404);
    return c.json(latest);
  });

  app.all("*", (c) => notFound(c));
  return app;
}
