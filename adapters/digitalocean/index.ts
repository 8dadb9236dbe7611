import { ProviderError } from "../errors";
import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import { digitalOceanHttp, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { DigitalOceanCredentials } from "./credentials";
import {
  listAppDeployments,
  listApps,
  listBackups,
  listCertificates,
  listKubernetesClusters,
  listUptimeChecks,
  listDatabases,
  listDomainRecords,
  listDomains,
  listDroplets,
  listFirewalls,
  listIpAddresses,
  listLoadBalancers,
  listNetworks,
  listSnapshots,
  listVolumes,
} from "./listers";
import { accountSchema } from "./schemas";

export const digitalocean = defineAdapter<DigitalOceanCredentials>({
  id: "digitalocean",
  name: PROVIDER_NAME,
  docsUrl: "https://docs.digitalocean.com/reference/api/",
  defaultBaseUrl: "https://api.digitalocean.com",
  defaultIntervalSeconds: 300,
  credentialFields,
  credentialsSchema,
  listers: {
    server: listDroplets,
    block_volume: listVolumes,
    domain: listDomains,
    dns_record: listDomainRecords,
    database: listDatabases,
    load_balancer: listLoadBalancers,
    firewall: listFirewalls,
    snapshot: listSnapshots,
    backup: listBackups,
    network: listNetworks,
    ip_address: listIpAddresses,
    certificate: listCertificates,
    kubernetes_cluster: listKubernetesClusters,
    web_service: listApps,
    deployment: listAppDeployments,
    monitor: listUptimeChecks,
  },
  // The custom scope each listing needs (the spec's `security` of each endpoint); DigitalOcean's 403 never names it.
  scopes: {
    // Regular and GPU droplets alike.
    server: "droplet:read",
    block_volume: "block_storage:read",
    domain: "domain:read",
    dns_record: "domain:read",
    database: "database:read",
    // The CDN endpoints listed with them need `cdn:read` too; their lister names it when it is missing.
    load_balancer: "load_balancer:read",
    firewall: "firewall:read",
    snapshot: "snapshot:read",
    // Backups are the account's images (`/v2/images?private=true`); the droplets that own them need `droplet:read`
    // too, which the lister names when it is missing.
    backup: "image:read",
    network: "vpc:read",
    // `/v2/reserved_ips` and `/v2/reserved_ipv6` both need it.
    ip_address: "reserved_ip:read",
    certificate: "certificate:read",
    kubernetes_cluster: "kubernetes:read",
    web_service: "app:read",
    // Deployments are read through the apps (`/v2/apps/{id}/deployments`), under the app scope.
    deployment: "app:read",
    monitor: "uptime:read",
  },
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    const { data } = await getJson(ctx, digitalOceanHttp(credentials), joinUrl(ctx.baseUrl, "/v2/account"), accountSchema);
    if (data.account.status === "locked") {
      throw new ProviderError(PROVIDER_NAME, "credentials_rejected", `${PROVIDER_NAME} account is locked: ${data.account.status_message?.trim() || "no reason given"}`);
    }
    return { id: data.account.uuid, name: data.account.team?.name ?? data.account.email };
  },
});
