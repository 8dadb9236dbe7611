import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import type { ProviderContext, ResourcePage } from "../types";
import { API_VERSION, classifyRateLimit, nextLinkPath, parseLinkHeader, resolveOnBase, USER_AGENT } from "./client";
import { createGithubFake, initialState } from "./fake";
import type { GithubFakeState } from "./fake";
import { github } from "./index";
import { DEPLOYMENTS_PER_REPO, firstRepositoriesPath, listDeployments, listRepositories, PER_PAGE } from "./listers";
import { latestStatus, normalizeDeployment, normalizeRepository } from "./normalize";
import { deploymentStatusesSchema, deploymentsSchema, errorBodySchema, repositoriesSchema, userSchema } from "./schemas";
import { verifyGithubSignature } from "./webhook";
import { GITHUB_EVENT_MARKS, githubEventMismatch, githubWebhooks } from "./webhook-events";
import deploymentStatuses from "./fixtures/deployment-statuses.json";
import deployments from "./fixtures/deployments.json";
import error401 from "./fixtures/error-401.json";
import error422 from "./fixtures/error-422-validation.json";
import orgRepos from "./fixtures/org-repos.json";
import rateLimitExceeded from "./fixtures/rate-limit-exceeded.json";
import user from "./fixtures/user.json";
import userRepos from "./fixtures/user-repos.json";
import multipage from "./fixtures/user-repos-multipage.json";
import vector from "./fixtures/webhook-signature-test-vector.json";
import deploymentStatusEvent from "./fixtures/webhook-deployment_status.json";
import pingEvent from "./fixtures/webhook-ping.json";
import pushEvent from "./fixtures/webhook-push.json";
import repositoryEvent from "./fixtures/webhook-repository-created.json";
import workflowRunEvent from "./fixtures/webhook-workflow_run-completed.json";

/** The dock's base URL in these tests: not api.github.com, so following a link's host would show. */
const BASE = "https://github.fake.test";
/** `.test` is a special-use name production refuses; these tests reach it in process, as a test policy may. */
const TEST_POLICY = { allowPrivateHosts: true };
const TOKEN = "github_pat_11AAAAAAA0edgedock_test_token_0000000000000000";
const creds = { token: TOKEN };

