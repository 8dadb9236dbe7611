import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import type { ListedPage } from "../types";
import { CursorError, findLink, linkPath, parseLinkHeader, resolvePath } from "../kit";
import { API_VERSION, classifyRateLimit, USER_AGENT } from "./client";
import { initialState, makeEnvironment, makeOwner, makeRelease, makeRepo } from "./fake";
import type { createGithubFake, GithubFakeState } from "./fake";
import { credentialFields } from "./credentials";
import { github } from "./index";
import { DEPLOYMENT_RETENTION_DAYS, firstRepositoriesPath, listDeployments, listRepositories, listWorkflowRuns, MAX_WORKFLOW_RUN_PAGES, PER_PAGE, WORKFLOW_RUN_WINDOW_DAYS } from "./listers";
import { latestStatus, NEW_REPOSITORY_EXTRAS, normalizeDeployment, normalizeRepository, normalizeWorkflowRun, summarizeEnvironment } from "./normalize";
import { deploymentStatusesSchema, deploymentsSchema, environmentsSchema, errorBodySchema, releaseSchema, repositoriesSchema, userSchema, workflowRunsSchema } from "./schemas";
import { all, BASE, collect, collectUntilError, creds, harness, memoryCache, onPath, TEST_POLICY, TOKEN } from "./test-harness";
import { verifyGithubSignature } from "./webhook";
import { GITHUB_EVENT_MARKS, githubEventMismatch, githubWebhooks } from "./webhook-events";
import deploymentStatuses from "./fixtures/deployment-statuses.json";
import deployments from "./fixtures/deployments.json";
import environments from "./fixtures/environments.json";
import error401 from "./fixtures/error-401.json";
import error422 from "./fixtures/error-422-validation.json";
import orgRepos from "./fixtures/org-repos.json";
import rateLimitExceeded from "./fixtures/rate-limit-exceeded.json";
import release from "./fixtures/release-latest.json";
import releaseNotFound from "./fixtures/release-latest-404.json";
import user from "./fixtures/user.json";
import userRepos from "./fixtures/user-repos.json";
import multipage from "./fixtures/user-repos-multipage.json";
import vector from "./fixtures/webhook-signature-test-vector.json";
import deploymentStatusEvent from "./fixtures/webhook-deployment_status.json";
import pingEvent from "./fixtures/webhook-ping.json";
import pushEvent from "./fixtures/webhook-push.json";
import repositoryEvent from "./fixtures/webhook-repository-created.json";
import workflowRunEvent from "./fixtures/webhook-workflow_run-completed.json";
import workflowRuns from "./fixtures/workflow-runs.json";

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
    expect(environmentsSchema.parse(environments).environments![0]!.protection_rules!.map((r) => r.type)).toEqual(["wait_timer", "required_reviewers", "branch_policy"]);
    // Both keys of the wrapper are optional in the spec; a body without either is no environment.
    expect(environmentsSchema.parse({}).environments).toBeUndefined();
    expect(releaseSchema.parse(release)).toMatchObject({ tag_name: "v1.0.0", draft: false, prerelease: false, published_at: "2013-02-27T19:35:32Z" });
    expect(releaseSchema.parse({ ...release, name: null, published_at: null })).toMatchObject({ name: null, published_at: null });
    for (const body of [error401, error422, releaseNotFound, rateLimitExceeded.primary.body, rateLimitExceeded.secondary.body]) expect(errorBodySchema.safeParse(body).success).toBe(true);
  });

  it("refuse a repository without its identity", () => {
    const { id: _id, ...withoutId } = userRepos[0]!;
    expect(repositoriesSchema.safeParse([withoutId]).success).toBe(false);
  });
});

