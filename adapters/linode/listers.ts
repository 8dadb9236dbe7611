import { getJson, joinUrl } from "../http";
import { itemPages, listingsFor, nested, pageNumber, singlePage } from "../kit";
import type { ProviderContext } from "../types";
import { linodeHttp } from "./client";
import type { LinodeCredentials } from "./credentials";
import {
  normalizeBackup,
  normalizeBucket,
  normalizeDatabase,
  normalizeDomain,
  normalizeDomainRecord,
  normalizeFirewall,
  normalizeImage,
  normalizeInstance,
  normalizeLkeCluster,
  normalizeNodeBalancer,
  normalizeVolume,
  normalizeVpc,
} from "./normalize";
import {
  bucketsPageSchema,
  databasesPageSchema,
  domainRecordsPageSchema,
  domainsPageSchema,
  firewallsPageSchema,
  imagesPageSchema,
  instanceBackupsSchema,
  instancesPageSchema,
  lkeClustersPageSchema,
  nodeBalancersPageSchema,
  typesPageSchema,
  volumesPageSchema,
  vpcsPageSchema,
} from "./schemas";
import type { Domain, Instance, LinodePage, LinodeType } from "./schemas";

/** The API's maximum `page_size` (25–500): fewest requests against the 200-per-minute budget for collections. */
export const PAGE_SIZE = 500;

const { listing } = listingsFor(linodeHttp);

/**
 * Linode's page numbers: `page`/`page_size` asked, `page`/`pages`/`results` answered. The listing ends at
 * `page >= pages` (an empty account answers `pages: 0` or `1`), and restarts when `results` moves.
 */
const linodePages = <B extends LinodePage>() =>
  pageNumber<B>({
    perPage: PAGE_SIZE,
    perPageParam: "page_size",
    nextPage: (b) => (b.page < b.pages ? b.page + 1 : null),
    lastPage: (b) => Math.max(b.pages, 1),
    total: (b) => b.results,
  });

/** Every plan with its prices (public, no scope needed), read once per listing and only once an instance needs it. */
function typesOnce(credentials: LinodeCredentials, ctx: ProviderContext): () => Promise<Map<string, LinodeType>> {
  let pending: Promise<Map<string, LinodeType>> | null = null;
  const load = async () => {
    const types = new Map<string, LinodeType>();
    for (let page = 1; ; page++) {
      const { data } = await getJson(ctx, linodeHttp(credentials), joinUrl(ctx.baseUrl, "/linode/types", { page, page_size: PAGE_SIZE }), typesPageSchema);
      for (const type of data.data) types.set(type.id, type);
      if (data.page >= data.pages || data.data.length === 0) return types;
    }
  };
  return () => (pending ??= load());
}

export const listInstances = listing(instancesPageSchema, {
  path: "/linode/instances",
  items: (b) => b.data,
  lookups: typesOnce,
  normalize: async (instance, types) => normalizeInstance(instance, await types()),
  paging: linodePages(),
});

/**
 * A product's price list (`/volumes/types`, `/nodebalancers/types`: public, one entry each), read once per
 * listing and only once an item needs it.
 */
function productPricesOnce(path: string) {
  return (credentials: LinodeCredentials, ctx: ProviderContext): (() => Promise<LinodeType | undefined>) => {
    let pending: Promise<LinodeType | undefined> | null = null;
    const load = async () =>
      (await getJson(ctx, linodeHttp(credentials), joinUrl(ctx.baseUrl, path, { page: 1, page_size: PAGE_SIZE }), typesPageSchema)).data.data[0];
    return () => (pending ??= load());
  };
}

export const listVolumes = listing(volumesPageSchema, {
  path: "/volumes",
  items: (b) => b.data,
  lookups: productPricesOnce("/volumes/types"),
  normalize: async (volume, prices) => normalizeVolume(volume, await prices()),
  paging: linodePages(),
});

export const listNodeBalancers = listing(nodeBalancersPageSchema, {
  path: "/nodebalancers",
  items: (b) => b.data,
  lookups: productPricesOnce("/nodebalancers/types"),
  normalize: async (nodeBalancer, prices) => normalizeNodeBalancer(nodeBalancer, await prices()),
  paging: linodePages(),
});

export const listDomains = listing(domainsPageSchema, { path: "/domains", items: (b) => b.data, normalize: normalizeDomain, paging: linodePages() });

const domainPages = itemPages(domainsPageSchema, { http: linodeHttp, path: "/domains", items: (b) => b.data, paging: linodePages() });

/** Each domain's records, the domain (by id) as their parent. */
export const listDomainRecords = nested<LinodeCredentials, Domain>({
  parents: domainPages,
  parentId: (domain) => String(domain.id),
  children: (domain) =>
    listing(domainRecordsPageSchema, {
      path: `/domains/${domain.id}/records`,
      items: (b) => b.data,
      normalize: (record) => normalizeDomainRecord(domain, record),
      paging: linodePages(),
    }),
});

/** Every engine's instances in one listing (`/databases/mysql/instances` and `/postgresql/instances` are its halves). */
export const listDatabases = listing(databasesPageSchema, { path: "/databases/instances", items: (b) => b.data, normalize: normalizeDatabase, paging: linodePages() });

/**
 * The spec of 4.189.0 names no `page`/`page_size` on this endpoint but answers with the counters; the
 * parameters are sent anyway (ignored, the counters still say one page) and the counters followed.
 */
export const listBuckets = listing(bucketsPageSchema, { path: "/object-storage/buckets", items: (b) => b.data, normalize: normalizeBucket, paging: linodePages() });

export const listFirewalls = listing(firewallsPageSchema, { path: "/networking/firewalls", items: (b) => b.data, normalize: normalizeFirewall, paging: linodePages() });

export const listVpcs = listing(vpcsPageSchema, { path: "/vpcs", items: (b) => b.data, normalize: normalizeVpc, paging: linodePages() });

export const listLkeClusters = listing(lkeClustersPageSchema, { path: "/lke/clusters", items: (b) => b.data, normalize: normalizeLkeCluster, paging: linodePages() });

/** `/images` holds the public distributions too; only the account's own (`is_public: false`, `private/…`) are kept. */
export const listImages = listing(imagesPageSchema, {
  path: "/images",
  items: (b) => b.data,
  keep: (image) => image.is_public === false || image.id.startsWith("private/"),
  normalize: normalizeImage,
  paging: linodePages(),
});

/** Instances with the Backup service on: the others have neither automatic backups nor a snapshot slot. */
const backedUpInstances = itemPages(instancesPageSchema, {
  http: linodeHttp,
  path: "/linode/instances",
  items: (b) => b.data,
  keep: (instance) => instance.backups?.enabled !== false,
  paging: linodePages(),
});

/**
 * Each instance's backups: one unpaged answer of automatic backups plus the manual snapshot (current, and
 * the one in progress). A snapshot in progress that is also current is listed once.
 */
export const listBackups = nested<LinodeCredentials, Instance>({
  parents: backedUpInstances,
  parentId: (instance) => String(instance.id),
  children: (instance) =>
    listing(instanceBackupsSchema, {
      path: `/linode/instances/${instance.id}/backups`,
      items: (b) => {
        const all = [...(b.automatic ?? []), b.snapshot?.current, b.snapshot?.in_progress].filter((x) => x != null);
        return all.filter((backup, index) => all.findIndex((other) => other.id === backup.id) === index);
      },
      normalize: (backup) => normalizeBackup(instance, backup),
      paging: singlePage(),
    }),
});
