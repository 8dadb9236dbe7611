import { describe, expect, it } from "vitest";
import { fakeToken, fakeUrl } from "../../test/helpers";
import { ProviderError } from "../errors";
import type { ProviderContext } from "../types";
import { digitalocean } from "./index";
import { accountOf, createDigitalOceanFake, initialState } from "./fake";
import { accountSchema, errorBodySchema } from "./schemas";
import account from "./fixtures/account_get.json";
import error401 from "./fixtures/error_401.json";
import error429 from "./fixtures/error_429.json";
import error500 from "./fixtures/error_500.json";

describe("DigitalOcean response schemas", () => {
  it("accept the contract's official example payloads", () => {
    expect(accountSchema.parse(account).account.uuid).toBe("b6fr89dbf6d9156cace5f3c78dc9851d957381ef");
    for (const body of [error401, error429, error500]) expect(errorBodySchema.safeParse(body).success).toBe(true);
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
