import { controlOk, randomHex } from "../test-kit";
import type { FakeControl, ProviderTestKit } from "../test-kit";
import { READ_PERMISSIONS } from "./credentials";
import { API_PREFIX, createCloudflareFake, exampleCertificatePack, FAKE_ACCOUNT_ID, initialState } from "./fake";
import d1Fixture from "./fixtures/d1_databases_list_200.json";
import dnsFixture from "./fixtures/dns_records_list_200.json";
import error401 from "./fixtures/error_401_invalid_token.json";
import pagesFixture from "./fixtures/pages_projects_list_200.json";
import r2Fixture from "./fixtures/r2_buckets_list_page1_200.json";
import zonesFixture from "./fixtures/zones_list_page1_200.json";
import { PAGE_SIZE } from "./listers";

type Json = Record<string, unknown>;
const account = (token: string) => `/_fake/accounts/${encodeURIComponent(token)}`;
const hex32 = (i: number) => i.toString(16).padStart(32, "0");
const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** `count` copies of the contract's example, each with its own identity. */
function copies(template: Json, count: number, identity: (i: number) => Json): Json[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), ...identity(i) }));
}

const put = (control: FakeControl, token: string, collection: string, items: unknown[]) => controlOk(control, "PUT", `${account(token)}/${collection}`, items);

const seedZone = zonesFixture.result[0]!;
const seedProject = pagesFixture.result[0]!;
const accountPath = `${API_PREFIX}/accounts/${FAKE_ACCOUNT_ID}`;

export const testKit: ProviderTestKit = {
  createFake: () => createCloudflareFake(initialState()),
  apiPath: API_PREFIX,
  simToken: "edgedock_simulated_cloudflare_token_0000",
  // Cloudflare API tokens are 40 characters.
  newToken: () => randomHex(40),
  credentials: (token) => ({ token }),
  register: (control, token) => controlOk(control, "POST", "/_fake/tokens", { token }),
  registerWithout: (control, token, withheld) => controlOk(control, "POST", "/_fake/tokens", { token, scopes: READ_PERMISSIONS.filter((p) => !withheld.includes(p)) }),
  seed: {
    domain: (control, token, count) => put(control, token, "zones", copies(seedZone, count, (i) => ({ id: hex32(i + 1), name: `zone-${String(i).padStart(6, "0")}.example` })).map((zone) => ({ zone, records: [] }))),
    // Under the contract's example zone, alone in the account.
    dns_record: (control, token, count) =>
      put(control, token, "zones", [{ zone: seedZone, records: copies(dnsFixture.result[0]!, count, (i) => ({ id: hex32(10_000 + i), name: `host-${i}.example.com` })) }]),
    // Pages projects, which page; the Workers scripts list (one page) is emptied, so the kind holds only these.
    web_service: async (control, token, count) => {
      await put(control, token, "workers", []);
      await put(control, token, "pages", copies(seedProject, count, (i) => ({ id: uuid(i), name: `project-${String(i).padStart(6, "0")}` })).map((project) => ({ project, deployments: [] })));
    },
    // Under the contract's example project, alone in the account.
    deployment: (control, token, count) =>
      put(control, token, "pages", [{ project: seedProject, deployments: copies(seedProject.latest_deployment, count, (i) => ({ id: uuid(50_000 + i), short_id: uuid(50_000 + i).slice(-8) })) }]),
    // Edge certificate packs of the contract's example zone, alone in the account, without custom hostnames.
    certificate: (control, token, count) =>
      put(control, token, "zones", [{ zone: seedZone, records: [], certificatePacks: Array.from({ length: count }, (_, i) => exampleCertificatePack({ id: uuid(70_000 + i), hosts: [`h${i}.example.com`] })), customHostnames: [] }]),
    bucket: (control, token, count) => put(control, token, "r2", copies(r2Fixture.result.buckets[0]!, count, (i) => ({ name: `bucket-${String(i).padStart(6, "0")}` }))),
    database: (control, token, count) => put(control, token, "d1", copies(d1Fixture.result[0]!, count, (i) => ({ uuid: uuid(90_000 + i), name: `db-${i}` }))),
  },
  maxPageSize: {
    domain: PAGE_SIZE.zones,
    dns_record: PAGE_SIZE.dnsRecords,
    web_service: PAGE_SIZE.pagesProjects,
    deployment: PAGE_SIZE.pagesDeployments,
    certificate: PAGE_SIZE.certificatePacks,
    bucket: PAGE_SIZE.r2Buckets,
    database: PAGE_SIZE.d1Databases,
  },
  listPath: {
    domain: `${API_PREFIX}/zones`,
    dns_record: `${API_PREFIX}/zones/${seedZone.id}/dns_records`,
    // Pages projects first, then Workers scripts (one page): faults aim at the paged part.
    web_service: `${accountPath}/pages/projects`,
    deployment: `${accountPath}/pages/projects/${seedProject.name}/deployments`,
    bucket: `${accountPath}/r2/buckets`,
    // One page per zone: not seeded (the suite pages a kind over three pages), but faults aim at it.
    load_balancer: `${API_PREFIX}/zones/${seedZone.id}/load_balancers`,
    // The packs; the custom hostnames (after them) are read from /custom_hostnames.
    certificate: `${API_PREFIX}/zones/${seedZone.id}/ssl/certificate_packs`,
    database: `${accountPath}/d1/database`,
  },
  rejectedMessage: error401.errors[0]!.message,
};
