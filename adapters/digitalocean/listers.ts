import { z } from "zod";
import { ProviderError } from "../errors";
import { getJson, joinUrl } from "../http";
import { inSequence, itemPages, listing, nested, pageNumber } from "../kit";
import type { Paging } from "../kit";
import type { NormalizedResource } from "../../shared/resources";
import type { Lister, ProviderContext } from "../types";
import { digitalOceanHttp } from "./client";
import type { DigitalOceanCredentials } from "./credentials";
import {
  normalizeApp,
  normalizeAppDeployment,
  normalizeBackup,
  normalizeCdnEndpoint,
  normalizeCertificate,
  normalizeDatabase,
  normalizeDomain,
  normalizeDomainRecord,
  normalizeDroplet,
  normalizeFirewall,
  normalizeKubernetesCluster,
  normalizeLoadBalancer,
  normalizeReservedIp,
  normalizeReservedIpv6,
  normalizeSnapshot,
  normalizeUptimeCheck,
  normalizeVolume,
  normalizeVpc,
} from "./normalize";
import {
  appDeploymentsPageSchema,
  appsPageSchema,
  cdnEndpointsPageSchema,
  certificatesPageSchema,
  databasesSchema,
  domainRecordsPageSchema,
  domainsPageSchema,
  dropletsPageSchema,
  firewallsPageSchema,
  imagesPageSchema,
  kubernetesClustersPageSchema,
  lastPageNumber,
  loadBalancersPageSchema,
  nextPageNumber,
  reservedIpsPageSchema,
  reservedIpv6sPageSchema,
  snapshotsPageSchema,
  uptimeChecksPageSchema,
  volumesPageSchema,
  vpcsPageSchema,
} from "./schemas";
import type { Domain, Droplet, Links } from "./schemas";

/** The API's maximum page size: fewest requests against the 250/minute limit. */
export const PER_PAGE = 200;

function fetchPage<T extends { links?: Links; meta?: { total: number } }>(credentials: DigitalOceanCredentials, ctx: ProviderContext, path: string, schema: z.ZodType<T>) {
  return async (page: number) => {
    const { data } = await getJson(ctx, digitalOceanHttp(credentials), joinUrl(ctx.baseUrl, path, { page, per_page: PER_PAGE }), schema);
    return { data, nextPage: nextPageNumber(data.links), lastPage: lastPageNumber(data.links), total: data.meta?.total ?? null };
  };
}

/** DigitalOcean's page numbers for the kit: its `links.pages` say where the listing goes on, `meta.total` how long it is. */
function doPaging<Body extends { links?: Links; meta?: { total: number } }>(): Paging<Body> {
  return pageNumber<Body>({ perPage: PER_PAGE, nextPage: (b) => nextPageNumber(b.links), lastPage: (b) => lastPageNumber(b.links), total: (b) => b.meta?.total });
}

/** A plain paginated collection: the list under its key, each item normalized on its own. */
function pagedLister<T extends { links?: Links; meta?: { total: number } }, Item>(path: string, schema: z.ZodType<T>, items: (page: T) => Item[], normalize: (item: Item) => NormalizedResource): Lister<DigitalOceanCredentials> {
  return listing(schema, { http: digitalOceanHttp, path, items, normalize, paging: doPaging<T>() });
}

const listRegularDroplets = pagedLister("/v2/droplets", dropletsPageSchema, (p) => p.droplets, normalizeDroplet);

// `GET /v2/droplets` leaves GPU droplets out; only `type=gpus` lists them.
const listGpuDroplets = listing(dropletsPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/droplets",
  query: { type: "gpus" },
  items: (b) => b.droplets,
  normalize: normalizeDroplet,
  paging: doPaging(),
});

/**
 * Whether the first GPU page's error says the account cannot have GPU droplets rather than that something
 * broke. The regular listing under the same `droplet:read` scope has just succeeded, so a 403 here is not a
 * missing scope; what DigitalOcean answers an account without GPU access is not documented, so a refusal
 * (403) or an unknown filter (400/404/422) both read as "none", while 5xx, 429 and 401 still fail the kind.
 */
function withoutGpuAccess(err: unknown): boolean {
  return err instanceof ProviderError && err.status !== undefined && [400, 403, 404, 422].includes(err.status);
}

/** Every droplet: the regular listing to its end, then the GPU listing. */
export const listDroplets = inSequence([
  { name: "droplets", list: listRegularDroplets },
  { name: "gpus", list: listGpuDroplets, absentWhen: withoutGpuAccess },
]);

export const listVolumes = pagedLister("/v2/volumes", volumesPageSchema, (p) => p.volumes, normalizeVolume);
const listRegularLoadBalancers = pagedLister("/v2/load_balancers", loadBalancersPageSchema, (p) => p.load_balancers, normalizeLoadBalancer);
export const listDomains = pagedLister("/v2/domains", domainsPageSchema, (p) => p.domains, normalizeDomain);

