import { getJson, joinUrl } from "../http";
import type { Lister, ProviderContext } from "../types";
import { hetznerHttp } from "./client";
import type { HetznerCredentials } from "./credentials";
import { CursorError, itemPages, listingsFor, nested, pageNumber } from "../kit";
import {
  normalizeCertificate,
  normalizeFirewall,
  normalizeFloatingIp,
  normalizeImage,
  normalizeLoadBalancer,
  normalizeNetwork,
  normalizePrimaryIp,
  normalizeRrset,
  normalizeServer,
  normalizeVolume,
  normalizeZone,
} from "./normalize";
import {
  certificatesPageSchema,
  firewallsPageSchema,
  floatingIpsPageSchema,
  imagesPageSchema,
  loadBalancersPageSchema,
  networksPageSchema,
  pricingSchema,
  primaryIpsPageSchema,
  rrsetsPageSchema,
  serversPageSchema,
  volumesPageSchema,
  zonesPageSchema,
} from "./schemas";
import type { PaginationMeta, Pricing, Zone } from "./schemas";

/** The API's maximum page size: fewest requests against the 3600/hour project budget. */
export const PER_PAGE = 50;
/** Oldest first, so resources created while a listing runs land on later pages instead of shifting earlier ones. */
export const SORT = "id:asc";

/**
 * The price list, fetched at most once per listing and only once there is something to price: it holds
 * the currency of every price and the per-GB volume rate.
 */
function pricingOnce(credentials: HetznerCredentials, ctx: ProviderContext): () => Promise<Pricing> {
  let pending: Promise<Pricing> | null = null;
  return () => (pending ??= getJson(ctx, hetznerHttp(credentials), joinUrl(ctx.baseUrl, "/pricing"), pricingSchema).then((r) => r.data.pricing));
}

const { listing } = listingsFor(hetznerHttp);

/** Hetzner's page numbers at the maximum page size, ended by `next_page` and restarted when the total moves. */
const hetznerPages = <B extends { meta: PaginationMeta }>() =>
  pageNumber<B>({
    perPage: PER_PAGE,
    nextPage: (b) => b.meta.pagination.next_page,
    lastPage: (b) => b.meta.pagination.last_page,
    total: (b) => b.meta.pagination.total_entries,
  });

/** The price list, at most once per listing run and only once an item needs it. */
function lazyPricing(credentials: HetznerCredentials, ctx: ProviderContext): () => Promise<Pricing> {
  return pricingOnce(credentials, ctx);
}

export const listServers = listing(serversPageSchema, {
  path: "/servers",
  query: { sort: SORT },
  items: (b) => b.servers,
  lookups: lazyPricing,
  normalize: async (server, pricing) => normalizeServer(server, await pricing()),
  paging: hetznerPages(),
});

export const listVolumes = listing(volumesPageSchema, {
  path: "/volumes",
  query: { sort: SORT },
  items: (b) => b.volumes,
  lookups: lazyPricing,
  normalize: async (volume, pricing) => normalizeVolume(volume, await pricing()),
  paging: hetznerPages(),
});

export const listLoadBalancers = listing(loadBalancersPageSchema, {
  path: "/load_balancers",
  query: { sort: SORT },
  items: (b) => b.load_balancers,
  lookups: lazyPricing,
  normalize: async (lb, pricing) => normalizeLoadBalancer(lb, (await pricing()).currency),
  paging: hetznerPages(),
});

const listPrimaryIps = listing(primaryIpsPageSchema, {
  path: "/primary_ips",
  query: { sort: SORT },
  items: (b) => b.primary_ips,
  lookups: lazyPricing,
  normalize: async (ip, pricing) => normalizePrimaryIp(ip, await pricing()),
  paging: hetznerPages(),
});

