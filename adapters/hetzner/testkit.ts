import { controlOk, randomHex } from "../test-kit";
import type { FakeControl, ProviderTestKit } from "../test-kit";
import { createHetznerFake, initialState } from "./fake";
import error401 from "./fixtures/error_401.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import volumesFixture from "./fixtures/volumes_list.json";
import certificatesFixture from "./fixtures/certificates_list.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import imagesFixture from "./fixtures/images_list.json";
import networksFixture from "./fixtures/networks_list.json";
import primaryIpsFixture from "./fixtures/primary_ips_list.json";
import rrsetsFixture from "./fixtures/zone_rrsets_list.json";
import zonesFixture from "./fixtures/zones_list.json";
import { PER_PAGE } from "./listers";

type Json = Record<string, unknown>;

/** `count` copies of the contract's example, each with its own id and name. */
function copies(template: Json, count: number, prefix: string): Json[] {
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), id: 1_000 + i, name: `${prefix}-${i}` }));
}

const SEEDED = ["server", "block_volume", "load_balancer", "ip_address", "firewall", "network", "certificate", "snapshot", "backup", "domain", "dns_record"] as const;

/** Fills one collection of the fake. */
const put = (control: FakeControl, collection: string, items: Json[]) => controlOk(control, "PUT", `/_fake/${collection}`, items);

/** The zone every seeded DNS record belongs to: the contract's example zone. */
const seedZone = zonesFixture.zones[0]!;

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
    // All primary IPs, so the floating listing after them is empty: the kind still pages through both.
    ip_address: async (control, _token, count) => {
      await put(control, "primary_ips", copies(primaryIpsFixture.primary_ips[0]!, count, "ip"));
      await put(control, "floating_ips", []);
    },
    firewall: (control, _token, count) => put(control, "firewalls", copies(firewallsFixture.firewalls[0]!, count, "firewall")),
    network: (control, _token, count) => put(control, "networks", copies(networksFixture.networks[0]!, count, "network")),
    certificate: (control, _token, count) => put(control, "certificates", copies(certificatesFixture.certificates[0]!, count, "cert")),
    snapshot: (control, _token, count) => put(control, "images", copies(imagesFixture.images[0]!, count, "snapshot").map((i) => ({ ...i, type: "snapshot", bound_to: null }))),
    backup: (control, _token, count) => put(control, "images", copies(imagesFixture.images[0]!, count, "backup").map((i) => ({ ...i, type: "backup", bound_to: 1 }))),
    domain: (control, _token, count) => put(control, "zones", copies(seedZone, count, "zone").map((z) => ({ ...z, name: `${String(z.name)}.example` }))),
    dns_record: async (control, _token, count) => {
      await put(control, "zones", [structuredClone(seedZone)]);
      const template = rrsetsFixture.rrsets[0]!;
      await put(control, "rrsets", Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), id: `host-${String(i).padStart(4, "0")}/A`, name: `host-${String(i).padStart(4, "0")}`, zone: seedZone.id })));
    },
  },
  maxPageSize: Object.fromEntries(SEEDED.map((kind) => [kind, PER_PAGE])),
  listPath: {
    server: "/v1/servers",
    block_volume: "/v1/volumes",
    load_balancer: "/v1/load_balancers",
    ip_address: "/v1/primary_ips",
    firewall: "/v1/firewalls",
    network: "/v1/networks",
    certificate: "/v1/certificates",
    snapshot: "/v1/images",
    backup: "/v1/images",
    domain: "/v1/zones",
    dns_record: `/v1/zones/${seedZone.id}/rrsets`,
  },
  rateLimitRefillsContinuously: true,
  rejectedMessage: error401.error.message,
};