async function* allDomains(credentials: DigitalOceanCredentials, ctx: ProviderContext): AsyncGenerator<Domain> {
  const get = fetchPage(credentials, ctx, "/v2/domains", domainsPageSchema);
  for (let page: number | null = 1; page !== null; ) {
    const { data, nextPage } = await get(page);
    yield* data.domains;
    page = nextPage !== null && nextPage > page ? nextPage : null;
  }
}

const recordsCursorSchema = z.object({ domain: z.string(), page: z.number().int().min(1) });

/** The provider's 404: the thing asked about is gone (deleted since it was listed). */
const isGone = (err: unknown) => err instanceof ProviderError && err.status === 404;

/**
 * Records live under each domain: the cursor names the domain and the records page to resume at. The
 * domains can move under a sync that spans slices or takes a while: a resumed domain deleted meanwhile makes
 * the listing start again from the first domain (records listed twice count once; none is skipped, so the
 * sweep deletes nothing it should not), and a domain deleted between the domain list and its records fetch
 * (404) is passed over — its records went with it.
 */
export const listDomainRecords: Lister<DigitalOceanCredentials> = async function* (credentials, ctx, cursor) {
  const domains: string[] = [];
  for await (const domain of allDomains(credentials, ctx)) domains.push(domain.name);
  const parsed = cursor ? recordsCursorSchema.parse(JSON.parse(cursor)) : null;
  const resumeAt = parsed ? domains.indexOf(parsed.domain) : -1;
  const start = Math.max(resumeAt, 0);
  for (let i = start; i < domains.length; i++) {
    const domain = domains[i]!;
    const following = i + 1 < domains.length ? { domain: domains[i + 1]!, page: 1 } : null;
    const get = fetchPage(credentials, ctx, `/v2/domains/${encodeURIComponent(domain)}/records`, domainRecordsPageSchema);
    for (let page: number | null = i === resumeAt ? parsed!.page : 1; page !== null; ) {
      let result: Awaited<ReturnType<typeof get>>;
      try {
        result = await get(page);
      } catch (err) {
        if (!isGone(err)) throw err;
        yield { resources: [], next: following ? JSON.stringify(following) : null };
        break;
      }
      const { data, nextPage } = result;
      const next: number | null = nextPage !== null && nextPage > page ? nextPage : null;
      const after = next !== null ? { domain, page: next } : following;
      yield { resources: data.domain_records.map((r) => normalizeDomainRecord(domain, r)), next: after ? JSON.stringify(after) : null };
      page = next;
    }
  }
  if (domains.length === 0) yield { resources: [], next: null };
};

/** A listing's 403 that names no scope, named after the scope it needed (DigitalOcean's 403 never names one). */
function namingScope(err: unknown, scope: string): unknown {
  if (err instanceof ProviderError && err.kind === "permission_missing" && err.scope === undefined) {
    return new ProviderError(err.provider, err.kind, err.message, { status: err.status, scope });
  }
  return err;
}

const listCdnEndpoints = listing(cdnEndpointsPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/cdn/endpoints",
  items: (b) => b.endpoints,
  normalize: normalizeCdnEndpoint,
  paging: doPaging(),
});

/**
 * The CDN endpoints need a scope of their own: a token without it is told so by name, for the kind (the 403
 * names no scope, and the manifest's scope for the kind is the load balancers').
 */
const listCdnEndpointsNamingScope: Lister<DigitalOceanCredentials> = async function* (credentials, ctx, cursor) {
  try {
    yield* listCdnEndpoints(credentials, ctx, cursor);
  } catch (err) {
    throw namingScope(err, "cdn:read");
  }
};

/** Load balancers, then CDN endpoints (see `normalizeCdnEndpoint`). */
export const listLoadBalancers = inSequence([
  { name: "load_balancers", list: listRegularLoadBalancers },
  { name: "cdn", list: listCdnEndpointsNamingScope },
]);

export const listNetworks = listing(vpcsPageSchema, { http: digitalOceanHttp, path: "/v2/vpcs", items: (b) => b.vpcs, normalize: normalizeVpc, paging: doPaging() });

/** Reserved IPv4 and IPv6 addresses are two collections of one kind. */
export const listIpAddresses = inSequence([
  { name: "ipv4", list: listing(reservedIpsPageSchema, { http: digitalOceanHttp, path: "/v2/reserved_ips", items: (b) => b.reserved_ips, normalize: normalizeReservedIp, paging: doPaging() }) },
  {
    name: "ipv6",
    list: listing(reservedIpv6sPageSchema, { http: digitalOceanHttp, path: "/v2/reserved_ipv6", items: (b) => b.reserved_ipv6s, normalize: normalizeReservedIpv6, paging: doPaging() }),
  },
]);

