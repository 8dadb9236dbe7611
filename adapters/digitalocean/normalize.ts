import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { App, AppComponent, AppDeployment, CdnEndpoint, Certificate, Database, Domain, DomainRecord, Droplet, Firewall, Image, LoadBalancer, ReservedIp, ReservedIpv6, Snapshot, UptimeCheck, Volume, Vpc } from "./schemas";
import type { KubernetesCluster } from "./schemas";

const CONSOLE = "https://cloud.digitalocean.com";
const cents = (usd: number) => Math.round(usd * 100);

const DROPLET_STATUS: Record<Droplet["status"], ResourceStatus> = { new: "starting", active: "running", off: "stopped", archive: "inactive" };
const DATABASE_STATUS: Record<string, ResourceStatus> = { online: "running", creating: "starting", resizing: "starting", migrating: "starting", forking: "starting" };
// A firewall's status is that of its last change reaching the droplets: pending, applied, or not applied.
const FIREWALL_STATUS: Record<Firewall["status"], ResourceStatus> = { waiting: "starting", succeeded: "active", failed: "error" };
const CERTIFICATE_STATUS: Record<Certificate["state"], ResourceStatus> = { pending: "starting", verified: "active", error: "error" };
// `degraded`: the control plane answers but part of the cluster does not — something to look at, like an error.
const KUBERNETES_STATUS: Record<KubernetesCluster["status"]["state"], ResourceStatus> = {
  running: "running",
  provisioning: "starting",
  upgrading: "starting",
  degraded: "error",
  error: "error",
  deleting: "inactive",
  deleted: "inactive",
};
const DEPLOYMENT_STATUS: Record<AppDeployment["phase"], ResourceStatus> = {
  UNKNOWN: "unknown",
  PENDING_BUILD: "starting",
  BUILDING: "starting",
  PENDING_DEPLOY: "starting",
  DEPLOYING: "starting",
  ACTIVE: "active",
  SUPERSEDED: "inactive",
  ERROR: "error",
  CANCELED: "stopped",
};
// An image's own state: `NEW` and `pending` while it is being made or imported, `retired`/`deleted` once it can no longer be used.
const IMAGE_STATUS: Record<NonNullable<Image["status"]>, ResourceStatus> = { NEW: "starting", pending: "starting", available: "active", deleted: "inactive", retired: "inactive" };
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

export function normalizeFirewall(f: Firewall): NormalizedResource {
  return {
    kind: "firewall",
    externalId: f.id,
    name: f.name,
    status: FIREWALL_STATUS[f.status],
    providerStatus: f.status,
    // Cloud firewalls are global: they follow their droplets into any region.
    region: null,
    url: `${CONSOLE}/networking/firewalls/${f.id}/rules`,
    createdAt: f.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: {
      inboundRules: f.inbound_rules?.length ?? 0,
      outboundRules: f.outbound_rules?.length ?? 0,
      attachedTo: (f.droplet_ids ?? []).map(String),
      appliesToTags: f.tags ?? [],
    },
  };
}

export function normalizeSnapshot(s: Snapshot): NormalizedResource {
  const ofDroplet = s.resource_type === "droplet";
  return {
    kind: "snapshot",
    externalId: s.id,
    name: s.name,
    // The API gives a snapshot no state: listed means usable.
    status: "active",
    providerStatus: null,
    region: s.regions[0] ?? null,
    url: `${CONSOLE}/images/snapshots/${ofDroplet ? "droplets" : "volumes"}`,
    createdAt: s.created_at,
    // Snapshots are billed per GB-month, but the API states no price for them.
    monthlyCostCents: null,
    currency: null,
    // A snapshot's parent kind is a server: a volume's snapshot names its volume as the source only.
    ...(ofDroplet ? { parentExternalId: s.resource_id } : {}),
    attributes: { source: s.resource_id, sizeGb: s.size_gigabytes ?? null, type: s.resource_type },
  };
}

/**
 * A backup image belongs to the droplet whose `backup_ids` hold it. `dropletId` is null for one no listed
 * droplet claims (its droplet was destroyed while the listing ran): it is still a backup the account holds.
 */
