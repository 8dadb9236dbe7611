import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { Backup, Bucket, Database, Domain, DomainRecord, Firewall, Image, Instance, LinodeType, LkeCluster, NodeBalancer, Volume, Vpc } from "./schemas";

const CONSOLE = "https://cloud.linode.com";
const cents = (usd: number) => Math.round(usd * 100);

/** Linode writes UTC timestamps without a zone (`2018-01-01T00:01:01`); stored with one, so nobody reads them as local. */
export function utc(value: string | null | undefined): string | null {
  if (!value) return null;
  return /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
}

/** A word the provider adds later is `unknown`, its own word still kept as providerStatus. */
const statusOf = (table: Record<string, ResourceStatus>, word: string): ResourceStatus => table[word] ?? "unknown";

/** Every instance status of the spec. `busy` and the other verbs in -ing are operations under way. */
export const INSTANCE_STATUS: Record<string, ResourceStatus> = {
  running: "running",
  offline: "stopped",
  stopped: "stopped",
  shutting_down: "stopped",
  booting: "starting",
  rebooting: "starting",
  provisioning: "starting",
  busy: "starting",
  migrating: "starting",
  rebuilding: "starting",
  cloning: "starting",
  restoring: "starting",
  deleting: "inactive",
  // Suspended for an unpaid bill: it exists but cannot run.
  billing_suspension: "inactive",
};
export const VOLUME_STATUS: Record<string, ResourceStatus> = { creating: "starting", active: "active", resizing: "starting", key_rotating: "starting", contact_support: "error" };
// `edit_mode` and `has_errors` are words of older spec versions, kept so such a domain is not `unknown`.
export const DOMAIN_STATUS: Record<string, ResourceStatus> = { active: "active", disabled: "inactive", edit_mode: "starting", has_errors: "error" };
export const DATABASE_STATUS: Record<string, ResourceStatus> = {
  provisioning: "starting",
  active: "running",
  suspending: "stopped",
  suspended: "stopped",
  resuming: "starting",
  restoring: "starting",
  failed: "error",
  degraded: "error",
  updating: "starting",
  // Still serving while it is backed up.
  backing_up: "running",
  migrating: "starting",
  resizing: "starting",
};
export const FIREWALL_STATUS: Record<string, ResourceStatus> = { enabled: "active", disabled: "inactive", deleted: "inactive" };
export const IMAGE_STATUS: Record<string, ResourceStatus> = { creating: "starting", pending_upload: "starting", available: "active" };
export const BACKUP_STATUS: Record<string, ResourceStatus> = {
  pending: "starting",
  running: "starting",
  needsPostProcessing: "starting",
  successful: "active",
  failed: "error",
  userAborted: "stopped",
  paused: "inactive",
};
export const LKE_STATUS: Record<string, ResourceStatus> = { ready: "running", not_ready: "starting" };

/**
 * A plan's monthly price in the instance's region: the region's entry in `region_prices` where there is one
 * (some regions cost more), else the plan's default price. USD.
 */
export function monthlyPrice(type: LinodeType | undefined, region: string | null | undefined): number | null {
  if (!type) return null;
  const regional = region ? type.region_prices?.find((p) => p.id === region)?.monthly : undefined;
  return regional ?? type.price?.monthly ?? null;
}

const isIpv4Private = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);

export function normalizeInstance(i: Instance, types: ReadonlyMap<string, LinodeType>): NormalizedResource {
  const price = i.type ? monthlyPrice(types.get(i.type), i.region) : null;
  const ipv4 = i.ipv4 ?? [];
  const image = typeof i.image === "string" ? i.image : (i.image?.id ?? i.image?.label ?? null);
  return {
    kind: "server",
    externalId: String(i.id),
    name: i.label,
    status: statusOf(INSTANCE_STATUS, i.status),
    providerStatus: i.status,
    region: i.region ?? null,
    url: `${CONSOLE}/linodes/${i.id}`,
    createdAt: utc(i.created),
    monthlyCostCents: price === null ? null : cents(price),
    currency: price === null ? null : "USD",
    attributes: {
      ipv4: ipv4.find((ip) => !isIpv4Private(ip)) ?? null,
      // The SLAAC address, written with its /128.
      ipv6: i.ipv6 ? i.ipv6.replace(/\/128$/, "") : null,
      privateIpv4: ipv4.find(isIpv4Private) ?? null,
      vcpus: i.specs?.vcpus ?? null,
      memoryMb: i.specs?.memory ?? null,
      diskGb: i.specs?.disk != null ? Math.round(i.specs.disk / 1024) : null,
      image,
      size: i.type ?? null,
      tags: i.tags,
    },
  };
}