export const listFirewalls = listing(firewallsPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/firewalls",
  items: (b) => b.firewalls,
  normalize: normalizeFirewall,
  paging: doPaging(),
});

/**
 * Droplet and volume snapshots in one listing: without `resource_type` the list holds both, each naming what
 * it was taken of. The account's images (`/v2/images?private=true`) hold the droplet snapshots too, but not the
 * volumes' and not their droplet, so they serve only the backups.
 */
export const listSnapshots = listing(snapshotsPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/snapshots",
  items: (b) => b.snapshots,
  normalize: normalizeSnapshot,
  paging: doPaging(),
});

const regularDropletItems = itemPages(dropletsPageSchema, { http: digitalOceanHttp, path: "/v2/droplets", items: (b) => b.droplets, paging: doPaging() });
const gpuDropletItems = itemPages(dropletsPageSchema, { http: digitalOceanHttp, path: "/v2/droplets", query: { type: "gpus" }, items: (b) => b.droplets, paging: doPaging() });

/**
 * Which droplet each backup image is of, from the droplets' `backup_ids` (an image names no droplet): every
 * regular droplet, then the GPU ones, at 200 a page. Reading them needs `droplet:read`, beside the kind's
 * `image:read`, so a refusal here names it.
 */
async function dropletOfBackup(credentials: DigitalOceanCredentials, ctx: ProviderContext): Promise<Map<number, number>> {
  const owners = new Map<number, number>();
  const claim = (droplets: readonly Droplet[]) => {
    for (const d of droplets) for (const backupId of d.backup_ids ?? []) owners.set(backupId, d.id);
  };
  try {
    for await (const page of regularDropletItems(credentials, ctx, null)) claim(page.items);
    let gpuPages = 0;
    try {
      for await (const page of gpuDropletItems(credentials, ctx, null)) {
        gpuPages++;
        claim(page.items);
      }
    } catch (err) {
      // Only the GPU half's first answer may say the account has none (see `withoutGpuAccess`); a later page's failure fails.
      if (gpuPages > 0 || !withoutGpuAccess(err)) throw err;
    }
  } catch (err) {
    throw namingScope(err, "droplet:read");
  }
  return owners;
}

/**
 * Backups, from the account's own images (`GET /v2/images?private=true`: its snapshots, backups and custom
 * images), 200 a page, keeping those of `type: "backup"`: a few requests for the whole account instead of
 * one per droplet (`/v2/droplets/{id}/backups`). The droplets are read once per run, and only if a page
 * holds a backup, to give each its droplet. Droplet snapshots are the `snapshot` kind's, from `/v2/snapshots`,
 * which also names what each was taken of.
 */
export const listBackups = listing(imagesPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/images",
  query: { private: "true" },
  items: (b) => b.images,
  keep: (image) => image.type === "backup",
  lookups: (credentials, ctx) => {
    let owners: Promise<Map<number, number>> | null = null;
    return () => (owners ??= dropletOfBackup(credentials, ctx));
  },
  normalize: async (image, owners) => normalizeBackup(image, (await owners()).get(image.id) ?? null),
  paging: doPaging(),
});

export const listCertificates = listing(certificatesPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/certificates",
  items: (b) => b.certificates,
  normalize: normalizeCertificate,
  paging: doPaging(),
});

export const listKubernetesClusters = listing(kubernetesClustersPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/kubernetes/clusters",
  items: (b) => b.kubernetes_clusters,
  normalize: normalizeKubernetesCluster,
  paging: doPaging(),
});

export const listApps = listing(appsPageSchema, { http: digitalOceanHttp, path: "/v2/apps", items: (b) => b.apps, normalize: normalizeApp, paging: doPaging() });

const appParents = itemPages(appsPageSchema, { http: digitalOceanHttp, path: "/v2/apps", items: (b) => b.apps, paging: doPaging() });

/** Deployments live under each app; an app deleted between the app list and its deployments (404) is passed over. */
export const listAppDeployments = nested({
  parents: appParents,
  parentId: (app) => app.id,
  children: (app) =>
    listing(appDeploymentsPageSchema, {
      http: digitalOceanHttp,
      path: `/v2/apps/${encodeURIComponent(app.id)}/deployments`,
      items: (b) => b.deployments,
      normalize: (d) => normalizeAppDeployment(app, d),
      paging: doPaging(),
    }),
});

export const listUptimeChecks = listing(uptimeChecksPageSchema, {
  http: digitalOceanHttp,
  path: "/v2/uptime/checks",
  items: (b) => b.checks,
  normalize: normalizeUptimeCheck,
  paging: doPaging(),
});

export const listDatabases: Lister<DigitalOceanCredentials> = async function* (credentials, ctx) {
  const { data } = await getJson(ctx, digitalOceanHttp(credentials), joinUrl(ctx.baseUrl, "/v2/databases"), databasesSchema);
  yield { resources: (data.databases ?? []).map(normalizeDatabase), next: null };
};