export function normalizeBackup(image: Image, dropletId: number | null): NormalizedResource {
  return {
    kind: "backup",
    externalId: String(image.id),
    name: image.name,
    status: image.status ? IMAGE_STATUS[image.status] : "active",
    providerStatus: image.status ?? null,
    region: image.regions[0] ?? null,
    url: dropletId !== null ? `${CONSOLE}/droplets/${dropletId}/backups` : `${CONSOLE}/images/backups`,
    createdAt: image.created_at,
    // Backups cost a share of their droplet's price, which the image does not state.
    monthlyCostCents: null,
    currency: null,
    ...(dropletId !== null ? { parentExternalId: String(dropletId) } : {}),
    attributes: { source: dropletId !== null ? String(dropletId) : null, sizeGb: image.size_gigabytes ?? null, type: image.type },
  };
}

export function normalizeVpc(v: Vpc): NormalizedResource {
  return {
    kind: "network",
    externalId: v.id,
    name: v.name,
    // The API gives a VPC no state: listed means usable.
    status: "active",
    providerStatus: null,
    region: v.region,
    url: `${CONSOLE}/networking/vpc/${v.id}`,
    createdAt: v.created_at,
    monthlyCostCents: null,
    currency: null,
    // How many resources it holds is `/v2/vpcs/{id}/members`, one request per VPC: not worth a sync's budget.
    attributes: { ipRange: v.ip_range ?? null, attachedCount: null, isDefault: v.default ?? null, description: v.description || null },
  };
}

/** A reserved address is in use while a droplet holds it; an unassigned one is idle (and billed). */
function reservedAddress(ip: string, family: "ipv4" | "ipv6", region: string, dropletId: number | null, createdAt: string | null): NormalizedResource {
  return {
    kind: "ip_address",
    // An address is reserved once at a time; the API itself names it by the address.
    externalId: ip,
    name: ip,
    status: dropletId !== null ? "active" : "inactive",
    providerStatus: dropletId !== null ? "assigned" : "unassigned",
    region,
    url: `${CONSOLE}/networking/reserved_ips`,
    createdAt,
    monthlyCostCents: null,
    currency: null,
    attributes: { ip, family, assignedTo: dropletId !== null ? String(dropletId) : null, blocked: null },
  };
}

export const normalizeReservedIp = (r: ReservedIp) => reservedAddress(r.ip, "ipv4", r.region.slug, r.droplet?.id ?? null, null);
export const normalizeReservedIpv6 = (r: ReservedIpv6) => reservedAddress(r.ip, "ipv6", r.region_slug, r.droplet?.id ?? null, r.reserved_at ?? null);

export function normalizeCertificate(c: Certificate): NormalizedResource {
  return {
    kind: "certificate",
    externalId: c.id,
    name: c.name,
    status: CERTIFICATE_STATUS[c.state],
    providerStatus: c.state,
    region: null,
    url: `${CONSOLE}/account/security`,
    createdAt: c.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: {
      // An uploaded certificate may list no names (the spec's own example has `[""]`).
      domains: (c.dns_names ?? []).filter((n) => n !== ""),
      expiresAt: c.not_after ?? null,
      type: c.type === "lets_encrypt" ? "managed" : "uploaded",
      issuer: c.type === "lets_encrypt" ? "Let's Encrypt" : null,
    },
  };
}

export function normalizeKubernetesCluster(k: KubernetesCluster): NormalizedResource {
  const nodePools = k.node_pools.map((p) => ({ name: p.name, size: p.size ?? null, count: p.count ?? null, autoscale: p.auto_scale ?? null }));
  return {
    kind: "kubernetes_cluster",
    externalId: k.id,
    name: k.name,
    status: KUBERNETES_STATUS[k.status.state],
    providerStatus: k.status.state,
    region: k.region,
    url: `${CONSOLE}/kubernetes/clusters/${k.id}`,
    createdAt: k.created_at,
    // The cluster costs what its nodes' droplet sizes cost, which the cluster object does not state.
    monthlyCostCents: null,
    currency: null,
    attributes: {
      version: k.version ?? null,
      nodeCount: nodePools.reduce((sum, p) => sum + (p.count ?? 0), 0),
      nodePools,
      endpoint: k.endpoint || null,
      highAvailability: k.ha ?? null,
    },
  };
}