describe("GitHub normalization (contract examples)", () => {
  const repo = repositoriesSchema.parse(userRepos)[0]!;

  it("maps the example repository", () => {
    const normalized = normalizeRepository(repo, NEW_REPOSITORY_EXTRAS);
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
        environments: [],
        latestRelease: null,
      },
    });
    expect(normalizedResourceSchema.safeParse(normalized).success).toBe(true);
    // The example carries a temp_clone_token; nothing of it may reach the store.
    expect(JSON.stringify(normalized)).not.toContain("ABTLWHOULUVAXGTRYU7OC2876QJ2O");
  });

  it("names archived, disabled and private repositories by their state", () => {
    expect(normalizeRepository({ ...repo, archived: true }, NEW_REPOSITORY_EXTRAS)).toMatchObject({ status: "inactive", providerStatus: "archived", attributes: { archived: true } });
    expect(normalizeRepository({ ...repo, disabled: true }, NEW_REPOSITORY_EXTRAS)).toMatchObject({ status: "inactive", providerStatus: "disabled" });
    expect(normalizeRepository({ ...repo, private: true, visibility: "private" }, NEW_REPOSITORY_EXTRAS)).toMatchObject({ status: "active", providerStatus: "private", attributes: { private: true } });
    expect(normalizeRepository({ ...repo, visibility: "internal" }, NEW_REPOSITORY_EXTRAS)).toMatchObject({ providerStatus: "internal" });
    const { visibility: _v, ...noVisibility } = repo;
    expect(normalizeRepository({ ...noVisibility, private: true }, NEW_REPOSITORY_EXTRAS)).toMatchObject({ providerStatus: "private" });
  });

  it("carries the example's environments with their rule types and the example's latest release", () => {
    const [staging] = environmentsSchema.parse(environments).environments!;
    const normalized = normalizeRepository(repo, { environments: [summarizeEnvironment(staging!), { name: "production", protectionRules: [] }], latestRelease: releaseSchema.parse(release) });
    expect(normalizedResourceSchema.parse(normalized).attributes).toMatchObject({
      environments: [
        { name: "staging", protectionRules: ["wait_timer", "required_reviewers", "branch_policy"] },
        { name: "production", protectionRules: [] },
      ],
      latestRelease: { tag: "v1.0.0", name: "v1.0.0", publishedAt: "2013-02-27T19:35:32Z", prerelease: false, draft: false, url: "https://github.com/octocat/Hello-World/releases/v1.0.0" },
    });
    // Neither the reviewers nor the release's author, body or assets are kept.
    expect(JSON.stringify(normalized)).not.toMatch(/Ninjadeveloper007|Description of the release|example\.zip/);
    // Unreadable (a token without Actions or Contents): null, not "none".
    expect(normalizeRepository(repo, { environments: null, latestRelease: null }).attributes).toMatchObject({ environments: null, latestRelease: null });
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
  /** The kit's reading of a `link` header: the next page's path on the dock's base URL, or null. */
  const nextPath = (baseUrl: string, header: string | null) => {
    const next = findLink(parseLinkHeader(header), "next");
    return next === null ? null : linkPath(baseUrl, next.target, baseUrl);
  };

  it("reads next from the contract's multi-page exchange and stays on the dock's base URL", () => {
    const first = multipage.pages[0]!.response.headers.link;
    expect(findLink(parseLinkHeader(first), "last")?.target).toBe("https://api.github.com/user/repos?per_page=1&page=2");
    expect(nextPath("https://proxy.example.com", first)).toBe("/user/repos?per_page=1&page=2");
    expect(nextPath("https://api.github.com", multipage.pages[1]!.response.headers.link)).toBeNull();
    expect(nextPath("https://api.github.com", null)).toBeNull();
  });

  it("keeps commas inside link URLs and a GitHub Enterprise path prefix", () => {
    const header = '<https://ghe.example.com/api/v3/user/repos?affiliation=owner,collaborator&page=3>; rel="next", <https://ghe.example.com/api/v3/user/repos?page=9>; rel="last"';
    const path = nextPath("https://ghe.example.com/api/v3/", header)!;
    expect(path).toBe("/user/repos?affiliation=owner,collaborator&page=3");
    expect(resolvePath("https://ghe.example.com/api/v3/", path)).toBe("https://ghe.example.com/api/v3/user/repos?affiliation=owner,collaborator&page=3");
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

  it("records the x-ratelimit-* headers (reset in epoch seconds)", async () => {
    const state = initialState();
    state.rateLimit = { limit: 5000, remaining: 4321, resetAt: 1_900_000_000, status: 403 };
    const seen: { limit: number | null; remaining: number | null; resetAt: string | null }[] = [];
    const { ctx } = harness(state, { onRateLimit: (s) => seen.push(s) });
    await github.validate(creds, ctx);
    expect(seen).toEqual([expect.objectContaining({ limit: 5000, remaining: 4320, resetAt: new Date(1_900_000_000_000).toISOString() })]);
  });

  it("refuses tokens no GitHub token looks like", () => {
    expect(github.credentialsSchema.safeParse({ token: "short" }).success).toBe(false);
    expect(github.credentialsSchema.safeParse({ token: "ghp_abcdefghij klmnopqrstuvwxyz" }).success).toBe(false);
  });

  it("says a fine-grained token covers one owner, with the read permissions of each kind, and what a classic token needs", () => {
    const help = credentialFields.find((f) => f.name === "token")!.help;
    expect(help).toMatch(/exactly one owner/);
    for (const permission of ["Metadata", "Deployments", "Actions", "Contents"]) expect(help).toContain(permission);
    for (const scope of ["repo scope", "public_repo", "read:org"]) expect(help).toContain(scope);
    expect(help).toContain(`last ${DEPLOYMENT_RETENTION_DAYS} days`);
  });

  it("lists the three kinds it syncs", () => {
    expect(github.resourceKinds).toEqual(["repository", "deployment", "workflow_run"]);
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
    // Page 1 with its 100 repositories' environments and releases (201 requests), then page 2 and one more.
    const { rateLimit } = (await control("POST", "/_fake/rate-limit", { mode: "primary", remaining: 203, resetInSeconds: 900, status: 429 })) as { rateLimit: { resetAt: number } };
    const { pages, error } = await collectUntilError(listRepositories(creds, ctx, null));
    expect(pages).toHaveLength(1);
    expect(error).toMatchObject({ kind: "rate_limited", status: 429 });
    expect((error as ProviderError).retryAt?.getTime()).toBe(rateLimit.resetAt * 1000);
    // The listing did not complete: the last page handed out still points onward.
    expect(pages[0]!.next).not.toBeNull();
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
    const pageUrls = onPath(urls(), "/user/repos");
    expect(pageUrls).toHaveLength(3);
    for (const url of urls()) expect(url.origin).toBe(BASE);
    for (const url of pageUrls) {
      expect(url.origin).toBe(BASE);
      expect(url.pathname).toBe("/user/repos");
      expect(url.searchParams.get("per_page")).toBe(String(PER_PAGE));
      expect(url.searchParams.get("affiliation")).toBe("owner,collaborator,organization_member");
    }
    expect(pageUrls.map((u) => u.searchParams.get("page"))).toEqual([null, "2", "3"]);
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
    const firstPage = (await listRepositories(creds, ctx, null)[Symbol.asyncIterator]().next()).value as ListedPage;
    const before = onPath(urls(), "/user/repos").length;
    const rest = await collect(listRepositories(creds, ctx, firstPage.next));
    expect(onPath(urls(), "/user/repos").length - before).toBe(2);
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
    expect(onPath(urls(), "/user/repos").map((u) => u.searchParams.get("page"))).toEqual([null, "2", "2", "2", "2"]);
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
      // The exchange holds repositories only: they have no environments or release here.
      if (url.pathname !== "/user/repos") return new Response(JSON.stringify(releaseNotFound), { status: 404, headers: { "content-type": "application/json" } });
      served.push(url.pathname + url.search);
      const page = multipage.pages[url.searchParams.get("page") === "2" ? 1 : 0]!.response;
      return new Response(JSON.stringify(page.body), { status: page.status, headers: page.headers });
    }) as unknown as typeof fetch;
    const pages = await collect(listRepositories(creds, { baseUrl: BASE, fetch: replay, outbound: TEST_POLICY }, null));
    expect(all(pages).map((r) => r.name)).toEqual(["octocat/Hello-World", "octocat/Hello-World-2"]);
    expect(served).toEqual([firstRepositoriesPath(), "/user/repos?per_page=1&page=2"]);
  });

  it("covers every owner the token may see: its own, collaborator and organization repositories, with deployments and runs of each", async () => {
    const { ctx, state, urls } = harness();
    const org = makeRepo(makeOwner("octo-org", 9001, "Organization"), "platform", 9101);
    const collaborator = makeRepo(makeOwner("hubot", 9002), "scripts", 9102);
    state.repos.push(org, collaborator);
    state.runs.push({ repoId: 9101, run: runOf(org) });
    const names = all(await collect(listRepositories(creds, ctx, null))).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["octocat/Hello-World", "octocat/example", "octo-org/platform", "hubot/scripts"]));
    expect(new URL(`${BASE}${firstRepositoriesPath()}`).searchParams.get("affiliation")).toBe("owner,collaborator,organization_member");
    const runs = all(await collect(listWorkflowRuns(creds, ctx, null)));
    expect(runs.map((r) => (r.kind === "workflow_run" ? r.attributes.repository : null))).toEqual(["octo-org/platform"]);
    await collect(listDeployments(creds, ctx, null));
    for (const owner of ["octo-org/platform", "hubot/scripts"]) expect(urls().some((u) => u.pathname === `/repos/${owner}/deployments`), owner).toBe(true);
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
      `/repos/octocat/example/deployments?per_page=${PER_PAGE}`,
      "/repos/octocat/example/deployments/1/statuses?per_page=100",
      `/repos/octocat/Hello-World/deployments?per_page=${PER_PAGE}`,
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

  it("lists every deployment of the retention window, paging past the newest 30, and stops past the window", async () => {
    const { ctx, control, urls } = harness();
    // 250 deployments a day apart: days 0–90 are in the window, the rest older; three environments take turns.
    await control("POST", "/_fake/deployments/generate", { count: 250, daysApart: 1 });
    const listed = all(await collect(listDeployments(creds, ctx, null))).filter((r) => repositoryOf(r) === "octocat/Hello-World");
    // Days 0–89 (day 90 is a moment past the window), none older: each environment's newest is among them.
    expect(listed).toHaveLength(DEPLOYMENT_RETENTION_DAYS);
    const oldest = Math.min(...listed.map((r) => Date.parse(r.createdAt!)));
    expect(Date.now() - oldest).toBeLessThanOrEqual(DEPLOYMENT_RETENTION_DAYS * 86_400_000);
    // Page 1 holds days 0–99, which already reaches past the window: no second page.
    expect(urls().filter((u) => u.pathname === "/repos/octocat/Hello-World/deployments").map((u) => u.searchParams.get("per_page"))).toEqual(["100"]);
  });

  it("keeps each environment's newest deployment however old, and every deployment of a long window", async () => {
    const { ctx, control, state, urls } = harness();
    // 240 deployments 8 hours apart: 80 days, all in the window, over three pages.
    await control("POST", "/_fake/deployments/generate", { count: 240, daysApart: 1 / 3 });
    expect(all(await collect(listDeployments(creds, ctx, null)))).toHaveLength(240);
    expect(urls().filter((u) => u.pathname === "/repos/octocat/Hello-World/deployments")).toHaveLength(3);
    // A deployment of another environment, two years old and listed after them all (the oldest id): still
    // its environment's current one, so it stays; an older one of a known environment does not.
    const repo = state.repos.find((r) => r.name === "Hello-World")!;
    for (const [environment, id] of [["legacy", 2], ["env-0", 1]] as const) {
      const made = (await control("POST", `/_fake/repos/${String(repo.id)}/deployments`, { environment, states: ["success"] })) as { deployment: { id: number } };
      Object.assign(state.deployments.find((d) => d.deployment.id === made.deployment.id)!.deployment, { id, created_at: "2024-01-01T00:00:00Z" });
    }
    // Nine deployments of the newest 100 days go, so the two old ones land on the same page as the window's end.
    state.deployments = state.deployments.filter((d) => Number(d.deployment.id) < 3 || Date.now() - Date.parse(String(d.deployment.created_at)) < 50 * 86_400_000);
    const again = all(await collect(listDeployments(creds, ctx, null))).map((r) => r.externalId);
    expect(again).toContain("2");
    expect(again).not.toContain("1");
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
    // The kit's nested cursor: [page of repositories (null: the first), repository to go on with, its page].
    const third = JSON.parse(full[2]!.next!) as unknown[];
    // After the last repository of page 1, the cursor points at page 2 from its start.
    expect(third).toEqual([expect.stringMatching(/^\/user\/repos\?.*page=2$/), null, null]);
    expect(JSON.parse(full[1]!.next!)).toEqual([null, String(sorted[41]!.id), null]);

    // Cut short after the second page: the rest comes back, and nothing before it.
    const resumed = await collect(listDeployments(creds, ctx, full[1]!.next));
    expect(all(resumed).map((r) => r.externalId)).toEqual(all(full).slice(2).map((r) => r.externalId));
  });

  it("ends a repository page without deployments in an empty page pointing onward", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/repos/generate", { count: 150 });
    const pages = await collect(listDeployments(creds, ctx, null));
    expect(pages).toEqual([
      { resources: [], next: JSON.stringify([nextRepositoriesPage(), null, null]) },
      { resources: [], next: null },
    ]);
  });

  it("restarts a page when the repository to resume at has gone, rather than skip deployments", async () => {
    const { ctx, control, state } = harness();
    const example = state.repos.find((r) => r.name === "example")!;
    const cursor = JSON.stringify([null, "123456789", null]);
    expect(all(await collect(listDeployments(creds, ctx, cursor))).map((r) => r.externalId)).toEqual(["1"]);
    const atExample = JSON.stringify([null, String(example.id), null]);
    expect(all(await collect(listDeployments(creds, ctx, atExample))).map((r) => r.externalId)).toEqual(["1"]);
    await control("POST", "/_fake/repos", { name: "zzz-last" });
    const afterExample = state.repos.find((r) => r.name === "zzz-last")!;
    const skipping = JSON.stringify([null, String(afterExample.id), null]);
    expect(all(await collect(listDeployments(creds, ctx, skipping)))).toEqual([]);
    // A page of deployments that is no longer there (the pages moved): that repository is listed from its start.
    const movedPage = JSON.stringify([null, String(example.id), "/repos/octocat/example/deployments?per_page=100&page=7"]);
    expect(all(await collect(listDeployments(creds, ctx, movedPage))).map((r) => r.externalId)).toEqual(["1"]);
    await expect(collect(listDeployments(creds, ctx, "not json"))).rejects.toThrow(CursorError);
    await expect(collect(listDeployments(creds, ctx, JSON.stringify(["//evil.example/x", null, null])))).rejects.toThrow(CursorError);
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

describe("GitHub environments and releases on repositories", () => {
  const helloWorld = (state: GithubFakeState) => state.repos.find((r) => r.name === "Hello-World")!;
  const repositoryNamed = (resources: NormalizedResource[], name: string) => resources.find((r) => r.name === name);

  it("carries each repository's environments and its latest full release, asked for conditionally at 100 a page", async () => {
    const { ctx, control, state, urls, requests } = harness(initialState(), { httpCache: memoryCache().cache });
    const repo = helloWorld(state);
    await control("POST", `/_fake/repos/${String(repo.id)}/environments`, { name: "production", protectionRules: ["required_reviewers", "wait_timer"] });
    await control("POST", `/_fake/repos/${String(repo.id)}/environments`, { name: "preview", protectionRules: ["custom"] });
    await control("POST", `/_fake/repos/${String(repo.id)}/releases`, { tag: "v1.2.0", daysAgo: 3 });
    // Newer, but neither is "latest": GitHub leaves drafts and prereleases out of it.
    await control("POST", `/_fake/repos/${String(repo.id)}/releases`, { tag: "v1.3.0-rc.1", prerelease: true, daysAgo: 1 });
    await control("POST", `/_fake/repos/${String(repo.id)}/releases`, { tag: "v1.3.0", draft: true, daysAgo: 0 });
    const resources = all(await collect(listRepositories(creds, ctx, null)));
    expect(repositoryNamed(resources, "octocat/Hello-World")!.attributes).toMatchObject({
      environments: [
        { name: "production", protectionRules: ["required_reviewers", "wait_timer"] },
        { name: "preview", protectionRules: ["custom"] },
      ],
      latestRelease: { tag: "v1.2.0", name: "v1.2.0", prerelease: false, draft: false, url: "https://github.com/octocat/Hello-World/releases/v1.2.0" },
    });
    // No environments and a 404 for the latest release: none, not an error.
    expect(repositoryNamed(resources, "octocat/example")!.attributes).toMatchObject({ environments: [], latestRelease: null });
    for (const r of resources) expect(normalizedResourceSchema.safeParse(r).success).toBe(true);
    for (const url of urls().filter((u) => u.pathname.endsWith("/environments"))) expect(url.searchParams.get("per_page")).toBe("100");
    // Sent again with the ETag each 200 came with.
    const before = requests.length;
    await collect(listRepositories(creds, ctx, null));
    const repeated = requests.slice(before).filter((r) => !new URL(r.url).pathname.endsWith("/releases/latest") || new URL(r.url).pathname.includes("Hello-World"));
    for (const request of repeated) expect(request.headers.get("if-none-match"), request.url).not.toBeNull();
  });

  it("pages environments past 100 through the link header", async () => {
    const { ctx, state, urls } = harness();
    const repo = helloWorld(state);
    for (let i = 0; i < 130; i++) state.environments.push({ repoId: Number(repo.id), item: makeEnvironment(repo, 70_000 + i, `env-${String(i).padStart(3, "0")}`) });
    const resources = all(await collect(listRepositories(creds, ctx, null)));
    const listed = repositoryNamed(resources, "octocat/Hello-World")!;
    expect(listed.kind === "repository" ? listed.attributes.environments : null).toHaveLength(130);
    expect(onPath(urls(), "/repos/octocat/Hello-World/environments").map((u) => u.searchParams.get("page"))).toEqual([null, "2"]);
  });

  it("lists repositories without environments or releases the token may not read, instead of failing", async () => {
    const { ctx, state } = harness();
    state.grants.set(TOKEN, new Set(["metadata=read"]));
    const repo = helloWorld(state);
    state.environments.push({ repoId: Number(repo.id), item: makeEnvironment(repo, 71_000, "production") });
    state.releases.push({ repoId: Number(repo.id), item: makeRelease(repo, 72_000, { tag: "v1.0.0" }) });
    const { pages, error } = await collectUntilError(listRepositories(creds, ctx, null));
    expect(error).toBeNull();
    expect(repositoryNamed(all(pages), "octocat/Hello-World")!.attributes).toMatchObject({ environments: null, latestRelease: null });
    // With Actions but not Contents: the environments, and still no release.
    state.grants.set(TOKEN, new Set(["metadata=read", "actions=read"]));
    const withActions = all(await collect(listRepositories(creds, ctx, null)));
    expect(repositoryNamed(withActions, "octocat/Hello-World")!.attributes).toMatchObject({ environments: [{ name: "production", protectionRules: [] }], latestRelease: null });
  });

  it("fails the kind on a server error for a repository's environments, rather than calling them none", async () => {
    const { ctx, control } = harness();
    await control("POST", "/_fake/faults", { kind: "status", status: 502, path: "/repos/octocat/Hello-World/environments" });
    await expect(collect(listRepositories(creds, ctx, null))).rejects.toMatchObject({ kind: "provider_down", status: 502 });
  });

  it("does not ask a disabled repository", async () => {
    const { ctx, state, urls } = harness();
    state.repos.push({ ...structuredClone(state.repos[1]!), id: 77, name: "blocked", full_name: "octocat/blocked", disabled: true });
    const resources = all(await collect(listRepositories(creds, ctx, null)));
    expect(repositoryNamed(resources, "octocat/blocked")).toMatchObject({ status: "inactive", attributes: { environments: null, latestRelease: null } });
    expect(urls().some((u) => u.pathname.includes("/blocked/"))).toBe(false);
  });
});

describe("GitHub permissions per kind", () => {
  it("reports a fine-grained token's missing permission as that kind's permission_missing, naming it, not as rejected credentials", async () => {
    const { ctx, state } = harness();
    state.grants.set(TOKEN, new Set(["metadata=read"]));
    const forbidden = "Resource not accessible by personal access token";
    const deploymentsError = (await collectUntilError(listDeployments(creds, ctx, null))).error;
    expect(deploymentsError).toMatchObject({ kind: "permission_missing", status: 403, scope: "deployments=read", message: expect.stringContaining(forbidden) });
    const runsError = (await collectUntilError(listWorkflowRuns(creds, ctx, null))).error;
    expect(runsError).toMatchObject({ kind: "permission_missing", status: 403, scope: "actions=read" });
    // Without Metadata nothing can be listed, and the token is still not called rejected.
    state.grants.set(TOKEN, new Set(["deployments=read"]));
    expect((await collectUntilError(listRepositories(creds, ctx, null))).error).toMatchObject({ kind: "permission_missing", scope: "metadata=read" });
  });
});

describe("GitHub workflow runs", () => {
  it("reads the contract's example through the schema and the normalizer", () => {
    const page = workflowRunsSchema.parse(workflowRuns);
    const repo = repositoriesSchema.parse(userRepos)[0]!;
    expect(normalizeWorkflowRun(repo, page.workflow_runs[0]!)).toMatchObject({
      kind: "workflow_run",
      externalId: "30433642",
      status: "starting",
      providerStatus: "queued",
      url: "https://github.com/octo-org/octo-repo/actions/runs/30433642",
      parentExternalId: String(repo.id),
      attributes: { workflow: "Build", branch: "master", event: "push", conclusion: null, runNumber: 562, headSha: "acb5820ced9479c074f688cc328bf03f341a511d" },
    });
  });

  it("maps every status and conclusion", () => {
    const repo = repositoriesSchema.parse(userRepos)[0]!;
    const base = workflowRunsSchema.parse(workflowRuns).workflow_runs[0]!;
    const cases: [string, string | null, string, string | null][] = [
      ["requested", null, "starting", "requested"],
      ["queued", null, "starting", "queued"],
      ["pending", null, "starting", "pending"],
      ["waiting", null, "starting", "waiting"],
      ["in_progress", null, "running", "in_progress"],
      ["completed", "success", "active", "success"],
      ["completed", "neutral", "active", "neutral"],
      ["completed", "skipped", "inactive", "skipped"],
      ["completed", "cancelled", "stopped", "cancelled"],
      ["completed", "stale", "stopped", "stale"],
      ["completed", "failure", "error", "failure"],
      ["completed", "timed_out", "error", "timed_out"],
      ["completed", "startup_failure", "error", "startup_failure"],
      ["completed", "action_required", "error", "action_required"],
      ["completed", "something_new", "unknown", "something_new"],
      ["completed", null, "unknown", "completed"],
      ["brand_new", null, "unknown", "brand_new"],
    ];
    for (const [status, conclusion, expected, word] of cases) {
      const resource = normalizeWorkflowRun(repo, { ...base, status, conclusion });
      expect(normalizedResourceSchema.parse(resource), `${status}/${conclusion}`).toMatchObject({ status: expected, providerStatus: word, attributes: { conclusion } });
    }
  });

  it("keeps the latest run of each workflow and branch, within the window", async () => {
    const { ctx, control, state, urls } = harness();
    const repo = state.repos.find((r) => r.name === "Hello-World")!;
    const run = async (body: Record<string, unknown>) => ((await control("POST", `/_fake/repos/${String(repo.id)}/runs`, body)) as { id: number }).id;
    const oldMain = await run({ workflowId: 1, branch: "main", conclusion: "failure", daysAgo: 3 });
    const newMain = await run({ workflowId: 1, branch: "main", status: "in_progress", daysAgo: 1 });
    const dev = await run({ workflowId: 1, branch: "dev", daysAgo: 2 });
    const other = await run({ workflowId: 2, branch: "main", conclusion: "cancelled", daysAgo: 2 });
    await run({ workflowId: 3, branch: "main", daysAgo: WORKFLOW_RUN_WINDOW_DAYS + 1 });
    const listed = all(await collect(listWorkflowRuns(creds, ctx, null)));
    expect(listed.map((r) => Number(r.externalId)).sort()).toEqual([newMain, dev, other].sort());
    expect(listed.map((r) => r.externalId)).not.toContain(String(oldMain));
    expect(listed.find((r) => r.externalId === String(newMain))).toMatchObject({ status: "running", parentExternalId: String(repo.id) });
    const asked = urls().filter((u) => u.pathname.endsWith("/actions/runs"));
    for (const url of asked) expect(Object.fromEntries(url.searchParams)).toMatchObject({ per_page: "100", exclude_pull_requests: "true" });
  });

  it("reads at most its page cap of runs per repository", async () => {
    const { ctx, control, urls } = harness();
    await control("POST", "/_fake/runs/generate", { count: (MAX_WORKFLOW_RUN_PAGES + 2) * PER_PAGE, workflows: 3 });
    const pages = await collect(listWorkflowRuns(creds, ctx, null));
    expect(urls().filter((u) => u.pathname === "/repos/octocat/Hello-World/actions/runs")).toHaveLength(MAX_WORKFLOW_RUN_PAGES);
    expect(pages.at(-1)!.next).toBeNull();
  });

  it("does not take an older run of a workflow and branch again when resumed past its newest", async () => {
    const { ctx, control, state } = harness();
    const repo = state.repos.find((r) => r.name === "Hello-World")!;
    // 150 runs of one workflow on 75 branches, newest last: each branch's latest is on page 1, older ones on page 2.
    for (let i = 0; i < 150; i++) await control("POST", `/_fake/repos/${String(repo.id)}/runs`, { workflowId: 7, branch: `b${i % 75}` });
    const full = await collect(listWorkflowRuns(creds, ctx, null));
    expect(all(full)).toHaveLength(75);
    const cursor = full[0]!.next!;
    expect(JSON.parse(cursor)).toEqual([null, String(repo.id), expect.stringMatching(/\/actions\/runs\?.*page=2/)]);
    // Page 1 is read again, only to know which branches were taken: page 2 adds nothing.
    expect(all(await collect(listWorkflowRuns(creds, ctx, cursor)))).toEqual([]);
  });
});

/** A completed run in `repo`, shaped like the contract's example. */
function runOf(repo: Record<string, unknown>): Record<string, unknown> {
  const run = structuredClone(workflowRuns.workflow_runs[0]!);
  const at = new Date().toISOString();
  return { ...run, id: 777, status: "completed", conclusion: "success", created_at: at, updated_at: at, html_url: `https://github.com/${String(repo.full_name)}/actions/runs/777` };
}

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

  it("pages workflow runs in GitHub's wrapper, newest first, and answers 304 for free", async () => {
    const { app, control, state } = harness();
    await control("POST", "/_fake/runs/generate", { count: 150 });
    let res = await get(app, "/repos/octocat/Hello-World/actions/runs?per_page=100");
    const body = workflowRunsSchema.parse(await res.json());
    expect(body.total_count).toBe(150);
    expect(body.workflow_runs).toHaveLength(100);
    expect(res.headers.get("link")).toContain('page=2>; rel="next"');
    const ids = body.workflow_runs.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const etag = res.headers.get("etag")!;
    const remaining = state.rateLimit.remaining;
    res = await get(app, "/repos/octocat/Hello-World/actions/runs?per_page=100", { "if-none-match": etag });
    expect(res.status).toBe(304);
    expect(state.rateLimit.remaining).toBe(remaining);
    expect(res.headers.get("x-ratelimit-remaining")).toBe(String(remaining));
    res = await get(app, "/repos/octocat/nope/actions/runs");
    expect(res.status).toBe(404);
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

  it("writes a workflow_run delivery's run directly, as the listing would, instead of listing again", () => {
    const action = githubWebhooks.interpret(new Headers({ "x-github-event": "workflow_run" }), workflowRunEvent);
    expect(action).toMatchObject({ type: "upsert", event: "workflow_run", kind: "workflow_run" });
    if (action.type !== "upsert") throw new Error("not an upsert");
    const [run] = action.resources;
    expect(normalizedResourceSchema.parse(run)).toMatchObject({
      externalId: String(workflowRunEvent.workflow_run.id),
      status: "active",
      providerStatus: "success",
      parentExternalId: String(workflowRunEvent.repository.id),
      // The delivery's run has an empty name; the workflow object beside it names it.
      attributes: { repository: "octo-org/octo-repo", workflow: workflowRunEvent.workflow.name, branch: "master", conclusion: "success", event: "repository_dispatch" },
    });
    const inProgress = { ...workflowRunEvent, action: "in_progress", workflow_run: { ...workflowRunEvent.workflow_run, status: "in_progress", conclusion: null } };
    expect(githubWebhooks.interpret(new Headers({ "x-github-event": "workflow_run" }), inProgress)).toMatchObject({ resources: [{ status: "running", providerStatus: "in_progress" }] });
    expect(() => githubWebhooks.interpret(new Headers({ "x-github-event": "workflow_run" }), { ...workflowRunEvent, workflow_run: { id: "x" } })).toThrow(/workflow_run delivery could not be read/);
  });

  it("writes a created repository as new, and lists repositories again for any other change", () => {
    const interpret = (body: unknown) => githubWebhooks.interpret(new Headers({ "x-github-event": "repository" }), body);
    const created = interpret(repositoryEvent);
    // A repository known already (a late delivery) keeps the environments and release its listing gave it.
    expect(created).toMatchObject({ type: "upsert", kind: "repository", createOnly: true, resources: [{ externalId: String(repositoryEvent.repository.id), attributes: { environments: [], latestRelease: null } }] });
    if (created.type !== "upsert") throw new Error("not an upsert");
    expect(normalizedResourceSchema.safeParse(created.resources[0]).success).toBe(true);
    // The payload carries neither environments nor the latest release: writing it would drop them.
    for (const action of ["edited", "renamed", "archived", "privatized", "transferred"]) {
      expect(interpret({ ...repositoryEvent, action }), action).toEqual({ type: "resync", event: "repository", kinds: ["repository"] });
    }
    expect(interpret({ ...repositoryEvent, action: "deleted" })).toEqual({ type: "delete", event: "repository", kind: "repository", externalIds: [String(repositoryEvent.repository.id)] });
  });

  it("names the fine-grained permission of every kind it lists", () => {
    expect(github.scopes).toEqual({ repository: "metadata=read", deployment: "deployments=read", workflow_run: "actions=read" });
    for (const kind of github.resourceKinds) expect(github.scopes?.[kind], kind).toMatch(/^[a-z_]+=read$/);
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