/** The fake in process, recording every request it is sent. */
function harness(state: GithubFakeState = initialState(), extra: Partial<ProviderContext> = {}) {
  state.tokens.add(TOKEN);
  const app = createGithubFake(state);
  const requests: Request[] = [];
  const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    requests.push(req.clone());
    return app.fetch(req);
  }) as typeof fetch;
  const ctx: ProviderContext = { baseUrl: BASE, fetch: fetchFn, sleep: async () => {}, outbound: TEST_POLICY, ...extra };
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await app.fetch(new Request(`${BASE}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
    expect(res.status).toBeLessThan(300);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const urls = () => requests.map((r) => new URL(r.url));
  return { app, state, ctx, requests, urls, control };
}

async function collect(pages: AsyncIterable<ResourcePage>): Promise<ResourcePage[]> {
  const out: ResourcePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Pages read until the listing throws, and what it threw. */
async function collectUntilError(pages: AsyncIterable<ResourcePage>): Promise<{ pages: ResourcePage[]; error: unknown }> {
  const out: ResourcePage[] = [];
  try {
    for await (const page of pages) out.push(page);
  } catch (error) {
    return { pages: out, error };
  }
  return { pages: out, error: null };
}

const all = (pages: ResourcePage[]): NormalizedResource[] => pages.flatMap((p) => p.resources);
const repositoryOf = (r: NormalizedResource): string | null => (r.kind === "deployment" ? r.attributes.repository : null);

describe("GitHub response schemas", () => {
  it("accept the contract's official example payloads", () => {
    expect(userSchema.parse(user)).toMatchObject({ id: 1, login: "octocat" });
    expect(repositoriesSchema.parse(userRepos)[0]!.full_name).toBe("octocat/Hello-World");
    // The organization listing's minimal-repository shape parses with the same schema.
    expect(repositoriesSchema.parse(orgRepos)[0]!.id).toBe(1296269);
    for (const page of multipage.pages) expect(repositoriesSchema.parse(page.response.body)).toHaveLength(1);
    expect(deploymentsSchema.parse(deployments)[0]).toMatchObject({ id: 1, environment: "production", sha: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d" });
    expect(deploymentStatusesSchema.parse(deploymentStatuses)[0]!.state).toBe("success");
    for (const body of [error401, error422, rateLimitExceeded.primary.body, rateLimitExceeded.secondary.body]) expect(errorBodySchema.safeParse(body).success).toBe(true);
  });

  it("refuse a repository without its identity", () => {
    const { id: _id, ...withoutId } = userRepos[0]!;
    expect(repositoriesSchema.safeParse([withoutId]).success).toBe(false);
  });
});

describe("GitHub normalization (contract examples)", () => {
  const repo = repositoriesSchema.parse(userRepos)[0]!;

  it("maps the example repository", () => {
    const normalized = normalizeRepository(repo);
    expect(normalized).toEqual({
      kind: "repository",
      externalId: "1296269",
      name: "octocat/Hello-World",
      status: "active",
      providerStatus: "public",
      region: null,
      url: "https://github.com/octocat/Hello-World",
      createdAt: "2011-01-26T19:01:12Z",
      monthlyCostCents: null,
      currency: null,
      attributes: {
        fullName: "octocat/Hello-World",
        defaultBranch: "master",
        private: false,
        language: null,
        archived: false,
        fork: false,
        stars: 80,
        pushedAt: "2011-01-26T19:06:43Z",
      },
    });
    expect(normalizedResourceSchema.safeParse(normalized).success).toBe(true);
    // The example carries a temp_clone_token; nothing of it may reach the store.
    expect(JSON.stringify(normalized)).not.toContain("ABTLWHOULUVAXGTRYU7OC2876QJ2O");
  });

  it("names archived, disabled and private repositories by their state", () => {
    expect(normalizeRepository({ ...repo, archived: true })).toMatchObject({ status: "inactive", providerStatus: "archived", attributes: { archived: true } });
    expect(normalizeRepository({ ...repo, disabled: true })).toMatchObject({ status: "inactive", providerStatus: "disabled" });
    expect(normalizeRepository({ ...repo, private: true, visibility: "private" })).toMatchObject({ status: "active", providerStatus: "private", attributes: { private: true } });
    expect(normalizeRepository({ ...repo, visibility: "internal" })).toMatchObject({ providerStatus: "internal" });
    const { visibility: _v, ...noVisibility } = repo;
    expect(normalizeRepository({ ...noVisibility, private: true })).toMatchObject({ providerStatus: "private" });
  });

  it("maps the example deployment with its latest status", () => {
    const deployment = deploymentsSchema.parse(deployments)[0]!;
    const statuses = deploymentStatusesSchema.parse(deploymentStatuses);
    const example = { ...repo, full_name: "octocat/example", html_url: "https://github.com/octocat/example" };
    const normalized = normalizeDeployment(example, deployment, latestStatus(statuses));
    expect(normalized).toEqual({
      kind: "deployment",
      externalId: "1",
      name: "octocat/example → production @ a84d88e",
      status: "active",
      providerStatus: "success",
      region: null,
      url: "https://github.com/octocat/example/deployments",
      createdAt: "2012-07-20T01:19:13Z",
      monthlyCostCents: null,
      currency: null,
      // Its repository, by the id the repository is stored under.
      parentExternalId: String(example.id),
      attributes: {
        repository: "octocat/example",
        environment: "production",
        ref: "topic-branch",
        sha: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d",
        creator: "octocat",
        latestState: "success",
      },
    });
    expect(normalizedResourceSchema.safeParse(normalized).success).toBe(true);
    expect(normalizeDeployment(example, { ...deployment, creator: null }, null)).toMatchObject({ status: "unknown", providerStatus: null, attributes: { creator: null, latestState: null } });
  });

  it("maps every deployment state", () => {
    const deployment = deploymentsSchema.parse(deployments)[0]!;
    const status = deploymentStatusesSchema.parse(deploymentStatuses)[0]!;
    const expected: Record<string, string> = {
      success: "active",
      in_progress: "starting",
      queued: "starting",
      pending: "starting",
      waiting: "starting",
      failure: "error",
      error: "error",
      inactive: "inactive",
      rolled_sideways: "unknown",
    };
    for (const [state, want] of Object.entries(expected)) {
      expect(normalizeDeployment(repo, deployment, { ...status, state })).toMatchObject({ status: want, providerStatus: state, attributes: { latestState: state } });
    }
  });

  it("takes the newest status whatever the order", () => {
    const base = deploymentStatusesSchema.parse(deploymentStatuses)[0]!;
    const older = { ...base, id: 5, state: "in_progress", created_at: "2024-01-01T00:00:00Z" };
    const newer = { ...base, id: 6, state: "success", created_at: "2024-01-01T00:05:00Z" };
    const sameTimeHigherId = { ...base, id: 7, state: "inactive", created_at: "2024-01-01T00:05:00Z" };
    expect(latestStatus([older, newer])?.state).toBe("success");
    expect(latestStatus([newer, older])?.state).toBe("success");
    expect(latestStatus([sameTimeHigherId, newer, older])?.state).toBe("inactive");
    expect(latestStatus([])).toBeNull();
  });
});

describe("GitHub link headers and cursors", () => {
  it("reads next from the contract's multi-page exchange and stays on the dock's base URL", () => {
    const first = multipage.pages[0]!.response.headers.link;
    expect(parseLinkHeader(first)).toEqual({ next: "https://api.github.com/user/repos?per_page=1&page=2", last: "https://api.github.com/user/repos?per_page=1&page=2" });
    expect(nextLinkPath("https://proxy.example.com", first)).toBe("/user/repos?per_page=1&page=2");
    expect(nextLinkPath("https://api.github.com", multipage.pages[1]!.response.headers.link)).toBeNull();
    expect(nextLinkPath("https://api.github.com", null)).toBeNull();
  });

  it("keeps commas inside link URLs and a GitHub Enterprise path prefix", () => {
    const header = '<https://ghe.example.com/api/v3/user/repos?affiliation=owner,collaborator&page=3>; rel="next", <https://ghe.example.com/api/v3/user/repos?page=9>; rel="last"';
    expect(parseLinkHeader(header).next).toBe("https://ghe.example.com/api/v3/user/repos?affiliation=owner,collaborator&page=3");
    const path = nextLinkPath("https://ghe.example.com/api/v3/", header)!;
    expect(path).toBe("/user/repos?affiliation=owner,collaborator&page=3");
    expect(resolveOnBase("https://ghe.example.com/api/v3/", path)).toBe("https://ghe.example.com/api/v3/user/repos?affiliation=owner,collaborator&page=3");
  });

  it("never resolves a cursor off the base URL's origin", () => {
    for (const bad of ["@evil.example/user/repos", "//evil.example/user/repos", "/\\evil.example", "https://evil.example/user/repos", "user/repos", "/user repos"]) {
      expect(() => resolveOnBase("https://api.github.com", bad)).toThrow();
    }
    expect(resolveOnBase("https://api.github.com", "/@evil.example")).toBe("https://api.github.com/@evil.example");
  });

  it("tells GitHub's rate-limit 403s from refusals", () => {
    const h = (entries: Record<string, string>) => new Headers(entries);
    expect(classifyRateLimit(403, h({ "x-ratelimit-remaining": "0" }), null)).toEqual({ waitMs: null });
    expect(classifyRateLimit(403, h({ "retry-after": "30", "x-ratelimit-remaining": "4000" }), null)).toEqual({ waitMs: null });
    expect(classifyRateLimit(403, h({ "x-ratelimit-remaining": "4950" }), rateLimitExceeded.secondary.body.message)).toEqual({ waitMs: 60_000 });
    expect(classifyRateLimit(403, h({ "x-ratelimit-remaining": "4999" }), "Resource not accessible by personal access token")).toBeNull();
    expect(classifyRateLimit(401, h({ "x-ratelimit-remaining": "0" }), "Bad credentials")).toBeNull();
  });
});

describe("GitHub validate", () => {
  it("accepts a known token, names the account and sends GitHub's headers", async () => {
    const { ctx, requests } = harness();
    expect(await github.validate(creds, ctx)).toEqual({ id: "1", name: "octocat" });
    expect(requests).toHaveLength(1);
    const sent = requests[0]!;
    expect(new URL(sent.url).toString()).toBe(`${BASE}/user`);
    expect(sent.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers.get("accept")).toBe("application/vnd.github+json");
    expect(sent.headers.get("x-github-api-version")).toBe(API_VERSION);
    expect(sent.headers.get("user-agent")).toBe(USER_AGENT);
  });

  it("reports GitHub's own 401 message for an unknown token", async () => {
    const { ctx } = harness();
    const err = await github.validate({ token: "ghp_unknownunknownunknownunknown0000" }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "credentials_rejected", status: 401, message: "GitHub rejected the credentials: Bad credentials" });
  });

  it("records the x-ratelimit-* headers (reset in epoch seconds)", async () => {
    const state = initialState();
    state.rateLimit = { limit: 5000, remaining: 4321, resetAt: 1_900_000_000, status: 403 };
    const seen: { limit: number | null; remaining: number | null; resetAt: string | null }[] = [];
    const { ctx } = harness(state, { onRateLimit: (s) => seen.push(s) });
    await github.validate(creds, ctx);
    expect(seen).toEqual([expect.objectContaining({ limit: 5000, remaining: 4320, resetAt: new Date(1_900_000_000_000).toISOString() })]);
  });

  it("hints at a token by its last four characters only", () => {
    expect(github.credentialsHint({ token: "ghp_abcdefghijklmnopqrstuvwxyz0123456789" })).toBe("…6789");
    expect(github.credentialsSchema.safeParse({ token: "short" }).success).toBe(false);
    expect(github.credentialsSchema.safeParse({ token: "ghp_abcdefghij klmnopqrstuvwxyz" }).success).toBe(false);
  });

  it("lists the two kinds it syncs", () => {
    expect(github.resourceKinds).toEqual(["repository", "deployment"]);
    expect(github.defaultBaseUrl).toBe("https://api.github.com");
  });
});

describe("GitHub rate limits", () => {
  it("turns an exhausted primary limit (403, remaining 0) into rate_limited until the reset, not rejected credentials", async () => {
    const { ctx, control } = harness();
    const { rateLimit } = (await control("POST", "/_fake/rate-limit", { mode: "primary", remaining: 0, resetInSeconds: 1800 })) as { rateLimit: { resetAt: number } };
    const err = await github.validate(creds, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "rate_limited", message: "GitHub is rate limiting this account: API rate limit exceeded for user ID 1." });
    expect((err as ProviderError).retryAt?.getTime()).toBe(rateLimit.resetAt * 1000);
  });

  it("runs into the primary limit mid-listing (429 variant) and says when to come back", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/repos/generate", { count: 250 });
    const { rateLimit } = (await control("POST", "/_fake/rate-limit", { mode: "primary", remaining: 2, resetInSeconds: 900, status: 429 })) as { rateLimit: { resetAt: number } };
    const { pages, error } = await collectUntilError(listRepositories(creds, ctx, null));
    expect(pages).toHaveLength(2);
    expect(error).toMatchObject({ kind: "rate_limited", status: 429 });
    expect((error as ProviderError).retryAt?.getTime()).toBe(rateLimit.resetAt * 1000);
    // The listing did not complete: the last page handed out still points onward.
    expect(pages[1]!.next).not.toBeNull();
  });

  it("honours retry-after on a secondary limit sent as 403", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/rate-limit", { mode: "secondary", status: 403, retryAfterSeconds: 120 });
    const before = Date.now();
    const err = await github.validate(creds, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited", message: `GitHub is rate limiting this account: ${rateLimitExceeded.secondary.body.message}` });
    const wait = (err as ProviderError).retryAt!.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(120_000);
    expect(wait).toBeLessThan(121_000);
  });

  it("waits GitHub's one-minute minimum on a secondary limit that names no time", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/rate-limit", { mode: "secondary", status: 403, retryAfterSeconds: null });
    const before = Date.now();
    const err = await github.validate(creds, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited" });
    const wait = (err as ProviderError).retryAt!.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThan(61_000);
  });

  it("sits out a short secondary limit when the caller allows it", async () => {
    const waits: number[] = [];
    const { ctx, control, requests } = harness(initialState(), { maxRateLimitWaitMs: 5_000, sleep: async (ms) => void waits.push(ms) });
    await control("POST", "/_fake/rate-limit", { mode: "secondary", status: 403, retryAfterSeconds: 2, times: 1 });
    expect(await github.validate(creds, ctx)).toEqual({ id: "1", name: "octocat" });
    expect(waits).toEqual([2000]);
    expect(requests).toHaveLength(2);
  });

  it("maps the fake kit's 429 fault with retry-after to rate_limited", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 300 });
    const before = Date.now();
    const err = await github.validate(creds, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited", status: 429 });
    expect((err as ProviderError).retryAt!.getTime() - before).toBeGreaterThanOrEqual(300_000);
  });

  it("reports a refusal 403 (not a rate limit) as a missing permission, naming it when GitHub does", async () => {
    const forbidden = (async () =>
      new Response(JSON.stringify({ message: "Resource not accessible by personal access token", documentation_url: "https://docs.github.com/rest" }), {
        status: 403,
        headers: { "content-type": "application/json", "x-ratelimit-remaining": "4999", "x-ratelimit-reset": "1900000000", "x-accepted-github-permissions": "metadata=read" },
      })) as unknown as typeof fetch;
    await expect(github.validate(creds, { baseUrl: BASE, fetch: forbidden, outbound: TEST_POLICY })).rejects.toMatchObject({
      kind: "permission_missing",
      status: 403,
      scope: "metadata=read",
      message: "GitHub refused GET /user: the credentials lack the permission metadata=read: Resource not accessible by personal access token",
    });
  });
});

describe("GitHub repositories listing", () => {
  it("pages to the end at 100 per page, following link headers on the dock's base URL", async () => {
    const { ctx, control, urls, state } = harness();
    await control("POST", "/_fake/repos/generate", { count: 250 });
    const pages = await collect(listRepositories(creds, ctx, null));
    expect(pages.map((p) => p.resources.length)).toEqual([100, 100, 50]);
    expect(urls()).toHaveLength(3);
    for (const url of urls()) {
      expect(url.origin).toBe(BASE);
      expect(url.pathname).toBe("/user/repos");
      expect(url.searchParams.get("per_page")).toBe(String(PER_PAGE));
      expect(url.searchParams.get("affiliation")).toBe("owner,collaborator,organization_member");
    }
    expect(urls().map((u) => u.searchParams.get("page"))).toEqual([null, "2", "3"]);
    expect(pages.map((p) => p.next)).toEqual([expect.stringMatching(/^\/user\/repos\?.*page=2$/), expect.stringMatching(/^\/user\/repos\?.*page=3$/), null]);
    const resources = all(pages);
    expect(new Set(resources.map((r) => r.externalId)).size).toBe(250);
    // Organization repositories are included, and the order is by full name.
    expect(resources.filter((r) => r.name.startsWith("edgedock-labs/"))).toHaveLength(62);
    const names = resources.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    const first = state.repos.find((r) => r.full_name === names[0])!;
    expect(resources[0]).toMatchObject({ externalId: String(first.id), url: first.html_url, attributes: { language: first.language, stars: first.stargazers_count } });
    for (const r of resources) expect(normalizedResourceSchema.safeParse(r).success).toBe(true);
  });

  it("resumes from a cursor with the remaining pages only", async () => {
    const { ctx, control, urls } = harness();
    await control("POST", "/_fake/repos/generate", { count: 250 });
    const full = all(await collect(listRepositories(creds, ctx, null)));
    const firstPage = (await listRepositories(creds, ctx, null)[Symbol.asyncIterator]().next()).value as ResourcePage;
    const before = urls().length;
    const rest = await collect(listRepositories(creds, ctx, firstPage.next));
    expect(urls().length - before).toBe(2);
    expect(rest.map((p) => p.resources.length)).toEqual([100, 50]);
    expect([...firstPage.resources, ...all(rest)].map((r) => r.externalId)).toEqual(full.map((r) => r.externalId));
  });

  it("surfaces a failure on page 2 of 3 after the client's retries, leaving the listing visibly unfinished", async () => {
    const { ctx, control, urls } = harness();
    await control("POST", "/_fake/repos/generate", { count: 250 });
    await control("POST", "/_fake/faults", { kind: "status", status: 502, path: "/user/repos", page: 2 });
    const { pages, error } = await collectUntilError(listRepositories(creds, ctx, null));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "provider_down", status: 502, message: "GitHub failed with 502 (GET /user/repos): Server Error" });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.next).toMatch(/page=2$/);
    // One request for page 1, four attempts at page 2, none for page 3.
    expect(urls().map((u) => u.searchParams.get("page"))).toEqual([null, "2", "2", "2", "2"]);
  });

  it("reports malformed JSON as a contract violation", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/faults", { kind: "malformed", path: "/user/repos", times: 1 });
    await expect(collect(listRepositories(creds, ctx, null))).rejects.toMatchObject({ kind: "contract_violation", message: "GitHub sent malformed JSON for GET /user/repos" });
  });

  it("reports a body that breaks the schema as a contract violation naming the field", async () => {
    const { ctx, control, state } = harness();
    await control("PATCH", `/_fake/repos/${String(state.repos[0]!.id)}`, { full_name: 42 });
    await expect(collect(listRepositories(creds, ctx, null))).rejects.toMatchObject({ kind: "contract_violation", message: expect.stringMatching(/: 0\.full_name: /) });
  });

  it("replays the contract's multi-page exchange", async () => {
    const served: string[] = [];
    const replay = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      served.push(url.pathname + url.search);
      const page = multipage.pages[url.searchParams.get("page") === "2" ? 1 : 0]!.response;
      return new Response(JSON.stringify(page.body), { status: page.status, headers: page.headers });
    }) as unknown as typeof fetch;
    const pages = await collect(listRepositories(creds, { baseUrl: BASE, fetch: replay, outbound: TEST_POLICY }, null));
    expect(all(pages).map((r) => r.name)).toEqual(["octocat/Hello-World", "octocat/Hello-World-2"]);
    expect(served).toEqual([firstRepositoriesPath(), "/user/repos?per_page=1&page=2"]);
  });

  it("sees patched and deleted repositories on the next listing", async () => {
    const { ctx, control, state } = harness();
    const [hello, example] = state.repos;
    await control("PATCH", `/_fake/repos/${String(hello!.id)}`, { archived: true });
    await control("DELETE", `/_fake/repos/${String(example!.id)}`);
    const resources = all(await collect(listRepositories(creds, ctx, null)));
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({ externalId: "1296269", status: "inactive", providerStatus: "archived" });
  });
});

describe("GitHub deployments listing", () => {
  it("lists the contract's example deployment with its latest status", async () => {
    const { ctx, urls } = harness();
    const pages = await collect(listDeployments(creds, ctx, null));
    expect(all(pages)).toEqual([
      expect.objectContaining({
        kind: "deployment",
        externalId: "1",
        name: "octocat/example → production @ a84d88e",
        status: "active",
        providerStatus: "success",
        url: "https://github.com/octocat/example/deployments",
        attributes: { repository: "octocat/example", environment: "production", ref: "topic-branch", sha: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d", creator: "octocat", latestState: "success" },
      }),
    ]);
    expect(pages[pages.length - 1]!.next).toBeNull();
    expect(urls().map((u) => u.pathname + u.search)).toEqual([
      firstRepositoriesPath(),
      `/repos/octocat/example/deployments?per_page=${DEPLOYMENTS_PER_REPO}`,
      "/repos/octocat/example/deployments/1/statuses?per_page=100",
      `/repos/octocat/Hello-World/deployments?per_page=${DEPLOYMENTS_PER_REPO}`,
    ]);
  });

  it("maps each latest state the fake reports", async () => {
    const { ctx, control, state } = harness();
    const repoId = String(state.repos[0]!.id);
    const cases: [string[], string, string | null][] = [
      [[], "unknown", null],
      [["pending"], "starting", "pending"],
      [["queued"], "starting", "queued"],
      [["queued", "in_progress"], "starting", "in_progress"],
      [["in_progress", "success"], "active", "success"],
      [["success", "inactive"], "inactive", "inactive"],
      [["in_progress", "failure"], "error", "failure"],
      [["error"], "error", "error"],
    ];
    const ids: string[] = [];
    for (const [states] of cases) {
      const created = (await control("POST", `/_fake/repos/${repoId}/deployments`, { environment: "staging", states })) as { deployment: { id: number } };
      ids.push(String(created.deployment.id));
    }
    const byId = new Map(all(await collect(listDeployments(creds, ctx, null))).map((r) => [r.externalId, r]));
    cases.forEach(([, status, state], i) => {
      expect(byId.get(ids[i]!)).toMatchObject({ status, providerStatus: state, attributes: { latestState: state, environment: "staging" } });
    });
  });

  it("reads only the most recent page of deployments per repository", async () => {
    const { ctx, control, state, urls } = harness();
    const repoId = String(state.repos[0]!.id);
    const ids: number[] = [];
    for (let i = 0; i < DEPLOYMENTS_PER_REPO + 5; i++) {
      ids.push(((await control("POST", `/_fake/repos/${repoId}/deployments`, { states: ["success"] })) as { deployment: { id: number } }).deployment.id);
    }
    const listed = all(await collect(listDeployments(creds, ctx, null))).filter((r) => repositoryOf(r) === "octocat/Hello-World");
    expect(listed.map((r) => Number(r.externalId))).toEqual(ids.slice(-DEPLOYMENTS_PER_REPO).reverse());
    expect(urls().filter((u) => u.pathname === "/repos/octocat/Hello-World/deployments")).toHaveLength(1);
  });

  it("walks every repository page and resumes at the repository it stopped at", async () => {
    const { ctx, control, state } = harness();
    await control("POST", "/_fake/repos/generate", { count: 150 });
    // Deployments on a few repositories spread over both repository pages.
    const sorted = [...state.repos].sort((a, b) => String(a.full_name).toLowerCase().localeCompare(String(b.full_name).toLowerCase()));
    const withDeployments = [3, 40, 99, 100, 120, 149].map((i) => sorted[i]!);
    for (const repo of withDeployments) await control("POST", `/_fake/repos/${String(repo.id)}/deployments`, { states: ["success"] });

    const full = await collect(listDeployments(creds, ctx, null));
    expect(all(full).map(repositoryOf)).toEqual(withDeployments.map((r) => r.full_name));
    // One page per repository with deployments; the last repository of page 2 has some, so no trailing empty page.
    expect(full.map((p) => p.resources.length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(full[full.length - 1]!.next).toBeNull();
    const third = JSON.parse(full[2]!.next!) as { repos: string; repo: number | null };
    // After the last repository of page 1, the cursor points at page 2 from its start.
    expect(third).toEqual({ repos: expect.stringMatching(/^\/user\/repos\?.*page=2$/), repo: null });
    const second = JSON.parse(full[1]!.next!) as { repos: string; repo: number | null };
    expect(second).toEqual({ repos: firstRepositoriesPath(), repo: sorted[41]!.id });

    // Cut short after the second page: the rest comes back, and nothing before it.
    const resumed = await collect(listDeployments(creds, ctx, full[1]!.next));
    expect(all(resumed).map((r) => r.externalId)).toEqual(all(full).slice(2).map((r) => r.externalId));
  });

  it("ends a repository page without deployments in an empty page pointing onward", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/repos/generate", { count: 150 });
    const pages = await collect(listDeployments(creds, ctx, null));
    expect(pages).toEqual([
      { resources: [], next: JSON.stringify({ repos: nextRepositoriesPage(), repo: null }) },
      { resources: [], next: null },
    ]);
  });

  it("restarts a page when the repository to resume at has gone, rather than skip deployments", async () => {
    const { ctx, control, state } = harness();
    const example = state.repos.find((r) => r.name === "example")!;
    const cursor = JSON.stringify({ repos: firstRepositoriesPath(), repo: 123456789 });
    expect(all(await collect(listDeployments(creds, ctx, cursor))).map((r) => r.externalId)).toEqual(["1"]);
    const atExample = JSON.stringify({ repos: firstRepositoriesPath(), repo: example.id });
    expect(all(await collect(listDeployments(creds, ctx, atExample))).map((r) => r.externalId)).toEqual(["1"]);
    await control("POST", "/_fake/repos", { name: "zzz-last" });
    const afterExample = state.repos.find((r) => r.name === "zzz-last")!;
    const skipping = JSON.stringify({ repos: firstRepositoriesPath(), repo: afterExample.id });
    expect(all(await collect(listDeployments(creds, ctx, skipping)))).toEqual([]);
    await expect(collect(listDeployments(creds, ctx, "not json"))).rejects.toThrow(/invalid GitHub deployment cursor/);
    await expect(collect(listDeployments(creds, ctx, JSON.stringify({ repos: "//evil.example/x", repo: null })))).rejects.toThrow();
  });

  it("skips a repository deleted between the listing and its deployments, and disabled ones", async () => {
    const state = initialState();
    const { ctx, urls } = harness(state);
    state.repos.push({ ...structuredClone(state.repos[1]!), id: 77, name: "blocked", full_name: "octocat/blocked", disabled: true });
    const example = state.repos.find((r) => r.name === "example")!;
    const inner = ctx.fetch!;
    let deleted = false;
    const deletingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await inner(input, init);
      if (!deleted && new URL(String(input)).pathname === "/user/repos") {
        deleted = true;
        state.repos = state.repos.filter((r) => r !== example);
      }
      return res;
    }) as typeof fetch;
    const pages = await collect(listDeployments(creds, { ...ctx, fetch: deletingFetch }, null));
    expect(all(pages)).toEqual([]);
    expect(pages[pages.length - 1]!.next).toBeNull();
    expect(urls().some((u) => u.pathname.includes("/blocked/"))).toBe(false);
  });

  it("surfaces a failing statuses request as a ProviderError after the retries", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/faults", { kind: "status", status: 500, path: "/repos/octocat/example/deployments/1/statuses" });
    const { pages, error } = await collectUntilError(listDeployments(creds, ctx, null));
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ kind: "provider_down", status: 500 });
  });
});

function nextRepositoriesPage(): string {
  const url = new URL(`https://api.github.com${firstRepositoriesPath()}`);
  url.searchParams.set("page", "2");
  return url.pathname + url.search;
}

describe("GitHub fake fidelity", () => {
  const get = (app: ReturnType<typeof createGithubFake>, path: string, headers: Record<string, string> = {}) =>
    app.fetch(new Request(`https://api.github.com${path}`, { headers: { authorization: `token ${TOKEN}`, "user-agent": "test", ...headers } }));

  it("sends absolute links on api.github.com, none when one page holds everything", async () => {
    const { app, control } = harness();
    let res = await get(app, "/user/repos");
    expect(res.headers.get("link")).toBeNull();
    await control("POST", "/_fake/repos/generate", { count: 7 });
    res = await get(app, "/user/repos?per_page=3");
    expect(res.headers.get("link")).toBe('<https://api.github.com/user/repos?per_page=3&page=2>; rel="next", <https://api.github.com/user/repos?per_page=3&page=3>; rel="last"');
    res = await get(app, "/user/repos?per_page=3&page=3");
    expect(res.headers.get("link")).toBe('<https://api.github.com/user/repos?per_page=3&page=2>; rel="prev", <https://api.github.com/user/repos?per_page=3&page=1>; rel="first"');
    expect(((await res.json()) as unknown[]).length).toBe(1);
    await control("POST", "/_fake/repos/generate", { count: 150 });
    res = await get(app, "/user/repos?per_page=500");
    expect(((await res.json()) as unknown[]).length).toBe(100);
  });

  it("answers like GitHub on auth, user agent, version and bad parameters, with rate-limit headers throughout", async () => {
    const { app } = harness();
    let res = await app.fetch(new Request("https://api.github.com/user", { headers: { "user-agent": "test" } }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(error401);
    expect(res.headers.get("x-ratelimit-limit")).toBe("5000");
    res = await app.fetch(new Request("https://api.github.com/user", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(403);
    res = await get(app, "/user", { "x-github-api-version": "1999-01-01" });
    expect(res.status).toBe(400);
    res = await get(app, "/user/repos?type=owner&affiliation=owner");
    expect(res.status).toBe(422);
    expect(errorBodySchema.parse(await res.json()).message).toBe("Validation Failed");
    res = await get(app, "/repos/octocat/nope/deployments");
    expect(res.status).toBe(404);
    res = await get(app, "/user");
    expect(res.status).toBe(200);
    for (const name of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource"]) expect(res.headers.get(name)).not.toBeNull();
    expect(Number(res.headers.get("x-ratelimit-used")) + Number(res.headers.get("x-ratelimit-remaining"))).toBe(5000);
  });

  it("lists statuses newest first and filters deployments by environment", async () => {
    const { app, control, state } = harness();
    const created = (await control("POST", `/_fake/repos/${String(state.repos[0]!.id)}/deployments`, { environment: "staging", states: ["queued", "in_progress", "success"] })) as { deployment: { id: number } };
    const statuses = (await (await get(app, `/repos/octocat/Hello-World/deployments/${created.deployment.id}/statuses`)).json()) as { state: string }[];
    expect(statuses.map((s) => s.state)).toEqual(["success", "in_progress", "queued"]);
    const staging = (await (await get(app, "/repos/octocat/Hello-World/deployments?environment=staging")).json()) as unknown[];
    const production = (await (await get(app, "/repos/octocat/Hello-World/deployments?environment=production")).json()) as unknown[];
    expect([staging.length, production.length]).toEqual([1, 0]);
  });

  it("serves /rate_limit without counting it", async () => {
    const { app } = harness();
    const body = (await (await get(app, "/rate_limit")).json()) as { resources: { core: { remaining: number } } };
    const again = (await (await get(app, "/rate_limit")).json()) as { resources: { core: { remaining: number } } };
    expect(again.resources.core.remaining).toBe(body.resources.core.remaining);
  });
});

describe("GitHub webhook signatures", () => {
  const signature = vector["X-Hub-Signature-256"];

  it("accepts the documented test vector", async () => {
    expect(await verifyGithubSignature(vector.secret, vector.raw_body, signature)).toBe(true);
    expect(await verifyGithubSignature(vector.secret, new TextEncoder().encode(vector.raw_body), signature)).toBe(true);
    const bytes = new TextEncoder().encode(vector.raw_body);
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    expect(await verifyGithubSignature(vector.secret, buffer, signature)).toBe(true);
  });

  it("rejects a tampered body and a wrong secret", async () => {
    expect(await verifyGithubSignature(vector.secret, "Hello, World?", signature)).toBe(false);
    expect(await verifyGithubSignature(vector.secret, `${vector.raw_body}\n`, signature)).toBe(false);
    expect(await verifyGithubSignature("It's a Secret to Nobody", vector.raw_body, signature)).toBe(false);
    expect(await verifyGithubSignature("", vector.raw_body, signature)).toBe(false);
  });

  it("rejects a missing or malformed header", async () => {
    const hex = signature.slice("sha256=".length);
    for (const header of [null, undefined, "", "sha256=", hex, `sha1=${hex}`, `SHA256=${hex}`, `sha256=${hex.slice(0, -2)}`, `sha256=${hex}00`, `sha256=${"z".repeat(64)}`, `sha256=${hex.toUpperCase()}`]) {
      expect(await verifyGithubSignature(vector.secret, vector.raw_body, header)).toBe(false);
    }
  });
});

describe("GitHub webhook events", () => {
  const { action, deployment, repository, sender } = deploymentStatusEvent;
  const deploymentEvent = { action, deployment, repository, sender };
  /** One contract example per event the adapter handles; the deployment one is the status example without its status. */
  const bodies: Record<string, Record<string, unknown>> = {
    ping: pingEvent,
    push: pushEvent,
    repository: repositoryEvent,
    deployment: deploymentEvent,
    deployment_status: deploymentStatusEvent,
    workflow_run: workflowRunEvent,
  };

  it("declares marks for exactly the events it handles", () => {
    expect(Object.keys(GITHUB_EVENT_MARKS).sort()).toEqual(Object.keys(bodies).sort());
  });

  it("takes every contract example as its own event and refuses it as any other", () => {
    for (const [event, body] of Object.entries(bodies)) {
      expect(githubEventMismatch(event, body), event).toBeNull();
      for (const other of Object.keys(bodies).filter((e) => e !== event)) {
        const reason = githubEventMismatch(other, body);
        expect(reason, `${event} body as ${other}`).not.toBeNull();
        expect(reason).toMatch(new RegExp(`\\b${other}\\b`));
      }
    }
  });

  it("names the event a body belongs to", () => {
    expect(githubEventMismatch("deployment_status", pushEvent)).toBe("body is a push event, not deployment_status");
    expect(githubEventMismatch("deployment", deploymentStatusEvent)).toBe("body is a deployment_status event, not deployment");
    expect(githubEventMismatch("repository", deploymentStatusEvent)).toBe("body is a deployment_status event, not repository");
    expect(githubEventMismatch("repository", workflowRunEvent)).toBe("body is a workflow_run event, not repository");
    expect(githubEventMismatch("deployment", repositoryEvent)).toBe("body is a repository event, not deployment");
  });

  it("refuses a body of an ignored event that shares action and repository with a handled one", () => {
    const starDeleted = { action: "deleted", starred_at: null, repository: repositoryEvent.repository, sender: repositoryEvent.sender };
    expect(githubEventMismatch("repository", starDeleted)).toBe('body is not a repository event: it carries "starred_at", the subject of another event');
    // The webhook's own deletion (meta) is sent with action "deleted" too.
    const metaDeleted = { action: "deleted", hook_id: 1, hook: pingEvent.hook, repository: repositoryEvent.repository, sender: repositoryEvent.sender };
    expect(githubEventMismatch("repository", metaDeleted)).toMatch(/carries "hook/);
    expect(githubEventMismatch("repository", { ...repositoryEvent, action: "starred" })).toBe(
      'body is not a repository event: action "starred" is not one of archived, created, deleted, edited, privatized, publicized, renamed, transferred, unarchived',
    );
    expect(githubEventMismatch("repository", [repositoryEvent])).toBe("body is not a repository event: it is not a JSON object");
  });

  it("accepts what GitHub adds to a deployment made by a workflow", () => {
    const byWorkflow = { ...deploymentStatusEvent, check_run: { id: 1 }, workflow: { id: 2 }, workflow_run: workflowRunEvent.workflow_run };
    expect(githubEventMismatch("deployment_status", byWorkflow)).toBeNull();
    const deploymentByWorkflow = { ...deploymentEvent, workflow: { id: 2 }, workflow_run: workflowRunEvent.workflow_run };
    expect(githubEventMismatch("deployment", deploymentByWorkflow)).toBeNull();
  });

  it("leaves events it ignores unchecked", () => {
    expect(githubEventMismatch("star", pushEvent)).toBeNull();
    expect(githubEventMismatch("", repositoryEvent)).toBeNull();
  });

  it("reads the delivery id from X-GitHub-Delivery, refusing a blank or oversized one", () => {
    expect(githubWebhooks.deliveryIdSource).toBe("the X-GitHub-Delivery header");
    const id = (value: string | null) => githubWebhooks.deliveryId(new Headers(value === null ? {} : { "x-github-delivery": value }), {});
    expect(id("72d3162e-cc78-11e3-81ab-4c9367dc0958")).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(id(" 72d3162e-cc78-11e3-81ab-4c9367dc0958 ")).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    for (const blank of [null, "", "   "]) expect(id(blank)).toBeNull();
    expect(id("x".repeat(129))).toBeNull();
  });
});
