import { controlOk, randomHex } from "../test-kit";
import type { FakeControl, ProviderTestKit } from "../test-kit";
import { createDigitalOceanFake, initialState } from "./fake";
import error401 from "./fixtures/error_401.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import { PER_PAGE } from "./listers";

type Json = Record<string, unknown>;
const account = (token: string) => `/_fake/accounts/${encodeURIComponent(token)}`;
const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** `count` copies of the contract's example, each with its own identity. */
function copies(template: Json, count: number, identity: (i: number) => Json): Json[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), ...identity(i) }));
}

const put = (control: FakeControl, token: string, collection: string, items: Json[]) => controlOk(control, "PUT", `${account(token)}/${collection}`, items);

export const testKit: ProviderTestKit = {
  createFake: () => createDigitalOceanFake(initialState()),
  apiPath: "",
  simToken: "dop_v1_edgedock_simulated_token_0000000000000000",
  newToken: () => `dop_v1_${randomHex(64)}`,
  credentials: (token) => ({ token }),
  register: (control, token) => controlOk(control, "POST", "/_fake/tokens", { token }),
  seed: {
    server: (control, token, count) => controlOk(control, "POST", `${account(token)}/droplets/generate`, { count }),
    block_volume: (control, token, count) => put(control, token, "volumes", copies(volumesFixture.volumes[0]!, count, (i) => ({ id: uuid(i), name: `volume-${i}` }))),
    load_balancer: (control, token, count) =>
      put(control, token, "loadBalancers", copies(loadBalancersFixture.load_balancers[0]!, count, (i) => ({ id: uuid(i), name: `lb-${i}` }))),
    domain: (control, token, count) =>
      put(control, token, "domains", copies(domainsFixture.domains[0]!, count, (i) => ({ name: `zone-${i}.example` })).map((domain) => ({ domain, records: [] }))),
    dns_record: (control, token, count) =>
      put(control, token, "domains", [{ domain: domainsFixture.domains[0]!, records: copies(domainRecordsFixture.domain_records[0]!, count, (i) => ({ id: 10_000 + i, name: `host-${i}` })) }]),
  },
  maxPageSize: { server: PER_PAGE, block_volume: PER_PAGE, load_balancer: PER_PAGE, domain: PER_PAGE, dns_record: PER_PAGE },
  listPath: { server: "/v2/droplets", block_volume: "/v2/volumes", load_balancer: "/v2/load_balancers", domain: "/v2/domains", dns_record: "/v2/domains/", database: "/v2/databases" },
  rejectedMessage: error401.message,
};
