import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { Database, Domain, DomainRecord, Droplet, LoadBalancer, Volume } from "./schemas";

const CONSOLE = "https://cloud.digitalocean.com";
const cents = (usd: number) => Math.round(usd * 100);

const DROPLET_STATUS: Record<Droplet["status"], ResourceStatus> = { new: "starting", active: "running", off: "stopped", archive: "inactive" };
const DATABASE_STATUS: Record<string, ResourceStatus> = { online: "running", creating: "starting", resizing: "starting", migrating: "starting", forking: "starting" };
const LB_STATUS: Record<LoadBalancer["status"], ResourceStatus> = { new: "starting", active: "active", errored: "error" };

export function normalizeDroplet(d: Droplet): NormalizedResource {
  const image = d.image ? [d.image.distribution, d.image.name].filter(Boolean).join(" ") || d.image.slug || null : null;
  return {
    kind: "server",
    externalId: String(d.id),
    name: d.name,
    status: DROPLET_STATUS[d.status],
    providerStatus: d.status,
    region: d.region.slug,
    url: `${CONSOLE}/droplets/${d.id}`,
    createdAt: d.created_at,
    monthlyCostCents: d.size ? cents(d.size.price_monthly) : null,
    currency: d.size ? "USD" : null,
    attributes: {
      ipv4: d.networks.v4.find((n) => n.type === "public")?.ip_address ?? null,
      ipv6: d.networks.v6.find((n) => n.type === "public")?.ip_address ?? null,
      privateIpv4: d.networks.v4.find((n) => n.type === "private")?.ip_address ?? null,
      vcpus: d.vcpus,
      memoryMb: d.memory,
      diskGb: d.disk,
      image,
      size: d.size_slug,
      tags: d.tags,
    },
  };
}

export function normalizeVolume(v: Volume): NormalizedResource {
  const attached = v.droplet_ids ?? [];
  return {
    kind: "block_volume",
    externalId: v.id,
    name: v.name,
    status: attached.length > 0 ? "active" : "inactive",
    providerStatus: attached.length > 0 ? "attached" : "detached",
    region: v.region.slug,
    url: `${CONSOLE}/volumes/${v.id}`,
    createdAt: v.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: { sizeGb: v.size_gigabytes, attachedTo: attached.map(String), filesystem: v.filesystem_type ?? null, description: v.description ?? null },
  };
}

/** Nameservers are read from the zone file's NS records at the apex, when the API includes it. */
function apexNameservers(domain: Domain): string[] {
  if (!domain.zone_file) return [];
  const apex = `${domain.name}.`;
  return domain.zone_file
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts[0] === apex && parts.includes("NS"))
    .map((parts) => parts[parts.length - 1]!.replace(/\.$/, ""));
}

export function normalizeDomain(d: Domain): NormalizedResource {
  return {
    kind: "domain",
    externalId: d.name,
    name: d.name,
    status: "active",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/networking/domains/${d.name}`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    attributes: { expiresAt: null, nameservers: apexNameservers(d), ttl: d.ttl ?? null },
  };
}

export function normalizeDomainRecord(domain: string, r: DomainRecord): NormalizedResource {
  const host = r.name === "@" ? domain : `${r.name}.${domain}`;
  return {
    kind: "dns_record",
    externalId: `${domain}/${r.id}`,
    name: `${r.type} ${host}`,
    status: "active",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/networking/domains/${domain}`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    // The record belongs to its domain, whose external id is the domain's name. DigitalOcean keeps names in
    // lower case; lowercasing here too keeps the link, and the rows migration 0006 backfilled with lower(),
    // the same should a path ever spell a name otherwise (DNS names are case-blind).
    parentExternalId: domain.toLowerCase(),
    attributes: { domain, type: r.type, recordName: r.name, data: r.data, ttl: r.ttl ?? null, priority: r.priority ?? null },
  };
}

export function normalizeDatabase(d: Database): NormalizedResource {
  return {
    kind: "database",
    externalId: d.id,
    name: d.name,
    status: DATABASE_STATUS[d.status] ?? "unknown",
    providerStatus: d.status,
    region: d.region,
    url: `${CONSOLE}/databases/${d.id}`,
    createdAt: d.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: { engine: d.engine, version: d.version ?? null, nodes: d.num_nodes ?? null, size: d.size ?? null, storageMb: d.storage_size_mib != null ? Math.round(d.storage_size_mib * 1.048576) : null },
  };
}

export function normalizeLoadBalancer(lb: LoadBalancer): NormalizedResource {
  return {
    kind: "load_balancer",
    externalId: lb.id,
    name: lb.name,
    status: LB_STATUS[lb.status],
    providerStatus: lb.status,
    region: lb.region.slug,
    url: `${CONSOLE}/networking/load_balancers/${lb.id}`,
    createdAt: lb.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: { ipv4: lb.ip || null, ipv6: lb.ipv6 || null, algorithm: lb.algorithm ?? null, type: lb.type ?? lb.size ?? null, targets: lb.droplet_ids.map(String) },
  };
}
