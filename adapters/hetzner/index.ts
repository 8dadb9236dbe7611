import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import { hetznerHttp, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { HetznerCredentials } from "./credentials";
import { listLoadBalancers, listServers, listVolumes } from "./listers";
import { anyServersPageSchema } from "./schemas";

/** Primary IPs (`ip_address`) are left out: the contract documents their prices but no `GET /primary_ips`. */
export const hetzner = defineAdapter<HetznerCredentials>({
  id: "hetzner",
  name: PROVIDER_NAME,
  docsUrl: "https://docs.hetzner.cloud/",
  defaultBaseUrl: "https://api.hetzner.cloud/v1",
  // A project has 3600 requests an hour; a sync of three kinds costs a few requests per 50 resources.
  defaultIntervalSeconds: 300,
  credentialFields,
  credentialsSchema,
  listers: {
    server: listServers,
    block_volume: listVolumes,
    load_balancer: listLoadBalancers,
  },
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    // There is no "who am I" endpoint; the cheapest authenticated read proves the token works.
    await getJson(ctx, hetznerHttp(credentials), joinUrl(ctx.baseUrl, "/servers", { per_page: 1 }), anyServersPageSchema);
    // A token belongs to exactly one project, but the API never reveals the project's id or name.
    return { id: "project", name: "Hetzner Cloud project" };
  },
});