/** Volumes are priced per GB a month (`/volumes/types`), in the volume's region where it has its own rate. */
export function normalizeVolume(v: Volume, prices?: LinodeType): NormalizedResource {
  const perGb = monthlyPrice(prices, v.region);
  const price = perGb !== null && v.size != null ? perGb * v.size : null;
  return {
    kind: "block_volume",
    externalId: String(v.id),
    name: v.label,
    status: statusOf(VOLUME_STATUS, v.status),
    providerStatus: v.status,
    region: v.region ?? null,
    url: `${CONSOLE}/volumes/${v.id}`,
    createdAt: utc(v.created),
    monthlyCostCents: price === null ? null : cents(price),
    currency: price === null ? null : "USD",
    attributes: {
      sizeGb: v.size ?? null,
      attachedTo: v.linode_id != null ? [v.linode_label ?? String(v.linode_id)] : [],
      filesystem: v.filesystem_path ?? null,
      description: null,
    },
  };
}

/** NodeBalancers have no status: one that is listed is serving. */
export function normalizeNodeBalancer(n: NodeBalancer, prices?: LinodeType): NormalizedResource {
  const price = monthlyPrice(prices, n.region);
  return {
    kind: "load_balancer",
    externalId: String(n.id),
    name: n.label,
    status: "active",
    providerStatus: null,
    region: n.region ?? null,
    url: `${CONSOLE}/nodebalancers/${n.id}`,
    createdAt: utc(n.created),
    monthlyCostCents: price === null ? null : cents(price),
    currency: price === null ? null : "USD",
    attributes: { ipv4: n.ipv4 ?? null, ipv6: n.ipv6 ?? null, algorithm: null, type: "nodebalancer", targets: [] },
  };
}

export function normalizeDomain(d: Domain): NormalizedResource {
  return {
    kind: "domain",
    externalId: String(d.id),
    name: d.domain,
    status: statusOf(DOMAIN_STATUS, d.status),
    providerStatus: d.status,
    region: null,
    url: `${CONSOLE}/domains/${d.id}`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    // A secondary (`slave`) zone names the primaries it transfers from; Linode's own nameservers serve both.
    attributes: { expiresAt: null, nameservers: d.type === "slave" ? (d.master_ips ?? []) : ["ns1.linode.com", "ns2.linode.com", "ns3.linode.com", "ns4.linode.com", "ns5.linode.com"], ttl: d.ttl_sec ?? null },
  };
}

