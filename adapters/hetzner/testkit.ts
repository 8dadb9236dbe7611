import { controlOk, randomHex } from "../test-kit";
import type { ProviderTestKit } from "../test-kit";
import { createHetznerFake, initialState } from "./fake";
import error401 from "./fixtures/error_401.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import { PER_PAGE } from "./listers";

type Json = Record<string, unknown>;

/** `count` copies of the contract's example, each with its own id and name. */
function copies(template: Json, count: number, prefix: string): Json[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), id: 1_000 + i, name: `${prefix}-${i}` }));
}

/** A Hetzner Cloud token belongs to one project; the fake holds one project, whatever the token. */
export const testKit: ProviderTestKit = {
  createFake: () => createHetznerFake(initialState()),
  apiPath: "/v1",
  simToken: "hcloud_edgedock_simulated_token_00000000000000000000000000000000",
  newToken: () => `hcloud_${randomHex(57)}`,
  credentials: (token) => ({ token }),
  register: (control, token) => controlOk(control, "POST", "/_fake/tokens", { token }),
  seed: {
    server: (control, _token, count) => controlOk(control, "POST", "/_fake/servers/generate", { count }),
    block_volume: (control, _token, count) => controlOk(control, "PUT", "/_fake/volumes", copies(volumesFixture.volumes[0]!, count, "volume")),
    load_balancer: (control, _token, count) => controlOk(control, "PUT", "/_fake/load_balancers", copies(loadBalancersFixture.load_balancers[0]!, count, "lb")),
  },
  maxPageSize: { server: PER_PAGE, block_volume: PER_PAGE, load_balancer: PER_PAGE },
  listPath: { server: "/v1/servers", block_volume: "/v1/volumes", load_balancer: "/v1/load_balancers" },
  rateLimitRefillsContinuously: true,
  rejectedMessage: error401.error.message,
};
