import { getJson, joinUrl } from "../http";
import { bodyCursor, inSequence, listingsFor, nested, singlePage } from "../kit";
import type { ItemPager } from "../kit";
import type { ProviderContext } from "../types";
import { vultrHttp } from "./client";
import type { VultrCredentials } from "./credentials";
import {
  normalizeBackup,
  normalizeBareMetal,
  normalizeBlock,
  normalizeDatabase,
  normalizeDomain,
  normalizeFirewallGroup,
  normalizeInstance,
  normalizeKubernetesCluster,
  normalizeLoadBalancer,
  normalizeObjectStorage,
  normalizeRecord,
  normalizeReservedIp,
  normalizeSnapshot,
  normalizeVpc,
  planPrices,
} from "./normalize";
import type { PlanPrices } from "./normalize";
import {
  backupsPageSchema,
  bareMetalsPageSchema,
  blocksPageSchema,
  databasePlansSchema,
  databasesPageSchema,
  domainsPageSchema,
  firewallGroupsPageSchema,
  instancesPageSchema,
  kubernetesClustersPageSchema,
  loadBalancersPageSchema,
  metalPlansPageSchema,
  objectStoragesPageSchema,
  plansPageSchema,
  recordsPageSchema,
  reservedIpsPageSchema,
  snapshotsPageSchema,
  vpcsPageSchema,
} from "./schemas";
import type { Domain, Meta, Plan } from "./schemas";

/** "Default is 100 and Max is 500" on every paged list. */
export const PER_PAGE = 500;

const { listing, itemPages } = listingsFor(vultrHttp);

/**
 * Vultr's opaque cursor from `meta.links.next`, sent back as `cursor` with the same `per_page`. The list ends
 * when `next` is `""` (an empty string is not a cursor); the kit puts the cursor through `URLSearchParams`.
 */
const vultrCursor = <B extends { meta: Meta }>() => bodyCursor<B>({ next: (b) => b.meta.links?.next, endsWhen: "blank", limit: PER_PAGE, limitParam: "per_page" });

const plans = itemPages(plansPageSchema, { path: "/plans", query: { type: "all" }, items: (b) => b.plans, paging: vultrCursor() });
const metalPlans = itemPages(metalPlansPageSchema, { path: "/plans-metal", items: (b) => b.plans_metal, paging: vultrCursor() });

/** Every plan's price, read at most once per listing run and only once something needs pricing. */
function pricesOnce(pager: ItemPager<VultrCredentials, Plan>) {
  return (credentials: VultrCredentials, ctx: ProviderContext): (() => Promise<PlanPrices>) => {
    let pending: Promise<PlanPrices> | null = null;
    const load = async () => {
      const all: Plan[] = [];
      for await (const page of pager(credentials, ctx, null)) all.push(...page.items);
      return planPrices(all);
    };
    return () => (pending ??= load());
  };
}

const listInstances = listing(instancesPageSchema, {
  path: "/instances",
  items: (b) => b.instances,
  lookups: pricesOnce(plans),
  normalize: async (instance, prices) => normalizeInstance(instance, await prices()),
  paging: vultrCursor(),
});

const listBareMetals = listing(bareMetalsPageSchema, {
  path: "/bare-metals",
  items: (b) => b.bare_metals,
  lookups: pricesOnce(metalPlans),
  normalize: async (machine, prices) => normalizeBareMetal(machine, await prices()),
  paging: vultrCursor(),
});

/** Cloud instances, then bare metal: both are servers. Vultr's cursors are base64, never `metal` or `metal:…`. */
export const listServers = inSequence<VultrCredentials>([
  { name: "instances", list: listInstances },
  { name: "metal", list: listBareMetals },
]);

export const listBlocks = listing(blocksPageSchema, { path: "/blocks", items: (b) => b.blocks, normalize: normalizeBlock, paging: vultrCursor() });

export const listLoadBalancers = listing(loadBalancersPageSchema, {
  path: "/load-balancers",
  items: (b) => b.load_balancers,
  normalize: normalizeLoadBalancer,
  paging: vultrCursor(),
});

/** The one list without paging: no `per_page` or `cursor` parameter, and `meta` holds only `total`. */
export const listDatabases = listing(databasesPageSchema, {
  path: "/databases",
  items: (b) => b.databases,
  lookups: (credentials, ctx) => {
    let pending: Promise<PlanPrices> | null = null;
    return () => (pending ??= getJson(ctx, vultrHttp(credentials), joinUrl(ctx.baseUrl, "/databases/plans"), databasePlansSchema).then((r) => planPrices(r.data.plans)));
  },
  normalize: async (database, prices) => normalizeDatabase(database, await prices()),
  paging: singlePage(),
});

export const listObjectStorage = listing(objectStoragesPageSchema, {
  path: "/object-storage",
  items: (b) => b.object_storages,
  normalize: normalizeObjectStorage,
  paging: vultrCursor(),
});

const domains = itemPages(domainsPageSchema, { path: "/domains", items: (b) => b.domains, paging: vultrCursor() });

export const listDomains = listing(domainsPageSchema, { path: "/domains", items: (b) => b.domains, normalize: normalizeDomain, paging: vultrCursor() });

/** Each domain's records; a domain deleted since the domain list was read answers 404 and is passed over. */
export const listRecords = nested<VultrCredentials, Domain>({
  parents: domains,
  parentId: (d) => d.domain,
  children: (d) =>
    listing(recordsPageSchema, {
      path: `/domains/${encodeURIComponent(d.domain)}/records`,
      items: (b) => b.records,
      normalize: (record) => normalizeRecord(d.domain, record),
      paging: vultrCursor(),
    }),
});

export const listFirewallGroups = listing(firewallGroupsPageSchema, {
  path: "/firewalls",
  items: (b) => b.firewall_groups,
  normalize: normalizeFirewallGroup,
  paging: vultrCursor(),
});

export const listSnapshots = listing(snapshotsPageSchema, { path: "/snapshots", items: (b) => b.snapshots, normalize: normalizeSnapshot, paging: vultrCursor() });

export const listBackups = listing(backupsPageSchema, { path: "/backups", items: (b) => b.backups, normalize: normalizeBackup, paging: vultrCursor() });

export const listReservedIps = listing(reservedIpsPageSchema, {
  path: "/reserved-ips",
  items: (b) => b.reserved_ips,
  normalize: normalizeReservedIp,
  paging: vultrCursor(),
});

export const listVpcs = listing(vpcsPageSchema, { path: "/vpcs", items: (b) => b.vpcs, normalize: normalizeVpc, paging: vultrCursor() });

export const listKubernetesClusters = listing(kubernetesClustersPageSchema, {
  path: "/kubernetes/clusters",
  items: (b) => b.vke_clusters,
  lookups: pricesOnce(plans),
  normalize: async (cluster, prices) => normalizeKubernetesCluster(cluster, await prices()),
  paging: vultrCursor(),
});
