/**
 * What an unchanged re-sync costs against GitHub's 5,000 requests an hour, counted at the fake: every request
 * it receives, and which it answered 304 (not counted by GitHub). In a file of its own: workerd allows a test
 * file 10,000 live timers, and each request's timeout stays live while no real I/O lets the clock move.
 */
import { describe, expect, it } from "vitest";
import { HTTP_CACHE_LIMITS } from "../../durable-objects/http-cache";
import { initialState, makeRelease } from "./fake";
import { github } from "./index";
import { listDeployments, listRepositories } from "./listers";
import { all, collect, collectUntilError, creds, harness, memoryCache } from "./test-harness";

describe("GitHub request budget", () => {
  /**
   * One whole sync of every kind the adapter lists: the requests the fake received, how many it answered
   * 304, and how many GitHub counts (everything but a 304), checked against the fake's own primary limit.
   */
  async function syncAll(h: ReturnType<typeof harness>) {
    const before = h.state.rateLimit.remaining;
    const from = h.statuses.length;
    for (const kind of github.resourceKinds) {
      const { error } = await collectUntilError(github.list(kind, creds, h.ctx, null));
      expect(error, kind).toBeNull();
    }
    const answered = h.statuses.slice(from);
    const notModified = answered.filter((status) => status === 304).length;
    const counted = answered.length - notModified;
    expect(before - h.state.rateLimit.remaining).toBe(counted);
    return { sent: answered.length, notModified, counted, notFound: answered.filter((status) => status === 404).length };
  }

  /** `count` repositories, each with 4 deployments (half settled), 4 runs of 2 workflows and 2 environments. */
  async function account(count: number, withReleases: (index: number) => boolean) {
    const memory = memoryCache();
    // workerd allows 10,000 live timers per test file, and each request's timeout lives until it fires: a
    // short one lets the thousands of requests these syncs send (in process, answered at once) fit.
    const h = harness(initialState(), { httpCache: memory.cache, timeoutMs: 2_000 });
    await h.control("POST", "/_fake/repos/generate", { count, deploymentsPerRepo: 4, runsPerRepo: 4, environmentsPerRepo: 2 });
    // Half the deployments have settled: a newer one of the environment took over.
    for (const entry of h.state.deployments.filter((_, i) => i % 2 === 0)) await h.control("POST", `/_fake/deployments/${String(entry.deployment.id)}/statuses`, { state: "inactive" });
    h.state.repos.forEach((repo, i) => {
      if (withReleases(i)) h.state.releases.push({ repoId: Number(repo.id), item: makeRelease(repo, 900_000 + i, { tag: "v2.0.0", createdAt: "2026-11-01T00:00:00Z" }) });
    });
    return { h, memory };
  }

  it("re-syncs 200 unchanged repositories (environments, releases, deployments, runs) for under 10% of the hourly limit", async () => {
    // Every other repository has a release; the others answer /releases/latest with 404, which GitHub counts.
    const { h, memory } = await account(200, (i) => i % 2 === 0);
    const first = await syncAll(h);
    // Repositories: 2 pages, 200 environment lists, 200 latest releases. Deployments: 2 repository pages,
    // 200 lists, 800 statuses. Runs: 2 repository pages, 200 lists. The other kinds' repository pages are 304s.
    expect(first).toEqual({ sent: 402 + 1002 + 202, notModified: 4, counted: 1602, notFound: 100 });
    // The hub's cache (5,000 entries, 20 M characters) holds every page, so none is evicted before the next sync.
    const held = memory.usage();
    expect(held.entries).toBe(2 + 200 + 100 + 200 + 800 + 200);
    expect(held.entries).toBeLessThanOrEqual(HTTP_CACHE_LIMITS.entries);
    expect(held.chars).toBeLessThanOrEqual(HTTP_CACHE_LIMITS.chars);

    const again = await syncAll(h);
    // Under 500 of the 5,000 an hour: only the 100 repositories without a release cost a request (a 404 is
    // not conditional); the 400 settled deployments' statuses are not even asked for.
    expect(again).toEqual({ sent: 402 + 602 + 202, notModified: 1106, counted: 100, notFound: 100 });
    expect(again.counted).toBeLessThan(500);
  });

  it("stays under 10% when no repository has a release", async () => {
    const { h } = await account(200, () => false);
    await syncAll(h);
    const again = await syncAll(h);
    expect(again).toMatchObject({ counted: 200, notFound: 200 });
    expect(again.counted).toBeLessThan(500);
  });

  it("pays only for what changed", async () => {
    const { h } = await account(20, () => true);
    await syncAll(h);
    const repo = h.state.repos[17]!;
    const made = (await h.control("POST", `/_fake/repos/${String(repo.id)}/deployments`, { environment: "production", states: ["queued"] })) as { deployment: { id: number } };
    await h.control("POST", `/_fake/repos/${String(repo.id)}/releases`, { tag: "v3.0.0" });
    const { counted } = await syncAll(h);
    // That repository's latest release, its deployment list and the new deployment's statuses; the rest are 304s.
    expect(counted).toBe(3);
    const listed = all(await collect(listDeployments(creds, h.ctx, null))).find((r) => r.externalId === String(made.deployment.id));
    expect(listed).toMatchObject({ status: "starting", providerStatus: "queued" });
    const repository = all(await collect(listRepositories(creds, h.ctx, null))).find((r) => r.externalId === String(repo.id));
    expect(repository).toMatchObject({ attributes: { latestRelease: { tag: "v3.0.0" } } });
  });

  it("asks again for a settled deployment's statuses once its page of deployments changed", async () => {
    const h = harness(initialState(), { httpCache: memoryCache().cache });
    const example = h.state.repos.find((r) => r.name === "example")!;
    const statusesOf1 = () => h.urls().filter((u) => u.pathname === "/repos/octocat/example/deployments/1/statuses").length;
    await h.control("POST", "/_fake/deployments/1/statuses", { state: "inactive" });
    await collect(listDeployments(creds, h.ctx, null));
    await collect(listDeployments(creds, h.ctx, null));
    expect(statusesOf1()).toBe(1);
    // Another environment's, so deployment 1 stays the newest of its own.
    await h.control("POST", `/_fake/repos/${String(example.id)}/deployments`, { environment: "staging", states: ["success"] });
    await collect(listDeployments(creds, h.ctx, null));
    expect(statusesOf1()).toBe(2);
  });
});

