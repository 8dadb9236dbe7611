import { ProviderError } from "../errors";
import { acrossScopes, bodyCursor, inSequence, listingsFor, nested, pageNumber, singlePage } from "../kit";
import type { ItemPager, Paging } from "../kit";
import type { AccountInfo, Lister, ProviderContext } from "../types";
import { cloudflareHttp } from "./client";
import { PERMISSIONS } from "./credentials";
import type { CloudflareCredentials } from "./credentials";
import {
  normalizeCertificatePack,
  normalizeCustomHostname,
  normalizeD1Database,
  normalizeDnsRecord,
  normalizeLoadBalancer,
  normalizePagesDeployment,
  normalizePagesProject,
  normalizeR2Bucket,
  normalizeWorkerScript,
  normalizeZone,
} from "./normalize";
import {
  accountsPageSchema,
  certificatePacksPageSchema,
  customHostnamesPageSchema,
  loadBalancersSchema,
  d1DatabasesPageSchema,
  dnsRecordsPageSchema,
  pagesDeploymentsPageSchema,
  pagesProjectsPageSchema,
  r2BucketsPageSchema,
  workerScriptsSchema,
  zonesPageSchema,
} from "./schemas";
import type { PageInfo, Zone } from "./schemas";

/**
 * Each endpoint's own maximum `per_page`: accounts and zones 50 (the spec's maximum); DNS records 5,000 (the
 * spec allows up to 5,000,000, which no plan's record quota comes near — one page holds any zone but an
 * enterprise one); certificate packs and custom hostnames 50; Pages projects 10 and deployments 25 (no source
 * states their maximum: the contract's example page holds 10 projects, and a smaller cap is still followed, see
 * `lastPageOf`); R2 buckets 1,000; D1 databases 10,000.
 */
export const PAGE_SIZE = { accounts: 50, zones: 50, dnsRecords: 5000, certificatePacks: 50, customHostnames: 50, pagesProjects: 10, pagesDeployments: 25, r2Buckets: 1000, d1Databases: 10_000 } as const;

const { listing, itemPages } = listingsFor(cloudflareHttp);

/** A permission refusal that names no permission, named after the one this request needed. */
function withPermission(err: unknown, permission: string): unknown {
  if (err instanceof ProviderError && err.kind === "permission_missing" && err.scope === undefined) {
    return new ProviderError(err.provider, err.kind, err.message, { status: err.status, scope: permission });
  }
  return err;
}

/** A 403 names no permission: one from a listing whose permission differs from its kind's is named here. */
function namingPermission(list: Lister<CloudflareCredentials>, permission: string): Lister<CloudflareCredentials> {
  return async function* (credentials, ctx, cursor) {
    try {
      yield* list(credentials, ctx, cursor);
    } catch (err) {
      throw withPermission(err, permission);
    }
  };
}

/**
 * Cloudflare's page numbers: the listing ends at `total_pages` when the page states it, else at
 * `total_count` over the `per_page` the page reports — never on a short page alone, which some endpoints return
 * before the end (a page size capped below the one asked for).
 */
function cfPaging<Body extends { result_info?: PageInfo }>(perPage: number): Paging<Body> {
  return pageNumber<Body>({ perPage, lastPage: (b) => lastPageOf(b.result_info, perPage), total: (b) => b.result_info?.total_count ?? null });
}

/**
 * The last page: `total_pages` where the page states it; else, where the page says it held fewer than asked
 * for (`per_page` capped below the request), `total_count` over that size. Otherwise null, and the kit ends
 * the listing once `page × perPage` reaches `total_count` — failing on an empty page before it.
 */
export function lastPageOf(info: PageInfo | undefined, asked: number): number | null {
  if (!info) return null;
  if (typeof info.total_pages === "number") return info.total_pages;
  const size = info.per_page;
  if (typeof info.total_count === "number" && typeof size === "number" && size > 0 && size < asked) return Math.ceil(info.total_count / size);
  return null;
}

const accountPages = itemPages(accountsPageSchema, { path: "/accounts", query: { direction: "asc" }, items: (b) => b.result, paging: cfPaging(PAGE_SIZE.accounts) });

/**
 * The accounts the token sees. An account-owned token names its one account in the credentials (it may not
 * list `/accounts`); a user token lists them all, 50 a page.
 */
export async function accountsOf(credentials: CloudflareCredentials, ctx: ProviderContext): Promise<AccountInfo[]> {
  if (credentials.accountId) return [{ id: credentials.accountId, name: `Account ${credentials.accountId}` }];
  const accounts: AccountInfo[] = [];
  for await (const page of accountPages(credentials, ctx, null)) for (const a of page.items) accounts.push({ id: a.id, name: a.name || a.id });
  return accounts;
}

/** A kind over every account of the dock (`ctx.accounts`), one account at a time. */
function perAccount(list: (account: AccountInfo) => Lister<CloudflareCredentials>): Lister<CloudflareCredentials> {
  return acrossScopes({ scopes: accountsOf, scopeId: (a) => a.id, list });
}

const accountPath = (account: AccountInfo, rest: string) => `/accounts/${encodeURIComponent(account.id)}${rest}`;

// Ordered by name, which a zone never changes, so a resumed listing finds its place.
const zonesQuery = (account: AccountInfo) => ({ "account.id": account.id, order: "name", direction: "asc" });
/**
 * The zones as the parents of a zone-scoped kind. Listing them needs Zone Read besides the kind's own
 * permission, so a refusal here is named after it.
 */
const zonePages = (account: AccountInfo): ItemPager<CloudflareCredentials, Zone> => {
  const pages = itemPages(zonesPageSchema, { path: "/zones", query: zonesQuery(account), items: (b) => b.result, paging: cfPaging(PAGE_SIZE.zones) });
  return async function* (credentials, ctx, cursor) {
    try {
      yield* pages(credentials, ctx, cursor);
    } catch (err) {
      throw withPermission(err, PERMISSIONS.zone);
    }
  };
};

