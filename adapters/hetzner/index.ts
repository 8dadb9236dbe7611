import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import { hetznerHttp, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { HetznerCredentials } from "./credentials";
import { listBackups, listCertificates, listDnsRecords, listFirewalls, listIpAddresses, listLoadBalancers, listNetworks, listServers, listSnapshots, listVolumes, listZones } from "./listers";
import { anyServersPageSchema } from "./schemas";

/**
 * No `scopes`: a Hetzner token is "Read" or "Read & Write" for one whole project, never per kind, so every
 * kind a token can read is every kind there is, and there is nothing to declare or check per kind.
 *
 * Placement groups are not listed: no kind fits them (they are a scheduling constraint, "spread", on a set of
 * servers — no address, storage, network or price), and a `server` attribute would be the place for them.
 */
export const hetzner = defineAdapter<HetznerCredentials>({
  id: "hetzner",
  name: PROVIDER_NAME,
  docsUrl: "https://docs.hetzner.cloud/",
  defaultBaseUrl: "https://api.hetzner.cloud/v1",
  // A project has 3600 requests an hour; a sync costs about one request per kind and 50 resources (plus one per zone).
  defaultIntervalSeconds: 300,
  credentialFields,
  credentialsSchema,
  listers: {
    server: listServers,
    block_volume: listVolumes,
    load_balancer: listLoadBalancers,
    ip_address: listIpAddresses,
    firewall: listFirewalls,
    network: listNetworks,
    certificate: listCertificates,
    snapshot: listSnapshots,
    backup: listBackups,
    domain: listZones,
    dns_record: listDnsRecords,
  },
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    // There is no "who am I" endpoint; the cheapest authenticated read proves the token works.
    await getJson(ctx, hetznerHttp(credentials), joinUrl(ctx.baseUrl, "/servers", { per_page: 1 }), anyServersPageSchema);
    // A token belongs to exactly one project, but the API never reveals the project's id or name.
    return { id: "project", name: "Hetzner Cloud project" };
  },
});