const listFloatingIps = listing(floatingIpsPageSchema, {
  path: "/floating_ips",
  query: { sort: SORT },
  items: (b) => b.floating_ips,
  lookups: lazyPricing,
  normalize: async (ip, pricing) => normalizeFloatingIp(ip, await pricing()),
  paging: hetznerPages(),
});

/**
 * Primary and floating IPs are one kind from two endpoints, walked one after the other under one cursor:
 * `primary:<page cursor>` while primary IPs are listed, then `floating:<page cursor>` (an empty page cursor
 * is that listing's start). The listing is complete, and may be swept, only after both.
 */
export const listIpAddresses: Lister<HetznerCredentials> = async function* (credentials, ctx, cursor) {
  const match = cursor === null ? null : /^(primary|floating):(.*)$/.exec(cursor);
  if (cursor !== null && !match) throw new CursorError(`invalid Hetzner IP address cursor ${JSON.stringify(cursor.slice(0, 80))}`);
  const part = match?.[1] ?? "primary";
  const inner = match?.[2] ? match[2] : null;
  if (part === "primary") {
    for await (const page of listPrimaryIps(credentials, ctx, inner)) yield { ...page, next: page.next === null ? "floating:" : `primary:${page.next}` };
  }
  for await (const page of listFloatingIps(credentials, ctx, part === "floating" ? inner : null)) yield { ...page, next: page.next === null ? null : `floating:${page.next}` };
};

export const listFirewalls = listing(firewallsPageSchema, {
  path: "/firewalls",
  query: { sort: SORT },
  items: (b) => b.firewalls,
  normalize: normalizeFirewall,
  paging: hetznerPages(),
});

export const listNetworks = listing(networksPageSchema, {
  path: "/networks",
  query: { sort: SORT },
  items: (b) => b.networks,
  normalize: normalizeNetwork,
  paging: hetznerPages(),
});

export const listCertificates = listing(certificatesPageSchema, {
  path: "/certificates",
  query: { sort: SORT },
  items: (b) => b.certificates,
  normalize: normalizeCertificate,
  paging: hetznerPages(),
});

/** Snapshots and backups are both images; `type` picks one, so each kind's listing and sweep see only theirs. */
function listImages(type: "snapshot" | "backup"): Lister<HetznerCredentials> {
  return listing(imagesPageSchema, {
    path: "/images",
    query: { type, sort: SORT },
    items: (b) => b.images,
    lookups: lazyPricing,
    // Backups carry no price of their own, so the price list is fetched for snapshots only.
    normalize: async (image, pricing) => normalizeImage(image, type === "snapshot" ? await pricing() : null),
    paging: hetznerPages(),
  });
}
export const listSnapshots = listImages("snapshot");
export const listBackups = listImages("backup");

export const listZones = listing(zonesPageSchema, {
  path: "/zones",
  query: { sort: SORT },
  items: (b) => b.zones,
  normalize: normalizeZone,
  paging: hetznerPages(),
});

/**
 * Only primary zones hold RRSets: for a secondary zone (records transferred from another primary) Hetzner
 * answers 422 `incorrect_zone_mode`, which would fail the whole kind.
 */
const zonePages = itemPages(zonesPageSchema, {
  http: hetznerHttp,
  path: "/zones",
  query: { sort: SORT },
  items: (b) => b.zones,
  keep: (zone) => zone.mode === "primary",
  paging: hetznerPages(),
});

/** Each zone's RRSets, the zone (by name, the domain's external id) as their parent. */
export const listDnsRecords = nested<HetznerCredentials, Zone>({
  parents: zonePages,
  parentId: (zone) => String(zone.id),
  children: (zone) =>
    listing(rrsetsPageSchema, {
      path: `/zones/${zone.id}/rrsets`,
      // No `sort`: the reference names no sortable fields for RRSets, and a value it refuses would fail the
      // kind; a listing whose total moves starts again anyway.
      items: (b) => b.rrsets,
      normalize: (r) => normalizeRrset(r, zone),
      paging: hetznerPages(),
    }),
});
