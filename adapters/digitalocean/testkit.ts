import { controlOk, randomHex } from "../test-kit";
import type { FakeControl, ProviderTestKit } from "../test-kit";
import { createDigitalOceanFake, initialState } from "./fake";
import { READ_SCOPES } from "./credentials";
import error401 from "./fixtures/error_401.json";
import appDeploymentsFixture from "./fixtures/app_deployments_list.json";
import appsFixture from "./fixtures/apps_list.json";
import cdnEndpointsFixture from "./fixtures/cdn_endpoints_list.json";
import certificatesFixture from "./fixtures/certificates_list.json";
import kubernetesFixture from "./fixtures/kubernetes_clusters_list.json";
import uptimeChecksFixture from "./fixtures/uptime_checks_list.json";
import backupsFixture from "./fixtures/droplet_backups_list.json";
import dropletsFixture from "./fixtures/droplets_list.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import reservedIpsFixture from "./fixtures/reserved_ips_list.json";
import reservedIpv6Fixture from "./fixtures/reserved_ipv6_list.json";
import vpcsFixture from "./fixtures/vpcs_list.json";
import snapshotsFixture from "./fixtures/snapshots_list.json";
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
  registerWithout: (control, token, withheld) => controlOk(control, "POST", "/_fake/tokens", { token, scopes: READ_SCOPES.filter((s) => !withheld.includes(s)) }),
  seed: {
    // A few of them GPU droplets, so the listing pages through both halves (regular, then `type=gpus`).
    server: async (control, token, count) => {
      const gpus = count % PER_PAGE;
      await controlOk(control, "POST", `${account(token)}/droplets/generate`, { count: count - gpus });
      await controlOk(control, "POST", `${account(token)}/gpu-droplets/generate`, { count: gpus });
    },
    firewall: (control, token, count) => put(control, token, "firewalls", copies(firewallsFixture.firewalls[0]!, count, (i) => ({ id: uuid(i), name: `firewall-${i}` }))),
    snapshot: (control, token, count) => put(control, token, "snapshots", copies(snapshotsFixture.snapshots[0]!, count, (i) => ({ id: String(7_000_000 + i), name: `snapshot-${i}` }))),
    network: (control, token, count) => put(control, token, "vpcs", copies(vpcsFixture.vpcs[0]!, count, (i) => ({ id: uuid(i), name: `vpc-${i}`, default: false }))),
    // Split between IPv4 and IPv6, so the listing pages through both collections.
    ip_address: async (control, token, count) => {
      const v6 = count % PER_PAGE;
      const ipv4 = (i: number) => ({ ip: `198.51.${(i >> 8) & 255}.${i & 255}` });
      const ipv6 = (i: number) => ({ ip: `2001:db8::${i.toString(16)}` });
      await put(control, token, "reservedIps", copies(reservedIpsFixture.reserved_ips[0]!, count - v6, ipv4));
      await put(control, token, "reservedIpv6s", copies(reservedIpv6Fixture.reserved_ipv6s[0]!, v6, ipv6));
    },
    certificate: (control, token, count) => put(control, token, "certificates", copies(certificatesFixture.certificates[1]!, count, (i) => ({ id: uuid(i), name: `cert-${i}` }))),
    kubernetes_cluster: (control, token, count) =>
      put(control, token, "kubernetesClusters", copies(kubernetesFixture.kubernetes_clusters[0]!, count, (i) => ({ id: uuid(i), name: `k8s-${i}` }))),
    web_service: (control, token, count) =>
      put(control, token, "apps", copies(appsFixture.apps[0]!, count, (i) => ({ id: uuid(i), spec: { ...appsFixture.apps[0]!.spec, name: `app-${i}` } }))),
    // Under one app, the contract's example, which a new account does not hold.
    deployment: async (control, token, count) => {
      await put(control, token, "apps", [appsFixture.apps[0]!]);
      await controlOk(control, "PUT", `${account(token)}/apps/${appsFixture.apps[0]!.id}/deployments`, copies(appDeploymentsFixture.deployments[0]!, count, (i) => ({ id: uuid(i) })));
    },
    monitor: (control, token, count) => put(control, token, "uptimeChecks", copies(uptimeChecksFixture.checks[0]!, count, (i) => ({ id: uuid(i), name: `check-${i}` }))),
    // Backup images of the example account's first droplet, claimed by its `backup_ids`; the other droplets keep none.
    backup: (control, token, count) =>
      controlOk(control, "PUT", `${account(token)}/droplets/${dropletsFixture.droplets[0]!.id}/backups`, copies(backupsFixture.backups[0]!, count, (i) => ({ id: 80_000_000 + i, name: `backup-${i}` }))),
    block_volume: (control, token, count) => put(control, token, "volumes", copies(volumesFixture.volumes[0]!, count, (i) => ({ id: uuid(i), name: `volume-${i}` }))),
    // A few of them CDN endpoints, so the listing pages through both collections.
    load_balancer: async (control, token, count) => {
      const cdn = count % PER_PAGE;
      await put(control, token, "loadBalancers", copies(loadBalancersFixture.load_balancers[0]!, count - cdn, (i) => ({ id: uuid(i), name: `lb-${i}` })));
      await put(control, token, "cdnEndpoints", copies(cdnEndpointsFixture.endpoints[0]!, cdn, (i) => ({ id: uuid(100_000 + i), custom_domain: `cdn-${i}.example.com` })));
    },
    domain: (control, token, count) =>
      put(control, token, "domains", copies(domainsFixture.domains[0]!, count, (i) => ({ name: `zone-${i}.example` })).map((domain) => ({ domain, records: [] }))),
    dns_record: (control, token, count) =>
      put(control, token, "domains", [{ domain: domainsFixture.domains[0]!, records: copies(domainRecordsFixture.domain_records[0]!, count, (i) => ({ id: 10_000 + i, name: `host-${i}` })) }]),
  },
  // Every seedable kind pages at the API's maximum.
  maxPageSize: {
    server: PER_PAGE,
    block_volume: PER_PAGE,
    load_balancer: PER_PAGE,
    domain: PER_PAGE,
    dns_record: PER_PAGE,
    firewall: PER_PAGE,
    snapshot: PER_PAGE,
    backup: PER_PAGE,
    network: PER_PAGE,
    ip_address: PER_PAGE,
    certificate: PER_PAGE,
    kubernetes_cluster: PER_PAGE,
    web_service: PER_PAGE,
    deployment: PER_PAGE,
    monitor: PER_PAGE,
  },
  listPath: {
    server: "/v2/droplets",
    block_volume: "/v2/volumes",
    load_balancer: "/v2/load_balancers",
    domain: "/v2/domains",
    dns_record: "/v2/domains/",
    database: "/v2/databases",
    firewall: "/v2/firewalls",
    snapshot: "/v2/snapshots",
    // The account's images; the droplets that own the backups are read from /v2/droplets.
    backup: "/v2/images",
    network: "/v2/vpcs",
    // Both collections: /v2/reserved_ips and /v2/reserved_ipv6.
    ip_address: "/v2/reserved_ip",
    certificate: "/v2/certificates",
    kubernetes_cluster: "/v2/kubernetes/clusters",
    web_service: "/v2/apps",
    deployment: "/v2/apps/",
    monitor: "/v2/uptime/checks",
  },
  rejectedMessage: error401.message,
};
