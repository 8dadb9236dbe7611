import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import { linodeHttp, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { LinodeCredentials } from "./credentials";
import {
  listBackups,
  listBuckets,
  listDatabases,
  listDomainRecords,
  listDomains,
  listFirewalls,
  listImages,
  listInstances,
  listLkeClusters,
  listNodeBalancers,
  listVolumes,
  listVpcs,
} from "./listers";
import { profileSchema } from "./schemas";

/**
 * No `accounts`: a personal access token belongs to one user of one account, and sees that account only.
 * No webhooks: the API has none (changes are polled, as `/account/events` would be).
 */
export const linode = defineAdapter<LinodeCredentials>({
  id: "linode",
  name: PROVIDER_NAME,
  docsUrl: "https://techdocs.akamai.com/linode-api/reference/api",
  defaultBaseUrl: "https://api.linode.com/v4",
  // Paginated collections are limited to 200 GETs a minute; a sync costs about one request per kind and 500 resources.
  defaultIntervalSeconds: 300,
  credentialFields,
  credentialsSchema,
  listers: {
    server: listInstances,
    block_volume: listVolumes,
    load_balancer: listNodeBalancers,
    domain: listDomains,
    dns_record: listDomainRecords,
    database: listDatabases,
    bucket: listBuckets,
    firewall: listFirewalls,
    network: listVpcs,
    kubernetes_cluster: listLkeClusters,
    backup: listBackups,
    snapshot: listImages,
  },
  // The OAuth scope each listing's endpoint lists in the spec (its read-only form).
  scopes: {
    // The plan prices (`/linode/types`) are public and need none.
    server: "linodes:read_only",
    block_volume: "volumes:read_only",
    load_balancer: "nodebalancers:read_only",
    domain: "domains:read_only",
    dns_record: "domains:read_only",
    database: "databases:read_only",
    bucket: "object_storage:read_only",
    firewall: "firewall:read_only",
    network: "vpc:read_only",
    kubernetes_cluster: "lke:read_only",
    // `/linode/instances/{id}/backups`, under the instances' scope.
    backup: "linodes:read_only",
    snapshot: "images:read_only",
  },
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    // `/profile` needs no scope, so any valid token passes, however narrowly it was scoped.
    const { data } = await getJson(ctx, linodeHttp(credentials), joinUrl(ctx.baseUrl, "/profile"), profileSchema);
    return { id: String(data.uid), name: data.username };
  },
});