export function normalizeDomainRecord(domain: Domain, r: DomainRecord): NormalizedResource {
  return {
    kind: "dns_record",
    externalId: `${domain.id}/${r.id}`,
    name: r.name ? `${r.name}.${domain.domain}` : domain.domain,
    status: "active",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/domains/${domain.id}`,
    createdAt: utc(r.created),
    monthlyCostCents: null,
    currency: null,
    parentExternalId: String(domain.id),
    attributes: { domain: domain.domain, type: r.type, recordName: r.name || "@", data: r.target, ttl: r.ttl_sec ?? null, priority: r.type === "MX" || r.type === "SRV" ? (r.priority ?? null) : null },
  };
}

export function normalizeDatabase(d: Database): NormalizedResource {
  return {
    kind: "database",
    externalId: `${d.engine}/${d.id}`,
    name: d.label,
    status: statusOf(DATABASE_STATUS, d.status),
    providerStatus: d.status,
    region: d.region ?? null,
    url: `${CONSOLE}/databases/${d.engine}/${d.id}`,
    createdAt: utc(d.created),
    monthlyCostCents: null,
    currency: null,
    attributes: { engine: d.engine, version: d.version ?? null, nodes: d.cluster_size ?? null, size: d.type ?? null, storageMb: null },
  };
}

/** A bucket's label is unique per region (its older `cluster`), so both make its id. */
export function normalizeBucket(b: Bucket): NormalizedResource {
  const where = b.region ?? b.cluster ?? "";
  return {
    kind: "bucket",
    externalId: `${where}/${b.label}`,
    name: b.label,
    status: "active",
    providerStatus: null,
    region: b.region ?? b.cluster ?? null,
    url: `${CONSOLE}/object-storage/buckets/${where}/${b.label}`,
    createdAt: utc(b.created),
    monthlyCostCents: null,
    currency: null,
    attributes: { storageBytes: b.size ?? null, objectCount: b.objects ?? null },
  };
}

export function normalizeFirewall(f: Firewall): NormalizedResource {
  return {
    kind: "firewall",
    externalId: String(f.id),
    name: f.label,
    status: statusOf(FIREWALL_STATUS, f.status),
    providerStatus: f.status,
    region: null,
    url: `${CONSOLE}/firewalls/${f.id}`,
    createdAt: utc(f.created),
    monthlyCostCents: null,
    currency: null,
    attributes: {
      inboundRules: f.rules?.inbound?.length ?? null,
      outboundRules: f.rules?.outbound?.length ?? null,
      attachedTo: (f.entities ?? []).map((e) => e.label ?? `${e.type ?? "entity"} ${e.id}`),
      appliesToTags: [],
    },
  };
}

export function normalizeVpc(v: Vpc): NormalizedResource {
  const subnets = v.subnets ?? [];
  return {
    kind: "network",
    externalId: String(v.id),
    name: v.label,
    status: "active",
    providerStatus: null,
    region: v.region ?? null,
    url: `${CONSOLE}/vpcs/${v.id}`,
    createdAt: utc(v.created),
    monthlyCostCents: null,
    currency: null,
    attributes: {
      ipRange: subnets.map((s) => s.ipv4).filter(Boolean).join(", ") || null,
      attachedCount: subnets.reduce((n, s) => n + (s.linodes?.length ?? 0), 0),
      isDefault: false,
      description: v.description || null,
    },
  };
}

export function normalizeLkeCluster(k: LkeCluster): NormalizedResource {
  return {
    kind: "kubernetes_cluster",
    externalId: String(k.id),
    name: k.label,
    status: k.status ? statusOf(LKE_STATUS, k.status) : "unknown",
    providerStatus: k.status ?? null,
    region: k.region ?? null,
    url: `${CONSOLE}/kubernetes/clusters/${k.id}/summary`,
    createdAt: utc(k.created),
    monthlyCostCents: null,
    currency: null,
    attributes: { version: k.k8s_version ?? null, nodeCount: null, nodePools: [], endpoint: null, highAvailability: k.control_plane?.high_availability ?? null },
  };
}

/** The account's own images (`private/…`): what Linode calls a captured image of a disk, our snapshot. */
export function normalizeImage(i: Image): NormalizedResource {
  return {
    kind: "snapshot",
    externalId: i.id,
    name: i.label ?? i.id,
    status: statusOf(IMAGE_STATUS, i.status),
    providerStatus: i.status,
    region: i.regions?.[0]?.region ?? null,
    url: `${CONSOLE}/images`,
    createdAt: utc(i.created),
    monthlyCostCents: null,
    currency: null,
    attributes: {
      source: i.created_by ?? null,
      // `total_size` is bytes over every region; `size` the MB a deploy needs.
      sizeGb: i.total_size != null ? Math.round((i.total_size / 1024 ** 3) * 100) / 100 : i.size != null ? Math.round((i.size / 1024) * 100) / 100 : null,
      type: i.type ?? null,
    },
  };
}

export function normalizeBackup(instance: { id: number; label: string; region?: string | null }, b: Backup): NormalizedResource {
  const diskMb = (b.disks ?? []).reduce((n, d) => n + (d.size ?? 0), 0);
  return {
    kind: "backup",
    externalId: `${instance.id}/${b.id}`,
    name: b.label || `${instance.label} ${b.type ?? "backup"} ${b.id}`,
    status: statusOf(BACKUP_STATUS, b.status),
    providerStatus: b.status,
    region: instance.region ?? null,
    url: `${CONSOLE}/linodes/${instance.id}/backup`,
    createdAt: utc(b.created),
    monthlyCostCents: null,
    currency: null,
    parentExternalId: String(instance.id),
    attributes: { source: instance.label, sizeGb: diskMb > 0 ? Math.round((diskMb / 1024) * 100) / 100 : null, type: b.type ?? null },
  };
}
