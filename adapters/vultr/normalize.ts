import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { BareMetal, Block, Database, DnsRecord, Domain, FirewallGroup, Instance, KubernetesCluster, LoadBalancer, ObjectStorage, ReservedIp, Snapshot, Vpc } from "./schemas";

const CONSOLE = "https://my.vultr.com";
/** Every Vultr price is in US dollars. */
const CURRENCY = "USD";
const cents = (usd: number) => Math.round(usd * 100);
const blank = (value: string | null | undefined) => (value === undefined || value === null || value === "" ? null : value);
/** Vultr's dates are ISO 8601 with an offset, or (databases) `2022-05-09 10:13:31` in UTC. */
function isoDate(value: string): string | null {
  const normalized = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
const statusOf = (table: Record<string, ResourceStatus>, word: string): ResourceStatus => table[word.toLowerCase()] ?? "unknown";

/** A plan's monthly price in cents, by plan id: what instances and bare metal are priced with. */
export type PlanPrices = ReadonlyMap<string, number>;

/**
 * One state from an instance's three words. `status` is the subscription (`pending` while it is created,
 * `suspended` by billing or abuse, `resizing`), `power_status` whether the machine is on, and
 * `server_status` how far the OS got (`none`, `installingbooting`, `locked` during an operation, `ok`).
 * Only an active, running machine whose OS reports `ok` is running.
 */
export function instanceState(status: string, powerStatus: string | null, serverStatus: string | null): ResourceStatus {
  const s = status.toLowerCase();
  if (s === "pending" || s === "resizing") return "starting";
  if (s === "suspended") return "inactive";
  if (s !== "active") return "unknown";
  const power = powerStatus?.toLowerCase() ?? null;
  if (power === "stopped") return "stopped";
  if (power !== null && power !== "running") return "unknown";
  const server = serverStatus?.toLowerCase() ?? null;
  if (server === null || server === "ok") return "running";
  // `installingbooting` in the spec; some clients describe `installing` and `booting` apart: tolerated.
  if (server === "none" || server === "installingbooting" || server === "installing" || server === "booting" || server === "locked") return "starting";
  return "unknown";
}

/** The three words as one provider status, in the order Vultr lists them: `active/running/ok`. */
export const instanceProviderStatus = (...words: (string | null | undefined)[]) => words.filter((w): w is string => typeof w === "string" && w !== "").join("/");

function priced(plan: string, prices: PlanPrices): { monthlyCostCents: number | null; currency: string | null } {
  const price = prices.get(plan);
  return price === undefined ? { monthlyCostCents: null, currency: null } : { monthlyCostCents: price, currency: CURRENCY };
}

export function planPrices(plans: readonly { id: string; monthly_cost: number }[]): Map<string, number> {
  return new Map(plans.map((p) => [p.id, cents(p.monthly_cost)]));
}

export function normalizeInstance(i: Instance, prices: PlanPrices): NormalizedResource {
  const ipv6 = blank(i.v6_main_ip) ?? blank(i.v6_networks?.[0]?.main_ip) ?? null;
  return {
    kind: "server",
    externalId: i.id,
    name: i.label || blank(i.hostname) || i.id,
    status: instanceState(i.status, i.power_status, i.server_status),
    providerStatus: instanceProviderStatus(i.status, i.power_status, i.server_status),
    region: i.region,
    url: `${CONSOLE}/subs/?id=${encodeURIComponent(i.id)}`,
    createdAt: isoDate(i.date_created),
    ...priced(i.plan, prices),
    attributes: {
      ipv4: blank(i.main_ip) === "0.0.0.0" ? null : blank(i.main_ip),
      ipv6,
      privateIpv4: blank(i.internal_ip),
      vcpus: i.vcpu_count ?? null,
      memoryMb: i.ram ?? null,
      diskGb: i.disk ?? null,
      image: blank(i.os),
      size: i.plan,
      tags: i.tags ?? [],
    },
  };
}

/** `"32768 MB"`, `"2x 240GB SSD"`: the leading number, where the text has one. */
function leadingInt(value: string | null | undefined): number | null {
  const match = value ? /^\s*(\d+)/.exec(value) : null;
  return match ? Number(match[1]) : null;
}

export function normalizeBareMetal(b: BareMetal, prices: PlanPrices): NormalizedResource {
  return {
    kind: "server",
    externalId: b.id,
    name: b.label || b.id,
    status: instanceState(b.status, blank(b.power_status), blank(b.server_status)),
    providerStatus: instanceProviderStatus(b.status, b.power_status, b.server_status),
    region: b.region,
    url: `${CONSOLE}/subs/?id=${encodeURIComponent(b.id)}`,
    createdAt: isoDate(b.date_created),
    ...priced(b.plan, prices),
    attributes: {
      ipv4: blank(b.main_ip),
      ipv6: blank(b.v6_main_ip),
      privateIpv4: null,
      vcpus: b.cpu_count ?? null,
      memoryMb: leadingInt(b.ram),
      // "2x 240GB SSD" is two disks; the text is kept as the size, the count would mislead as GB.
      diskGb: null,
      image: blank(b.os),
      size: b.plan,
      tags: b.tags ?? [],
    },
  };
}

// The spec lists only `active` for block storage and load balancers; its own block example shows `pending`.
const BLOCK_STATUS: Record<string, ResourceStatus> = { active: "active", pending: "starting" };

export function normalizeBlock(b: Block): NormalizedResource {
  const attached = blank(b.attached_to_instance);
  return {
    kind: "block_volume",
    externalId: b.id,
    name: b.label || b.id,
    status: statusOf(BLOCK_STATUS, b.status),
    providerStatus: b.status,
    region: b.region,
    url: `${CONSOLE}/blockstorage/manage/?id=${encodeURIComponent(b.id)}`,
    createdAt: isoDate(b.date_created),
    monthlyCostCents: b.cost === undefined || b.cost === null ? null : cents(b.cost),
    currency: b.cost === undefined || b.cost === null ? null : CURRENCY,
    attributes: { sizeGb: b.size_gb, attachedTo: attached ? [attached] : [], filesystem: null, description: blank(b.mount_id) },
  };
}

const LB_STATUS: Record<string, ResourceStatus> = { active: "active", pending: "starting" };

export function normalizeLoadBalancer(lb: LoadBalancer): NormalizedResource {
  return {
    kind: "load_balancer",
    externalId: lb.id,
    name: lb.label || lb.id,
    status: statusOf(LB_STATUS, lb.status),
    providerStatus: lb.status,
    region: lb.region,
    url: `${CONSOLE}/loadbalancers/manage/?id=${encodeURIComponent(lb.id)}`,
    createdAt: isoDate(lb.date_created),
    // Priced per node on Vultr's pricing page, not in the API.
    monthlyCostCents: null,
    currency: null,
    attributes: {
      ipv4: blank(lb.ipv4),
      ipv6: blank(lb.ipv6),
      algorithm: blank(lb.generic_info?.balancing_algorithm),
      type: null,
      targets: lb.instances ?? [],
    },
  };
}

// Capitalised in the spec; compared case-insensitively. Rebalancing keeps serving while nodes move.
const DATABASE_STATUS: Record<string, ResourceStatus> = { running: "running", rebalancing: "running", rebuilding: "starting" };

/** Priced by its plan (`GET /databases/plans`), which already counts the plan's nodes. */
export function normalizeDatabase(d: Database, prices: PlanPrices): NormalizedResource {
  return {
    kind: "database",
    externalId: d.id,
    name: d.label || d.id,
    status: statusOf(DATABASE_STATUS, d.status),
    providerStatus: d.status,
    region: d.region.toLowerCase(),
    url: `${CONSOLE}/databases/manage/?id=${encodeURIComponent(d.id)}`,
    createdAt: isoDate(d.date_created),
    ...(d.plan ? priced(d.plan, prices) : { monthlyCostCents: null, currency: null }),
    attributes: {
      engine: d.database_engine,
      version: d.database_engine_version ?? null,
      nodes: d.plan_replicas === undefined || d.plan_replicas === null ? null : d.plan_replicas + 1,
      size: d.plan ?? null,
      storageMb: d.plan_disk === undefined || d.plan_disk === null ? null : d.plan_disk * 1024,
    },
  };
}

const STORAGE_STATUS: Record<string, ResourceStatus> = { active: "active", pending: "starting" };

/** One Object Storage subscription: the S3 API holds its buckets, the REST API only the subscription. */
export function normalizeObjectStorage(o: ObjectStorage): NormalizedResource {
  return {
    kind: "bucket",
    externalId: o.id,
    name: o.label || blank(o.s3_hostname) || o.id,
    status: statusOf(STORAGE_STATUS, o.status),
    providerStatus: o.status,
    region: o.region,
    url: `${CONSOLE}/objectstorage/manage/?id=${encodeURIComponent(o.id)}`,
    createdAt: isoDate(o.date_created),
    monthlyCostCents: null,
    currency: null,
    attributes: { storageBytes: null, objectCount: null },
  };
}

/** A domain has no status in the API: one that is listed is served. */
export function normalizeDomain(d: Domain): NormalizedResource {
  return {
    kind: "domain",
    externalId: d.domain,
    name: d.domain,
    status: "active",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/dns/records/?domain=${encodeURIComponent(d.domain)}`,
    createdAt: isoDate(d.date_created),
    monthlyCostCents: null,
    currency: null,
    attributes: { expiresAt: null, nameservers: [], ttl: null },
  };
}

export function normalizeRecord(domain: string, r: DnsRecord): NormalizedResource {
  // Vultr names the zone's apex `""`; shown as `@` as in zone files.
  const recordName = r.name === "" ? "@" : r.name;
  return {
    kind: "dns_record",
    externalId: r.id,
    name: `${recordName} ${r.type}`,
    status: "active",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/dns/records/?domain=${encodeURIComponent(domain)}`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    parentExternalId: domain,
    attributes: { domain, type: r.type, recordName, data: r.data, ttl: r.ttl ?? null, priority: r.priority ?? null },
  };
}

/** A firewall group's rules all filter inbound traffic; outbound is not filtered by Vultr firewalls. */
export function normalizeFirewallGroup(f: FirewallGroup): NormalizedResource {
  return {
    kind: "firewall",
    externalId: f.id,
    name: f.description || f.id,
    status: "active",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/firewall/edit/?id=${encodeURIComponent(f.id)}`,
    createdAt: isoDate(f.date_created),
    monthlyCostCents: null,
    currency: null,
    attributes: { inboundRules: f.rule_count ?? null, outboundRules: null, attachedTo: [], appliesToTags: [] },
  };
}

const SNAPSHOT_STATUS: Record<string, ResourceStatus> = { pending: "starting", complete: "active", deleted: "inactive" };
const gigabytes = (bytes: number | null | undefined) => (bytes === undefined || bytes === null ? null : Math.round((bytes / 1024 ** 3) * 100) / 100);

export function normalizeSnapshot(s: Snapshot): NormalizedResource {
  return {
    kind: "snapshot",
    externalId: s.id,
    name: s.description || s.id,
    status: statusOf(SNAPSHOT_STATUS, s.status),
    providerStatus: s.status,
    region: null,
    url: `${CONSOLE}/snapshots/`,
    createdAt: isoDate(s.date_created),
    monthlyCostCents: null,
    currency: null,
    attributes: { source: null, sizeGb: gigabytes(s.size), type: "server" },
  };
}

const BACKUP_STATUS: Record<string, ResourceStatus> = { pending: "starting", complete: "active" };

/** The listing does not say which instance a backup is of (only a filter by `instance_id` exists). */
export function normalizeBackup(b: Snapshot): NormalizedResource {
  return {
    kind: "backup",
    externalId: b.id,
    name: b.description || b.id,
    status: statusOf(BACKUP_STATUS, b.status),
    providerStatus: b.status,
    region: null,
    url: `${CONSOLE}/backups/`,
    createdAt: isoDate(b.date_created),
    monthlyCostCents: null,
    currency: null,
    attributes: { source: null, sizeGb: gigabytes(b.size), type: "server" },
  };
}

export function normalizeReservedIp(ip: ReservedIp): NormalizedResource {
  const v6 = ip.ip_type.toLowerCase() === "v6";
  const address = v6 && ip.subnet_size ? `${ip.subnet}/${ip.subnet_size}` : ip.subnet;
  return {
    kind: "ip_address",
    externalId: ip.id,
    name: blank(ip.label) ?? address,
    status: "active",
    providerStatus: null,
    region: ip.region,
    url: `${CONSOLE}/network/reservedips/`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    attributes: { ip: address, family: v6 ? "ipv6" : "ipv4", assignedTo: blank(ip.instance_id), blocked: null },
  };
}

export function normalizeVpc(v: Vpc): NormalizedResource {
  const subnet = blank(v.v4_subnet);
  return {
    kind: "network",
    externalId: v.id,
    name: blank(v.description) ?? v.id,
    status: "active",
    providerStatus: null,
    region: v.region,
    url: `${CONSOLE}/network/vpc/manage/?id=${encodeURIComponent(v.id)}`,
    createdAt: isoDate(v.date_created),
    monthlyCostCents: null,
    currency: null,
    attributes: { ipRange: subnet && v.v4_subnet_mask ? `${subnet}/${v.v4_subnet_mask}` : subnet, attachedCount: null, isDefault: null, description: blank(v.description) },
  };
}

const CLUSTER_STATUS: Record<string, ResourceStatus> = { pending: "starting", active: "running" };

/** Priced by its node pools' plans, where every plan is known (the control plane is free unless HA). */
export function normalizeKubernetesCluster(k: KubernetesCluster, prices: PlanPrices): NormalizedResource {
  const pools = k.node_pools ?? [];
  const poolCosts = pools.map((p) => (p.plan ? prices.get(p.plan) : undefined));
  const known = pools.length > 0 && poolCosts.every((c) => c !== undefined) && !k.ha_controlplanes;
  const total = known ? pools.reduce((sum, p, i) => sum + (poolCosts[i] ?? 0) * (p.node_quantity ?? 0), 0) : null;
  return {
    kind: "kubernetes_cluster",
    externalId: k.id,
    name: k.label || k.id,
    status: statusOf(CLUSTER_STATUS, k.status),
    providerStatus: k.status,
    region: k.region,
    url: `${CONSOLE}/kubernetes/manage/?id=${encodeURIComponent(k.id)}`,
    createdAt: isoDate(k.date_created),
    monthlyCostCents: total,
    currency: total === null ? null : CURRENCY,
    attributes: {
      version: blank(k.version),
      nodeCount: pools.length === 0 ? null : pools.reduce((sum, p) => sum + (p.node_quantity ?? 0), 0),
      nodePools: pools.map((p) => ({ name: p.label, size: blank(p.plan), count: p.node_quantity ?? null, autoscale: p.auto_scaler ?? null })),
      endpoint: blank(k.endpoint),
      highAvailability: k.ha_controlplanes ?? null,
    },
  };
}
