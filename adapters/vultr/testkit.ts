import { controlOk, randomHex } from "../test-kit";
import type { FakeControl, ProviderTestKit } from "../test-kit";
import type { ResourceKind } from "../../shared/resources";
import { createVultrFake, initialState } from "./fake";
import type { Collection } from "./fake";
import error401 from "./fixtures/error_401.json";
import backupsFixture from "./fixtures/backups_list.json";
import blocksFixture from "./fixtures/blocks_list.json";
import recordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import firewallsFixture from "./fixtures/firewall_groups_list.json";
import instancesFixture from "./fixtures/instances_list_page1.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import objectStorageFixture from "./fixtures/object_storage_list.json";
import snapshotsFixture from "./fixtures/snapshots_list.json";
import { PER_PAGE } from "./listers";

type Json = Record<string, unknown>;

/** The user permissions (ACLs) the adapter reads with, as its `scopes` name them. */
export const READ_ACLS = ["subscriptions_view", "dns", "firewall", "objstore", "loadbalancer"] as const;

/** A UUID-shaped id, distinct per index, as Vultr's ids are. */
export const seedId = (prefix: string, index: number) => `${prefix.padEnd(8, "0").slice(0, 8)}-0000-4000-8000-${String(index).padStart(12, "0")}`;

/** `count` copies of a template, each with its own id and label. */
function copies(template: Json, count: number, prefix: string, label = "label"): Json[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), id: seedId(prefix, i), [label]: `${prefix}-${i}` }));
}

/** No contract example exists for these lists; shaped as the API reference documents them. */
export const reservedIpTemplate: Json = { id: "", region: "ewr", ip_type: "v4", subnet: "192.0.2.10", subnet_size: 32, label: "", instance_id: "" };
export const vpcTemplate: Json = { id: "", region: "ewr", description: "", v4_subnet: "10.99.0.0", v4_subnet_mask: 24, date_created: "2020-10-10T01:56:20+00:00" };
export const kubernetesTemplate: Json = {
  id: "",
  label: "",
  date_created: "2020-10-10T01:56:20+00:00",
  cluster_subnet: "10.244.0.0/16",
  service_subnet: "10.96.0.0/12",
  ip: "192.0.2.200",
  endpoint: "example.vultr-k8s.com",
  version: "v1.29.2+1",
  region: "ewr",
  status: "active",
  ha_controlplanes: false,
  node_pools: [{ id: "np-1", label: "workers", plan: "vc2-6c-16gb", status: "active", node_quantity: 3, auto_scaler: false, min_nodes: 3, max_nodes: 3 }],
};

const put = (control: FakeControl, collection: Collection, items: Json[]) => controlOk(control, "PUT", `/_fake/${collection}`, items);

/** The domain every seeded DNS record belongs to: the contract's example domain. */
const seedDomain = domainsFixture.domains[0]!;

const SEEDED: ResourceKind[] = ["server", "block_volume", "load_balancer", "bucket", "domain", "dns_record", "firewall", "snapshot", "backup", "ip_address", "network", "kubernetes_cluster"];

/** A Vultr API key belongs to one account; the fake holds one account, whatever the key. */
export const testKit: ProviderTestKit = {
  createFake: () => createVultrFake(initialState()),
  apiPath: "/v2",
  simToken: "EDGEDOCKSIMULATEDVULTRKEY00000000000",
  // Vultr's keys are 36 upper-case letters and digits.
  newToken: () => randomHex(36).toUpperCase(),
  credentials: (token) => ({ apiKey: token }),
  register: (control, token) => controlOk(control, "POST", "/_fake/tokens", { token }),
  registerWithout: (control, token, withheld) => controlOk(control, "POST", "/_fake/tokens", { token, scopes: READ_ACLS.filter((acl) => !withheld.includes(acl)) }),
  seed: {
    server: async (control, _token, count) => {
      await put(control, "instances", copies(instancesFixture.instances[0]!, count, "instance"));
      await put(control, "bare_metals", []);
    },
    block_volume: (control, _token, count) => put(control, "blocks", copies(blocksFixture.blocks[0]!, count, "block")),
    load_balancer: (control, _token, count) => put(control, "load_balancers", copies(loadBalancersFixture.load_balancers[0]!, count, "lb")),
    bucket: (control, _token, count) => put(control, "object_storages", copies(objectStorageFixture.object_storages[0]!, count, "objstore")),
    domain: (control, _token, count) =>
      put(
        control,
        "domains",
        Array.from({ length: count }, (_, i) => ({ ...structuredClone(seedDomain), domain: `zone-${String(i).padStart(4, "0")}.example` })),
      ),
    dns_record: async (control, _token, count) => {
      await put(control, "domains", [structuredClone(seedDomain)]);
      await controlOk(control, "PUT", `/_fake/records/${seedDomain.domain}`, copies(recordsFixture.records[0]!, count, "record", "name"));
    },
    firewall: (control, _token, count) => put(control, "firewall_groups", copies(firewallsFixture.firewall_groups[0]!, count, "firewall", "description")),
    snapshot: (control, _token, count) => put(control, "snapshots", copies(snapshotsFixture.snapshots[0]!, count, "snapshot", "description")),
    backup: (control, _token, count) => put(control, "backups", copies(backupsFixture.backups[0]!, count, "backup", "description")),
    ip_address: (control, _token, count) =>
      put(
        control,
        "reserved_ips",
        copies(reservedIpTemplate, count, "reservedip").map((ip, i) => ({ ...ip, subnet: `198.51.${Math.floor(i / 256)}.${i % 256}` })),
      ),
    network: (control, _token, count) => put(control, "vpcs", copies(vpcTemplate, count, "vpc", "description")),
    kubernetes_cluster: (control, _token, count) => put(control, "vke_clusters", copies(kubernetesTemplate, count, "vke")),
  },
  maxPageSize: Object.fromEntries(SEEDED.map((kind) => [kind, PER_PAGE])),
  listPath: {
    server: "/v2/instances",
    block_volume: "/v2/blocks",
    load_balancer: "/v2/load-balancers",
    database: "/v2/databases",
    kubernetes_cluster: "/v2/kubernetes/clusters",
    bucket: "/v2/object-storage",
    domain: "/v2/domains",
    dns_record: `/v2/domains/${seedDomain.domain}/records`,
    ip_address: "/v2/reserved-ips",
    firewall: "/v2/firewalls",
    network: "/v2/vpcs",
    snapshot: "/v2/snapshots",
    backup: "/v2/backups",
  },
  // The quota is per second: after a 429 the adapter backs off for seconds, sooner than any reset.
  rateLimitRefillsContinuously: true,
  noRateLimitHeaders: true,
  rejectedMessage: error401.error,
};
