import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import { PROVIDER_NAME, vultrHttp } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { VultrCredentials } from "./credentials";
import {
  listBackups,
  listBlocks,
  listDatabases,
  listDomains,
  listFirewallGroups,
  listKubernetesClusters,
  listLoadBalancers,
  listObjectStorage,
  listRecords,
  listReservedIps,
  listServers,
  listSnapshots,
  listVpcs,
} from "./listers";
import { accountSchema } from "./schemas";

/** Vultr's user permissions (ACLs), as `GET /account` names them: an API key acts with its user's. */
const VIEW_SUBSCRIPTIONS = "subscriptions_view";

/**
 * A Vultr API key belongs to one user of one account, so there is exactly one account to cover and no
 * `accounts`. The account has no id in the API: the user's email, which `GET /account` returns, stands in.
 *
 * No webhooks: the API has none, so docks are polled.
 */
export const vultr = defineAdapter<VultrCredentials>({
  id: "vultr",
  name: PROVIDER_NAME,
  docsUrl: "https://www.vultr.com/api/",
  defaultBaseUrl: "https://api.vultr.com/v2",
  // About 15 requests a sync for a small account (one per kind, per 500 resources and per domain, plus plans);
  // the limit is 30 a second per source IP.
  defaultIntervalSeconds: 300,
  credentialFields,
  credentialsSchema,
  listers: {
    server: listServers,
    block_volume: listBlocks,
    load_balancer: listLoadBalancers,
    database: listDatabases,
    kubernetes_cluster: listKubernetesClusters,
    bucket: listObjectStorage,
    domain: listDomains,
    dns_record: listRecords,
    ip_address: listReservedIps,
    firewall: listFirewallGroups,
    network: listVpcs,
    snapshot: listSnapshots,
    backup: listBackups,
  },
  scopes: {
    server: VIEW_SUBSCRIPTIONS,
    block_volume: VIEW_SUBSCRIPTIONS,
    database: VIEW_SUBSCRIPTIONS,
    kubernetes_cluster: VIEW_SUBSCRIPTIONS,
    ip_address: VIEW_SUBSCRIPTIONS,
    network: VIEW_SUBSCRIPTIONS,
    snapshot: VIEW_SUBSCRIPTIONS,
    backup: VIEW_SUBSCRIPTIONS,
    load_balancer: "loadbalancer",
    bucket: "objstore",
    domain: "dns",
    dns_record: "dns",
    firewall: "firewall",
  },
  credentialsHint: (credentials) => lastFour(credentials.apiKey),

  async validate(credentials, ctx) {
    const { data } = await getJson(ctx, vultrHttp(credentials), joinUrl(ctx.baseUrl, "/account"), accountSchema);
    const { name, email } = data.account;
    return { id: email || "account", name: name || email || "Vultr account" };
  },
});
