import { ProviderError } from "../errors";
import { getJson, joinUrl } from "../http";
import { defineAdapter, lastFour } from "../types";
import type { AccountInfo, ProviderContext } from "../types";
import { cloudflareHttp, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema, PERMISSIONS } from "./credentials";
import type { CloudflareCredentials } from "./credentials";
import { accountsOf, listCertificates, listLoadBalancers, listD1Databases, listDnsRecords, listPagesDeployments, listR2Buckets, listWebServices, listZones } from "./listers";
import { accountsPageSchema, tokenVerifySchema } from "./schemas";
import { cloudflareWebhooks } from "./webhook";

/** Verifies the token where its kind is verified: an account-owned token under its account, a user token under /user. */
async function verifyToken(credentials: CloudflareCredentials, ctx: ProviderContext) {
  const http = cloudflareHttp(credentials);
  const verify = (path: string) => getJson(ctx, http, joinUrl(ctx.baseUrl, path), tokenVerifySchema);
  if (!credentials.accountId) {
    try {
      return (await verify("/user/tokens/verify")).data.result;
    } catch (err) {
      // An account-owned token is refused here too: say what would make it work, after Cloudflare's own words.
      if (err instanceof ProviderError && err.kind === "credentials_rejected") {
        throw new ProviderError(err.provider, err.kind, `${err.message} (an account-owned token also needs its account ID)`, { status: err.status });
      }
      throw err;
    }
  }
  try {
    return (await verify(`/accounts/${encodeURIComponent(credentials.accountId)}/tokens/verify`)).data.result;
  } catch (err) {
    // A user token given with the account it should cover is verified as a user token.
    if (!(err instanceof ProviderError) || (err.kind !== "credentials_rejected" && err.kind !== "not_found")) throw err;
    return (await verify("/user/tokens/verify")).data.result;
  }
}

export const cloudflare = defineAdapter<CloudflareCredentials>({
  id: "cloudflare",
  name: PROVIDER_NAME,
  docsUrl: "https://developers.cloudflare.com/api/",
  defaultBaseUrl: "https://api.cloudflare.com/client/v4",
  defaultIntervalSeconds: 300,
  credentialFields,
  credentialsSchema,
  listers: {
    domain: listZones,
    dns_record: listDnsRecords,
    web_service: listWebServices,
    deployment: listPagesDeployments,
    bucket: listR2Buckets,
    database: listD1Databases,
    load_balancer: listLoadBalancers,
    certificate: listCertificates,
  },
  // Cloudflare's 403 (code 10000, "Authentication error") never names the permission: these stand in for it.
  scopes: {
    domain: PERMISSIONS.zone,
    dns_record: PERMISSIONS.dns,
    // Pages projects and Workers scripts; a token without Workers Scripts Read is named after Pages Read.
    web_service: PERMISSIONS.pages,
    deployment: PERMISSIONS.pages,
    bucket: PERMISSIONS.r2,
    database: PERMISSIONS.d1,
    load_balancer: PERMISSIONS.loadBalancers,
    certificate: PERMISSIONS.ssl,
  },
  webhooks: cloudflareWebhooks,
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx): Promise<AccountInfo> {
    const token = await verifyToken(credentials, ctx);
    if (token.status !== "active") throw new ProviderError(PROVIDER_NAME, "credentials_rejected", `${PROVIDER_NAME} says this API token is ${token.status}`);
    if (credentials.accountId) return { id: credentials.accountId, name: `Account ${credentials.accountId}` };
    // A user token is named after the first account it sees (the person connecting picks among them next).
    const { data } = await getJson(ctx, cloudflareHttp(credentials), joinUrl(ctx.baseUrl, "/accounts", { page: 1, per_page: 50, direction: "asc" }), accountsPageSchema);
    const first = data.result[0];
    return first ? { id: first.id, name: first.name || first.id } : { id: token.id, name: `API token ${token.id.slice(0, 8)}` };
  },
  accounts: accountsOf,
});
