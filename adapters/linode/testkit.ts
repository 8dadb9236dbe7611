import { controlOk, randomHex } from "../test-kit";
import type { FakeControl, ProviderTestKit } from "../test-kit";
import { READ_SCOPES } from "./credentials";
import { createLinodeFake, initialState } from "./fake";
import bucketsFixture from "./fixtures/object_storage_buckets_list.json";
import databasesFixture from "./fixtures/databases_list.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import error401 from "./fixtures/error_401.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import imagesFixture from "./fixtures/images_list.json";
import instancesFixture from "./fixtures/linode_instances_list.json";
import lkeFixture from "./fixtures/lke_clusters_list.json";
import nodeBalancersFixture from "./fixtures/nodebalancers_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import vpcsFixture from "./fixtures/vpcs_list.json";
import { PAGE_SIZE } from "./listers";

type Json = Record<string, unknown>;

/** `count` copies of the contract's example, each with its own identity. */
function copies(template: Json, count: number, identity: (i: number) => Json): Json[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), ...identity(i) }));
}

const put = (control: FakeControl, collection: string, items: Json[]) => controlOk(control, "PUT", `/_fake/${collection}`, items);
const seedDomain = domainsFixture.data[0]!;

/**
 * Every kind but `backup` is seeded: an instance's backups are one unpaged answer, so they cannot be paged
 * at the maximum page size as the suite pages a seeded kind (the provider test covers them).
 * A token sees one account; the fake holds one account, whatever the token.
 */
export const testKit: ProviderTestKit = {
  createFake: () => createLinodeFake(initialState()),
  apiPath: "/v4",
  simToken: "edgedock0simulated0linode0token000000000000000000000000000000000",
  newToken: () => randomHex(64),
  credentials: (token) => ({ token }),
  register: (control, token) => controlOk(control, "POST", "/_fake/tokens", { token }),
  registerWithout: (control, token, withheld) => controlOk(control, "POST", "/_fake/tokens", { token, scopes: READ_SCOPES.filter((s) => !withheld.includes(s)) }),
  seed: {
    server: (control, _token, count) => put(control, "instances", copies(instancesFixture.data[0]!, count, (i) => ({ id: 100_000 + i, label: `linode-${i}` }))),
    block_volume: (control, _token, count) => put(control, "volumes", copies(volumesFixture.data[0]!, count, (i) => ({ id: 200_000 + i, label: `volume-${i}` }))),
    load_balancer: (control, _token, count) => put(control, "nodebalancers", copies(nodeBalancersFixture.data[0]!, count, (i) => ({ id: 300_000 + i, label: `balancer-${i}` }))),
    domain: (control, _token, count) => put(control, "domains", copies(seedDomain, count, (i) => ({ id: 400_000 + i, domain: `zone-${i}.example` }))),
    dns_record: async (control, _token, count) => {
      await put(control, "domains", [structuredClone(seedDomain)]);
      await put(control, "records", copies(domainRecordsFixture.data[0]!, count, (i) => ({ id: 500_000 + i, name: `host-${i}`, domain_id: seedDomain.id })));
    },
    database: (control, _token, count) => put(control, "databases", copies(databasesFixture.data[0]!, count, (i) => ({ id: 600_000 + i, label: `db-${i}` }))),
    bucket: (control, _token, count) => put(control, "buckets", copies(bucketsFixture.data[0]!, count, (i) => ({ label: `bucket-${i}` }))),
    firewall: (control, _token, count) => put(control, "firewalls", copies(firewallsFixture.data[0]!, count, (i) => ({ id: 700_000 + i, label: `firewall-${i}` }))),
    network: (control, _token, count) => put(control, "vpcs", copies(vpcsFixture.data[0]!, count, (i) => ({ id: 800_000 + i, label: `vpc-${i}` }))),
    kubernetes_cluster: (control, _token, count) => put(control, "lke", copies(lkeFixture.data[0]!, count, (i) => ({ id: 900_000 + i, label: `lke-${i}` }))),
    // The account's own images; a public distribution is not the account's and is not listed.
    snapshot: (control, _token, count) =>
      put(control, "images", copies(imagesFixture.data[0]!, count, (i) => ({ id: `private/${1_000_000 + i}`, label: `image-${i}`, is_public: false, created_by: "exampleUser", vendor: null }))),
  },
  maxPageSize: Object.fromEntries(
    (["server", "block_volume", "load_balancer", "domain", "dns_record", "database", "bucket", "firewall", "network", "kubernetes_cluster", "snapshot"] as const).map((kind) => [kind, PAGE_SIZE]),
  ),
  listPath: {
    server: "/v4/linode/instances",
    block_volume: "/v4/volumes",
    load_balancer: "/v4/nodebalancers",
    domain: "/v4/domains",
    dns_record: `/v4/domains/${seedDomain.id}/records`,
    database: "/v4/databases/instances",
    bucket: "/v4/object-storage/buckets",
    firewall: "/v4/networking/firewalls",
    network: "/v4/vpcs",
    kubernetes_cluster: "/v4/lke/clusters",
    // The instances, then each one's backups: a fault here hits both.
    backup: "/v4/linode/instances",
    snapshot: "/v4/images",
  },
  rejectedMessage: error401.errors[0]!.reason,
};
