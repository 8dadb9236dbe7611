import { ProviderError } from "../errors";
import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import { digitalOceanHttp, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { DigitalOceanCredentials } from "./credentials";
import { listDatabases, listDomainRecords, listDomains, listDroplets, listLoadBalancers, listVolumes } from "./listers";
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
  },
  // The custom scope each listing needs (the spec's `security` of each endpoint); DigitalOcean's 403 never names it.
  scopes: { server: "droplet:read", block_volume: "block_storage:read", domain: "domain:read", dns_record: "domain:read", database: "database:read", load_balancer: "load_balancer:read" },
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    const { data } = await getJson(ctx, digitalOceanHttp(credentials), joinUrl(ctx.baseUrl, "/v2/account"), accountSchema);
    if (data.account.status === "locked") {
      throw new ProviderError(PROVIDER_NAME, "credentials_rejected", `${PROVIDER_NAME} account is locked: ${data.account.status_message?.trim() || "no reason given"}`);
    }
    return { id: data.account.uuid, name: data.account.team?.name ?? data.account.email };
  },
});
