/**
 * What every registered provider must do, run against its own fake, for each provider because it is
 * registered: nothing here names a provider. Provider test files keep only what is specific to theirs.
 *
 * The adapter-level part talks to an in-process fake (its `fetch` is the fake's, its base URL the provider's
 * public one, as the fakes link to it); the engine-level part connects a dock through the API and syncs it
 * through OrgHub against the fake the suite started on loopback.
 */
import { describe, expect, it } from "vitest";
import { kindFailure } from "../../durable-objects/sync/sync-dock";
import { ProviderError } from "../../adapters/errors";
import { collectPages, inProcess, memoryMemo, recordingFetch } from "../../adapters/test-kit";
import type { ProviderTestKit } from "../../adapters/test-kit";
import { readPages } from "../../adapters/types";
import type { Adapter, ListedPage, ProviderContext, ResourcePage } from "../../adapters/types";
import type { RateLimitState } from "../../shared/docks";
import type { Dock } from "../../shared/docks";
import type { ResourceKind, Summary } from "../../shared/resources";
import { api, createOrg, fakeUrl, signUp } from "../helpers";
import { registeredProviders } from "../provider-kits";
import { settled } from "../sync-helpers";

const providers = await registeredProviders();

/** One in-process fake, with every request recorded and every wait recorded instead of slept. */
function harness(adapter: Adapter, kit: ProviderTestKit) {
  const app = kit.createFake();
  const { fetch: fetchFn, urls } = recordingFetch(app);
  const waits: number[] = [];
  const rateLimits: RateLimitState[] = [];
  const token = kit.newToken();
  const ctx = (extra: Partial<ProviderContext> = {}): ProviderContext => ({
    baseUrl: adapter.defaultBaseUrl,
    fetch: fetchFn,
    sleep: async (ms) => void waits.push(ms),
    onRateLimit: (state) => rateLimits.push(state),
    ...extra,
  });
  return { app, control: inProcess(app), fetch: fetchFn, urls, waits, rateLimits, token, credentials: kit.credentials(token), ctx };
}

const collect = (pages: AsyncIterable<ResourcePage>) => collectPages(readPages(pages));

const ids = (pages: ListedPage[]) => pages.flatMap((p) => p.resources.map((r) => r.externalId));

/** No 5-character run of any credential value appears in `text`: a hint or a message may show at most the last four. */
function leaksCredential(text: string, credentials: Record<string, string>): boolean {
  for (const value of Object.values(credentials)) {
    for (let i = 0; i + 5 <= value.length; i++) if (text.includes(value.slice(i, i + 5))) return true;
  }
  return false;
}