export const listZones = perAccount((account) =>
  listing(zonesPageSchema, { path: "/zones", query: zonesQuery(account), items: (b) => b.result, normalize: normalizeZone, paging: cfPaging(PAGE_SIZE.zones) }),
);

/** Records of each zone of each account; a zone deleted between its listing and its records (404) is passed over. */
export const listDnsRecords = perAccount((account) =>
  nested({
    parents: zonePages(account),
    parentId: (zone) => zone.id,
    children: (zone) =>
      listing(dnsRecordsPageSchema, {
        path: `/zones/${encodeURIComponent(zone.id)}/dns_records`,
        query: { order: "type", direction: "asc" },
        items: (b) => b.result,
        normalize: (r) => normalizeDnsRecord(zone, r),
        paging: cfPaging(PAGE_SIZE.dnsRecords),
      }),
  }),
);

const pagesProjects = (account: AccountInfo) =>
  listing(pagesProjectsPageSchema, {
    path: accountPath(account, "/pages/projects"),
    items: (b) => b.result,
    normalize: (p) => normalizePagesProject(account.id, p),
    paging: cfPaging(PAGE_SIZE.pagesProjects),
  });


/** The scripts list is one page, without `page`/`per_page`; it needs Workers Scripts Read, beside the kind's Pages Read. */
const workerScripts = (account: AccountInfo) =>
  namingPermission(
    listing(workerScriptsSchema, { path: accountPath(account, "/workers/scripts"), items: (b) => b.result, normalize: (s) => normalizeWorkerScript(account.id, s), paging: singlePage() }),
    PERMISSIONS.workers,
  );

/** Web services: each account's Pages projects, then its Workers scripts. */
export const listWebServices = perAccount((account) =>
  inSequence([
    { name: "pages", list: pagesProjects(account) },
    { name: "workers", list: workerScripts(account) },
  ]),
);

const projectPages = (account: AccountInfo) =>
  itemPages(pagesProjectsPageSchema, { path: accountPath(account, "/pages/projects"), items: (b) => b.result, paging: cfPaging(PAGE_SIZE.pagesProjects) });

/** Deployments of each Pages project; a project deleted meanwhile (404) is passed over. */
export const listPagesDeployments = perAccount((account) =>
  nested({
    parents: projectPages(account),
    parentId: (project) => project.name,
    children: (project) =>
      listing(pagesDeploymentsPageSchema, {
        path: accountPath(account, `/pages/projects/${encodeURIComponent(project.name)}/deployments`),
        items: (b) => b.result,
        normalize: (d) => normalizePagesDeployment(account.id, project, d),
        paging: cfPaging(PAGE_SIZE.pagesDeployments),
      }),
  }),
);

/** R2's list pages by cursor (`result_info.cursor`), which is absent or empty on the last page. */
export const listR2Buckets = perAccount((account) =>
  listing(r2BucketsPageSchema, {
    path: accountPath(account, "/r2/buckets"),
    items: (b) => b.result.buckets,
    normalize: (b) => normalizeR2Bucket(account.id, b),
    paging: bodyCursor({ next: (b) => b.result_info?.cursor ?? null, endsWhen: "blank", limit: PAGE_SIZE.r2Buckets, limitParam: "per_page" }),
  }),
);

export const listD1Databases = perAccount((account) =>
  listing(d1DatabasesPageSchema, {
    path: accountPath(account, "/d1/database"),
    items: (b) => b.result,
    normalize: (d) => normalizeD1Database(account.id, d),
    paging: cfPaging(PAGE_SIZE.d1Databases),
  }),
);

/** Load balancers of each zone (one page each); a zone whose account has no Load Balancing lists none. */
export const listLoadBalancers = perAccount((account) =>
  nested({
    parents: zonePages(account),
    parentId: (zone) => zone.id,
    children: (zone) =>
      listing(loadBalancersSchema, { path: `/zones/${encodeURIComponent(zone.id)}/load_balancers`, items: (b) => b.result, normalize: (lb) => normalizeLoadBalancer(zone, lb), paging: singlePage() }),
  }),
);

/**
 * Whether the custom hostnames' first answer says the zone cannot have any (SSL for SaaS is not enabled on
 * it) rather than that something broke: the certificate packs of the same zone, under the same permission,
 * have just been read, so a 400/403/404 here is the feature missing, not the token.
 */
function withoutCustomHostnames(err: unknown): boolean {
  return err instanceof ProviderError && err.status !== undefined && [400, 403, 404].includes(err.status);
}

/** Certificates of each zone: its edge certificate packs, then its custom hostnames' certificates. */
export const listCertificates = perAccount((account) =>
  nested({
    parents: zonePages(account),
    parentId: (zone) => zone.id,
    children: (zone) =>
      inSequence([
        {
          name: "packs",
          list: listing(certificatePacksPageSchema, {
            path: `/zones/${encodeURIComponent(zone.id)}/ssl/certificate_packs`,
            items: (b) => b.result,
            normalize: (p) => normalizeCertificatePack(zone, p),
            paging: cfPaging(PAGE_SIZE.certificatePacks),
          }),
        },
        {
          name: "hostnames",
          list: listing(customHostnamesPageSchema, {
            path: `/zones/${encodeURIComponent(zone.id)}/custom_hostnames`,
            items: (b) => b.result,
            normalize: (h) => normalizeCustomHostname(zone, h),
            paging: cfPaging(PAGE_SIZE.customHostnames),
          }),
          absentWhen: withoutCustomHostnames,
        },
      ]),
  }),
);