/** The components that run code, in the spec's order; the first one with a source names the app's repository. */
function appComponents(app: App): AppComponent[] {
  return [...(app.spec.services ?? []), ...(app.spec.static_sites ?? []), ...(app.spec.workers ?? []), ...(app.spec.jobs ?? [])];
}

function appSource(app: App): { repository: string | null; branch: string | null } {
  for (const component of appComponents(app)) {
    const source = component.github ?? component.gitlab ?? component.bitbucket ?? component.git;
    if (source) return { repository: source.repo ?? source.repo_clone_url ?? null, branch: source.branch ?? null };
  }
  return { repository: null, branch: null };
}

/**
 * An app has no status of its own: it is what its deployments make it. One on its way makes it `starting`;
 * otherwise it runs while it has a live deployment; an app whose first deployment never went live is unknown.
 */
export function normalizeApp(app: App): NormalizedResource {
  const next = app.in_progress_deployment ?? app.pending_deployment;
  // The spec's own example names the live deployment as pending too: that one is not on its way, it is there.
  const rolling = next && next.id !== app.active_deployment?.id ? next : null;
  const phase = rolling?.phase ?? app.active_deployment?.phase ?? null;
  let status: ResourceStatus = "unknown";
  if (rolling) status = phase === "ERROR" ? "error" : "starting";
  else if (app.active_deployment) status = "running";
  return {
    kind: "web_service",
    externalId: app.id,
    name: app.spec.name,
    status,
    providerStatus: phase,
    region: app.region?.slug ?? null,
    url: `${CONSOLE}/apps/${app.id}`,
    createdAt: app.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: { framework: appComponents(app)[0]?.environment_slug ?? null, ...appSource(app) },
  };
}

/** A deployment belongs to its app: the app's id is its parent. */
export function normalizeAppDeployment(app: App, d: AppDeployment): NormalizedResource {
  const source = appSource(app);
  const sha = [...(d.services ?? []), ...(d.static_sites ?? [])].find((c) => c.source_commit_hash)?.source_commit_hash ?? null;
  return {
    kind: "deployment",
    externalId: d.id,
    name: d.cause || `Deployment ${d.id.slice(0, 8)}`,
    status: DEPLOYMENT_STATUS[d.phase],
    providerStatus: d.phase,
    region: app.region?.slug ?? null,
    url: `${CONSOLE}/apps/${app.id}/deployments/${d.id}`,
    createdAt: d.created_at,
    monthlyCostCents: null,
    currency: null,
    parentExternalId: app.id,
    // An app deployed from a container image has no repository: the app's name stands for what was deployed.
    attributes: { repository: source.repository ?? app.spec.name, environment: null, ref: source.branch, sha, creator: null, latestState: d.phase },
  };
}

export function normalizeUptimeCheck(c: UptimeCheck): NormalizedResource {
  return {
    kind: "monitor",
    externalId: c.id,
    name: c.name,
    // The API says only whether a check runs; whether its target is up is a separate alert state.
    status: c.enabled ? "active" : "inactive",
    providerStatus: c.enabled ? "enabled" : "disabled",
    region: null,
    url: `${CONSOLE}/monitors/uptime/checks/${c.id}`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    attributes: { target: c.target, checkType: c.type, intervalSeconds: null },
  };
}

/**
 * A CDN endpoint is listed as a load balancer: like one, it is an address that takes the traffic and hands it
 * to what sits behind it (here one origin, a Spaces bucket), and the kind's `type` and `targets` say so.
 */
export function normalizeCdnEndpoint(e: CdnEndpoint): NormalizedResource {
  const host = e.custom_domain || e.endpoint || e.origin;
  return {
    kind: "load_balancer",
    externalId: e.id,
    name: host,
    status: "active",
    providerStatus: null,
    // Served from DigitalOcean's edge everywhere; the origin's region is the bucket's business.
    region: null,
    url: `${CONSOLE}/spaces`,
    createdAt: e.created_at,
    monthlyCostCents: null,
    currency: null,
    attributes: { ipv4: null, ipv6: null, algorithm: null, type: "cdn", targets: [e.origin] },
  };
}