for (const { adapter, kit } of providers) {
  const seedable = Object.keys(kit.seed) as ResourceKind[];
  const faultable = adapter.resourceKinds.filter((kind) => kit.listPath[kind] !== undefined);

  describe(`${adapter.name} (${adapter.id}) conformance`, () => {
    it("declares what the platform needs of a provider", () => {
      expect(adapter.resourceKinds.length).toBeGreaterThan(0);
      expect(adapter.credentialFields.length).toBeGreaterThan(0);
      expect(new URL(adapter.defaultBaseUrl).protocol).toBe("https:");
      expect(new URL(adapter.docsUrl).protocol).toBe("https:");
      // Every kind it lists can be aimed at by a fault, and each seedable kind states its page size.
      expect(faultable).toEqual(adapter.resourceKinds);
      for (const kind of seedable) {
        expect(adapter.resourceKinds).toContain(kind);
        expect(kit.maxPageSize[kind], `${kind} page size`).toBeGreaterThan(0);
      }
      expect(seedable.length).toBeGreaterThan(0);
      // A provider whose tokens are granted per kind names each kind's permission, and its fake can refuse it.
      if (adapter.scopes) expect(kit.registerWithout, "registerWithout for a provider with scopes").toBeDefined();
    });

    const scopes = adapter.scopes ?? {};
    const scopeNames = [...new Set(Object.values(scopes))];
    for (const missing of kit.registerWithout ? scopeNames : []) {
      const lacking = adapter.resourceKinds.filter((kind) => scopes[kind] === missing);
      it(`a token without ${missing} gets permission_missing naming it for ${lacking.join(", ")} only`, async () => {
        const h = harness(adapter, kit);
        await kit.registerWithout!(h.control, h.token, [missing]);
        for (const kind of adapter.resourceKinds) {
          const { error } = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          if (lacking.includes(kind)) {
            expect(error, kind).toBeInstanceOf(ProviderError);
            // As the run records it: the provider's own word for the permission, else the manifest's.
            expect(kindFailure(kind, error, adapter), kind).toMatchObject({ outcome: "permission_missing", scope: missing });
          } else if (error !== null) {
            // Another kind may need this permission too, to read its parents (a repository's deployments):
            // then it is refused as a missing permission as well, never as rejected credentials.
            expect(kindFailure(kind, error, adapter), kind).toMatchObject({ outcome: "permission_missing" });
          }
        }
        // The token itself still works: refusing one permission is not refusing the credentials.
        await expect(adapter.validate(h.credentials, h.ctx())).resolves.toMatchObject({ id: expect.any(String) });
      });
    }

    it("accepts the credentials its fake knows and names the account", async () => {
      const h = harness(adapter, kit);
      await kit.register(h.control, h.token);
      const account = await adapter.validate(h.credentials, h.ctx());
      expect(account.id).not.toBe("");
      expect(account.name).not.toBe("");
      expect(leaksCredential(JSON.stringify(account), h.credentials)).toBe(false);
    });

    it("refuses unknown credentials as credentials_rejected, in the provider's own words and without echoing them", async () => {
      const h = harness(adapter, kit);
      const error = await adapter.validate(h.credentials, h.ctx()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: "credentials_rejected" });
      expect((error as ProviderError).message).toContain(kit.rejectedMessage);
      expect(leaksCredential((error as ProviderError).message, h.credentials)).toBe(false);
    });

    it("records the provider's rate-limit signals", async () => {
      const h = harness(adapter, kit);
      await kit.register(h.control, h.token);
      await adapter.validate(h.credentials, h.ctx());
      if (kit.noRateLimitHeaders) {
        expect(h.rateLimits).toEqual([]);
        return;
      }
      expect(h.rateLimits.length).toBeGreaterThan(0);
      const state = h.rateLimits.at(-1)!;
      expect(state.limit ?? state.remaining).not.toBeNull();
      if (state.resetAt !== null) expect(Date.parse(state.resetAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it("hints at credentials by at most their last four characters", () => {
      const credentials = kit.credentials(kit.newToken());
      const hint = adapter.credentialsHint(credentials);
      expect(leaksCredential(hint, credentials)).toBe(false);
    });

    for (const kind of seedable) {
      const perPage = kit.maxPageSize[kind]!;
      const count = perPage * 2 + 3;

      describe(`listing ${kind}`, () => {
        async function seeded() {
          const h = harness(adapter, kit);
          await kit.register(h.control, h.token);
          await kit.seed[kind]!(h.control, h.token, count);
          return h;
        }
        const kindRequests = (h: ReturnType<typeof harness>) => h.urls.filter((u) => u.pathname.includes(kit.listPath[kind]!.replace(/\/$/, "")));

        it(`pages to the end at the maximum page size (${perPage}), each resource once`, async () => {
          const h = await seeded();
          const { pages, error } = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          expect(error).toBeNull();
          const listed = ids(pages);
          expect(listed).toHaveLength(count);
          expect(new Set(listed).size).toBe(count);
          expect(pages.filter((p) => p.resources.length > 0)).toHaveLength(3);
          expect(pages.at(-1)!.next).toBeNull();
          for (const page of pages) for (const resource of page.resources) expect(resource.kind).toBe(kind);
          // Every request of the listing asked for the maximum page size.
          const requests = kindRequests(h);
          expect(requests.length).toBeGreaterThan(0);
          for (const url of requests) expect([...url.searchParams.values()], url.toString()).toContain(String(perPage));
        });

        it("lists the same through remembered pages: the same cursors, and reused pages read to the same resources", async () => {
          const h = await seeded();
          const { memo, remember } = memoryMemo();
          const session = () => adapter.open(h.credentials, h.ctx(), { pageMemo: () => memo });
          const drain = async () => {
            const pages: ResourcePage[] = [];
            for await (const page of session().list(kind, null)) pages.push(page);
            return pages;
          };
          const first = await drain();
          remember(first);
          const again = await drain();
          expect(again.map((p) => p.next)).toEqual(first.map((p) => p.next));
          const resourcesOf = (page: ResourcePage) => ("reused" in page ? page.read() : Promise.resolve(page.resources));
          expect(await Promise.all(again.map(resourcesOf))).toEqual(await Promise.all(first.map(resourcesOf)));
        });

        it("resumes from the cursor of any page with exactly the rest", async () => {
          const h = await seeded();
          const full = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          expect(full.error).toBeNull();
          for (let i = 0; i < full.pages.length - 1; i++) {
            const cursor = full.pages[i]!.next;
            expect(cursor).not.toBeNull();
            const rest = await collect(adapter.list(kind, h.credentials, h.ctx(), cursor));
            expect(rest.error).toBeNull();
            expect([...ids(full.pages.slice(0, i + 1)), ...ids(rest.pages)]).toEqual(ids(full.pages));
          }
        });

        it("retries a passing 5xx and completes", async () => {
          const h = await seeded();
          await h.control("POST", "/_fake/faults", { kind: "status", status: 503, path: kit.listPath[kind], times: 1 });
          const { pages, error } = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          expect(error).toBeNull();
          expect(ids(pages)).toHaveLength(count);
        });

        it("fails, never completes, when a later page keeps failing — and says so without the credentials", async () => {
          const h = await seeded();
          // The listing's first request passes; every later one fails, whatever the pagination scheme.
          await h.control("POST", "/_fake/faults", { kind: "status", status: 503, path: kit.listPath[kind], skip: 1 });
          const { pages, error } = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          expect(error).toBeInstanceOf(ProviderError);
          expect(error).toMatchObject({ status: 503 });
          expect(pages.every((p) => p.next !== null)).toBe(true);
          expect(ids(pages).length).toBeLessThan(count);
          expect(leaksCredential((error as ProviderError).message, h.credentials)).toBe(false);
        });

        it("reports JSON of the wrong shape as a contract violation", async () => {
          const h = await seeded();
          await h.control("POST", "/_fake/faults", { kind: "json", body: "not a page of anything", path: kit.listPath[kind] });
          const { error } = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          expect(error).toBeInstanceOf(ProviderError);
          expect(error).toMatchObject({ kind: "contract_violation" });
        });

        it("retries a dropped connection and completes; one that keeps dropping fails the listing", async () => {
          const h = await seeded();
          const listPath = kit.listPath[kind]!.replace(/\/$/, "");
          let drops = 1;
          const dropping = (always: boolean): typeof fetch => async (input, init) => {
            const url = new URL(new Request(input, init).url);
            if (url.pathname.includes(listPath) && (always || drops-- > 0)) throw new TypeError("network connection lost");
            return h.fetch(input, init);
          };
          const once = await collect(adapter.list(kind, h.credentials, h.ctx({ fetch: dropping(false) }), null));
          expect(once.error).toBeNull();
          expect(ids(once.pages)).toHaveLength(count);
          const always = await collect(adapter.list(kind, h.credentials, h.ctx({ fetch: dropping(true) }), null));
          expect(always.error).toBeInstanceOf(ProviderError);
          expect(always.pages.every((p) => p.next !== null)).toBe(true);
          expect(leaksCredential((always.error as ProviderError).message, h.credentials)).toBe(false);
        });

        it("reports malformed JSON as a contract violation", async () => {
          const h = await seeded();
          await h.control("POST", "/_fake/faults", { kind: "malformed", path: kit.listPath[kind] });
          const { error } = await collect(adapter.list(kind, h.credentials, h.ctx(), null));
          expect(error).toBeInstanceOf(ProviderError);
          expect(error).toMatchObject({ kind: "contract_violation" });
        });

        it("turns a 429 into rate_limited no later than the provider's signal, never sleeping past what the caller allows", async () => {
          const h = await seeded();
          await h.control("POST", "/_fake/faults", { kind: "rate_limit", retryAfterSeconds: 120, path: kit.listPath[kind] });
          const before = Date.now();
          const { error } = await collect(adapter.list(kind, h.credentials, h.ctx({ maxRateLimitWaitMs: 10_000 }), null));
          expect(error).toBeInstanceOf(ProviderError);
          expect(error).toMatchObject({ kind: "rate_limited" });
          const retryAt = (error as ProviderError).retryAt!.getTime();
          // At the provider's time; or, where the quota refills continuously, after a backoff that is sooner.
          expect(retryAt).toBeGreaterThanOrEqual(kit.rateLimitRefillsContinuously ? before : before + 100_000);
          expect(retryAt).toBeLessThanOrEqual(Date.now() + 121_000);
          for (const wait of h.waits) expect(wait).toBeLessThanOrEqual(10_000);
        });
      });
    }

    describe("through the sync engine", () => {
      async function connected() {
        const token = kit.newToken();
        await kit.register((method, path, body) => fetch(`${fakeUrl(adapter.id)}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), token);
        const { cookie } = await signUp(`${adapter.id} conformance`);
        const orgId = await createOrg(cookie, `${adapter.name} conformance`);
        const res = await api<Dock>("POST", `/api/orgs/${orgId}/docks`, {
          cookie,
          body: { name: adapter.name, provider: adapter.id, credentials: kit.credentials(token), baseUrl: `${fakeUrl(adapter.id)}${kit.apiPath}` },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        const run = await settled(orgId, res.body.id, cookie);
        return { token, cookie, orgId, dockId: res.body.id, run };
      }

      it("refuses unknown credentials at connect with 422 and the provider's message", async () => {
        const { cookie } = await signUp(`${adapter.id} refused`);
        const orgId = await createOrg(cookie, "Refused");
        const res = await api<{ error: { message: string } }>("POST", `/api/orgs/${orgId}/docks`, {
          cookie,
          body: { name: adapter.name, provider: adapter.id, credentials: kit.credentials(kit.newToken()), baseUrl: `${fakeUrl(adapter.id)}${kit.apiPath}` },
        });
        expect(res.status).toBe(422);
        expect(res.body.error.message).toContain(kit.rejectedMessage);
      });

      it("syncs a connected dock to completion, only into the kinds it declares, with the rate-limit state on the dock", async () => {
        const { cookie, orgId, dockId, run } = await connected();
        expect(run?.status, run?.error ?? "").toBe("succeeded");
        const summary = await api<Summary>("GET", `/api/orgs/${orgId}/summary`, { cookie });
        for (const kind of Object.keys(summary.body.byKind)) expect(adapter.resourceKinds).toContain(kind);
        const dock = await api<Dock>("GET", `/api/orgs/${orgId}/docks/${dockId}`, { cookie });
        // A provider without rate-limit headers leaves none on the dock; any other has it recorded.
        if (kit.noRateLimitHeaders) expect(dock.body.rateLimit).toBeNull();
        else expect(dock.body.rateLimit).not.toBeNull();
        expect(dock.body.lastError).toBeNull();
      });
    });
  });
}
