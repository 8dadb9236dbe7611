import { describe, expect, it } from "vitest";
import { fakeToken, fakeUrl } from "../../test/helpers";
import { ProviderError } from "../errors";
import type { ProviderContext } from "../types";
import { digitalocean } from "./index";
import { accountOf, createDigitalOceanFake, initialState } from "./fake";
import { normalizeDomain, normalizeDomainRecord, normalizeDroplet } from "./normalize";
import { accountSchema, domainRecordsPageSchema, domainsPageSchema, dropletsPageSchema, errorBodySchema } from "./schemas";
import account from "./fixtures/account_get.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import dropletsFixture from "./fixtures/droplets_list.json";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import error500 from "./fixtures/error_500.json";

describe("DigitalOcean response schemas", () => {
  it("accept the contract's official example payloads", () => {
    expect(accountSchema.parse(account).account.uuid).toBe("b6fr89dbf6d9156cace5f3c78dc9851d957381ef");
    for (const body of [error401, error429, error500]) expect(errorBodySchema.safeParse(body).success).toBe(true);
  });
});

describe("DigitalOcean parents", () => {
  it("a DNS record belongs to its domain: the domain's external id, its name, in lower case", () => {
    const domain = normalizeDomain(domainsPageSchema.parse(domainsFixture).domains[0]!);
    const record = domainRecordsPageSchema.parse(domainRecordsFixture).domain_records[0]!;
    expect(normalizeDomainRecord(domain.name, record).parentExternalId).toBe(domain.externalId);
    // DNS names are case-blind: however a name is spelled, the record points at the one domain.
    expect(normalizeDomainRecord("Example.COM", record).parentExternalId).toBe("example.com");
  });

  it("a droplet has no parent and serializes without the field, so its content hash is what it was", () => {
    const droplet = normalizeDroplet(dropletsPageSchema.parse(dropletsFixture).droplets[0]!);
    expect(JSON.stringify(droplet)).not.toContain("parentExternalId");
  });
});

/** The fake listens on loopback, which only a development or test policy may reach. */
const overLoopback = (extra: Partial<ProviderContext> = {}): ProviderContext => ({ baseUrl: fakeUrl("digitalocean"), outbound: { allowPrivateHosts: true }, ...extra });

describe("DigitalOcean validate (against the fake, over HTTP)", () => {
  it("accepts a token the provider knows and names the account", async () => {
    const token = await fakeToken();
    expect(await digitalocean.validate({ token }, overLoopback())).toEqual({ id: account.account.uuid, name: "My Team" });
  });

  it("reports the provider's own 401 message for an unknown token", async () => {
    const err = await digitalocean.validate({ token: "dop_v1_unknown_unknown_unknown" }, overLoopback()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "credentials_rejected", status: 401, message: "DigitalOcean rejected the credentials: Unable to authenticate you." });
  });

  it("records the ratelimit-* headers (reset in epoch seconds)", async () => {
    const token = await fakeToken();
    const states: { limit: number | null; remaining: number | null; resetAt: string | null }[] = [];
    await digitalocean.validate({ token }, overLoopback({ onRateLimit: (s) => states.push(s) }));
    expect(states).toHaveLength(1);
    expect(states[0]!.limit).toBe(5000);
    expect(states[0]!.remaining).toBeLessThan(5000);
    expect(Date.parse(states[0]!.resetAt!)).toBeGreaterThan(Date.now());
  });

  it("refuses a locked account", async () => {
    const state = initialState();
    state.tokens.add("dop_v1_locked_locked_locked_locked");
    accountOf(state, "dop_v1_locked_locked_locked_locked").status = "locked";
    const app = createDigitalOceanFake(state);
    const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch;
    await expect(digitalocean.validate({ token: "dop_v1_locked_locked_locked_locked" }, { baseUrl: "https://api.digitalocean.com", fetch: fetchFn })).rejects.toMatchObject({
      kind: "credentials_rejected",
      message: expect.stringMatching(/locked/),
    });
  });

  it("hints at a token by its last four characters only", () => {
    expect(digitalocean.credentialsHint({ token: "dop_v1_abcdefghijklmnopqrstuvwxyz1234" })).toBe("…1234");
  });
});

describe("DigitalOcean DNS records, while the domains move under the listing", () => {
  const TOKEN = "dop_v1_records_records_records_records";
  function accountWithDomains(names: string[]) {
    const state = initialState();
    state.tokens.add(TOKEN);
    const account = accountOf(state, TOKEN);
    const template = account.domains[0]!;
    account.domains = names.map((name, d) => ({
      domain: { ...template.domain, name },
      records: template.records.map((r, i) => ({ ...r, id: (d + 1) * 1000 + i })),
    }));
    const app = createDigitalOceanFake(state);
    return { account, app };
  }
  const over = (app: { fetch: (r: Request) => Response | Promise<Response> }, before?: (url: URL) => void): ProviderContext => ({
    baseUrl: "https://api.digitalocean.com",
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      before?.(new URL(request.url));
      return app.fetch(request);
    }) as typeof fetch,
  });
  async function recordDomains(ctx: ProviderContext, cursor: string | null) {
    const domains = new Set<string>();
    for await (const page of digitalocean.list("dns_record", { token: TOKEN }, ctx, cursor)) {
      for (const r of page.resources) if (r.kind === "dns_record") domains.add(r.attributes.domain);
    }
    return [...domains].sort();
  }

  it("a resume cursor naming a domain deleted meanwhile starts again from the first domain, so no later domain's records are skipped", async () => {
    const { account, app } = accountWithDomains(["a.example", "b.example", "c.example"]);
    const cursor = JSON.stringify({ domain: "b.example", page: 1 });
    account.domains = account.domains.filter((d) => d.domain.name !== "b.example");
    expect(await recordDomains(over(app), cursor)).toEqual(["a.example", "c.example"]);
  });

  it("a resume cursor naming a domain that still exists resumes there", async () => {
    const { app } = accountWithDomains(["a.example", "b.example", "c.example"]);
    expect(await recordDomains(over(app), JSON.stringify({ domain: "b.example", page: 1 }))).toEqual(["b.example", "c.example"]);
  });

  it("a domain deleted between the domain list and its records is passed over, and the listing completes", async () => {
    const { account, app } = accountWithDomains(["a.example", "b.example", "c.example"]);
    const ctx = over(app, (url) => {
      if (url.pathname === "/v2/domains/b.example/records") account.domains = account.domains.filter((d) => d.domain.name !== "b.example");
    });
    expect(await recordDomains(ctx, null)).toEqual(["a.example", "c.example"]);
  });
});
