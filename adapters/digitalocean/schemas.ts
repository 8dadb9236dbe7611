import { z } from "zod";

/** DigitalOcean's error body on every 4xx/5xx. */
export const errorBodySchema = z.object({ id: z.string(), message: z.string(), request_id: z.string().optional() });

export const accountSchema = z.object({
  account: z.object({
    uuid: z.string(),
    email: z.string(),
    name: z.string().optional(),
    status: z.enum(["active", "warning", "locked"]),
    status_message: z.string().optional(),
    droplet_limit: z.number().int().optional(),
    email_verified: z.boolean().optional(),
    team: z.object({ uuid: z.string(), name: z.string() }).optional(),
  }),
});
export type DigitalOceanAccount = z.infer<typeof accountSchema>["account"];

/** Every paginated list: `links.pages.next` while there is more. The spec shows three shapes for "no more". */
const linksSchema = z
  .object({ pages: z.object({ next: z.string().optional(), last: z.string().optional() }).partial().optional() })
  .partial()
  .optional();
export type Links = z.infer<typeof linksSchema>;
const metaSchema = z.object({ total: z.number().int() }).optional();
const regionSchema = z.object({ slug: z.string(), name: z.string().optional() });

export const dropletSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  memory: z.number().int(),
  vcpus: z.number().int(),
  disk: z.number().int(),
  status: z.enum(["new", "active", "off", "archive"]),
  created_at: z.string(),
  region: regionSchema,
  size_slug: z.string(),
  size: z.object({ slug: z.string(), price_monthly: z.number().nonnegative() }).optional(),
  image: z.object({ name: z.string().nullable().optional(), distribution: z.string().nullable().optional(), slug: z.string().nullable().optional() }).nullable().optional(),
  networks: z.object({
    v4: z.array(z.object({ ip_address: z.string(), type: z.enum(["public", "private"]) })).default([]),
    v6: z.array(z.object({ ip_address: z.string(), type: z.string() })).default([]),
  }),
  tags: z.array(z.string()).default([]),
  // The ids of the droplet's backup images: the only link from a backup to its droplet.
  backup_ids: z.array(z.number().int()).nullable().optional(),
});
export type Droplet = z.infer<typeof dropletSchema>;
export const dropletsPageSchema = z.object({ droplets: z.array(dropletSchema), links: linksSchema, meta: metaSchema });

export const volumeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  size_gigabytes: z.number().int(),
  created_at: z.string(),
  droplet_ids: z.array(z.number().int()).nullable().optional(),
  region: regionSchema,
  filesystem_type: z.string().nullable().optional(),
});
export type Volume = z.infer<typeof volumeSchema>;
export const volumesPageSchema = z.object({ volumes: z.array(volumeSchema), links: linksSchema, meta: metaSchema });

export const domainSchema = z.object({ name: z.string(), ttl: z.number().int().nullable().optional(), zone_file: z.string().nullable().optional() });
export type Domain = z.infer<typeof domainSchema>;
export const domainsPageSchema = z.object({ domains: z.array(domainSchema), links: linksSchema, meta: metaSchema });

export const domainRecordSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  name: z.string(),
  data: z.string(),
  priority: z.number().int().nullable().optional(),
  ttl: z.number().int().nullable().optional(),
});
export type DomainRecord = z.infer<typeof domainRecordSchema>;
export const domainRecordsPageSchema = z.object({ domain_records: z.array(domainRecordSchema), links: linksSchema, meta: metaSchema });

export const databaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  engine: z.string(),
  version: z.string().nullable().optional(),
  num_nodes: z.number().int().nullable().optional(),
  size: z.string().nullable().optional(),
  region: z.string(),
  status: z.string(),
  created_at: z.string(),
  storage_size_mib: z.number().int().nullable().optional(),
});
export type Database = z.infer<typeof databaseSchema>;
// Not paginated: the whole list in one response.
export const databasesSchema = z.object({ databases: z.array(databaseSchema).nullable() });

export const loadBalancerSchema = z.object({
  id: z.string(),
  name: z.string(),
  ip: z.string().nullable().optional(),
  ipv6: z.string().nullable().optional(),
  status: z.enum(["new", "active", "errored"]),
  created_at: z.string(),
  algorithm: z.string().nullable().optional(),
  region: regionSchema,
  droplet_ids: z.array(z.number().int()).default([]),
  type: z.string().nullable().optional(),
  size: z.string().nullable().optional(),
  size_unit: z.number().int().nullable().optional(),
});
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;
export const loadBalancersPageSchema = z.object({ load_balancers: z.array(loadBalancerSchema), links: linksSchema, meta: metaSchema });

/** Cloud firewalls. `status` is the state of the last change applied to the droplets it covers. */
export const firewallSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["waiting", "succeeded", "failed"]),
  created_at: z.string(),
  droplet_ids: z.array(z.number().int()).nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
  inbound_rules: z.array(z.unknown()).nullable().optional(),
  outbound_rules: z.array(z.unknown()).nullable().optional(),
});
export type Firewall = z.infer<typeof firewallSchema>;
export const firewallsPageSchema = z.object({ firewalls: z.array(firewallSchema), links: linksSchema, meta: metaSchema });

/** Snapshots someone took of a droplet or a volume; the API states no status and no price for them. */
export const snapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  regions: z.array(z.string()).default([]),
  resource_id: z.string(),
  resource_type: z.enum(["droplet", "volume"]),
  min_disk_size: z.number().int().nullable().optional(),
  size_gigabytes: z.number().nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
export const snapshotsPageSchema = z.object({ snapshots: z.array(snapshotSchema), links: linksSchema, meta: metaSchema });

/**
 * An image of the account's own (`GET /v2/images?private=true`): a droplet snapshot, an automatic droplet
 * backup or an uploaded custom image, told apart by `type`. `/v2/droplets/{id}/backups` answers the same
 * object. No field names the droplet an image was taken of; the droplets' `backup_ids` do.
 */
export const imageStatusSchema = z.enum(["NEW", "available", "pending", "deleted", "retired"]);
export const imageSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  // The spec names base, snapshot, backup, custom and admin; only `backup` is read, so another word is no error.
  type: z.string(),
  distribution: z.string().nullable().optional(),
  regions: z.array(z.string()).default([]),
  created_at: z.string(),
  min_disk_size: z.number().int().nullable().optional(),
  size_gigabytes: z.number().nullable().optional(),
  // Absent from the backups example, present on every image of the images examples.
  status: imageStatusSchema.optional(),
});
export type Image = z.infer<typeof imageSchema>;
export const imagesPageSchema = z.object({ images: z.array(imageSchema), links: linksSchema, meta: metaSchema });

/** VPC networks; the API states no status for them. */
export const vpcSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  region: z.string(),
  ip_range: z.string().nullable().optional(),
  default: z.boolean().nullable().optional(),
  created_at: z.string(),
});
export type Vpc = z.infer<typeof vpcSchema>;
export const vpcsPageSchema = z.object({ vpcs: z.array(vpcSchema), links: linksSchema, meta: metaSchema });

/** Only the assigned droplet's id is read; the rest of the droplet object is its own listing's business. */
const assignedDropletSchema = z.object({ id: z.number().int() }).nullable().optional();

export const reservedIpSchema = z.object({ ip: z.string(), region: regionSchema, droplet: assignedDropletSchema, locked: z.boolean().nullable().optional() });
export type ReservedIp = z.infer<typeof reservedIpSchema>;
export const reservedIpsPageSchema = z.object({ reserved_ips: z.array(reservedIpSchema), links: linksSchema, meta: metaSchema });

export const reservedIpv6Schema = z.object({ ip: z.string(), region_slug: z.string(), reserved_at: z.string().nullable().optional(), droplet: assignedDropletSchema });
export type ReservedIpv6 = z.infer<typeof reservedIpv6Schema>;
export const reservedIpv6sPageSchema = z.object({ reserved_ipv6s: z.array(reservedIpv6Schema), links: linksSchema, meta: metaSchema });

export const certificateSchema = z.object({
  id: z.string(),
  name: z.string(),
  not_after: z.string().nullable().optional(),
  created_at: z.string(),
  dns_names: z.array(z.string()).nullable().optional(),
  state: z.enum(["pending", "verified", "error"]),
  type: z.enum(["custom", "lets_encrypt"]),
});
export type Certificate = z.infer<typeof certificateSchema>;
export const certificatesPageSchema = z.object({ certificates: z.array(certificateSchema), links: linksSchema, meta: metaSchema });

export const kubernetesClusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  version: z.string().nullable().optional(),
  endpoint: z.string().nullable().optional(),
  ha: z.boolean().nullable().optional(),
  created_at: z.string(),
  status: z.object({ state: z.enum(["running", "provisioning", "degraded", "error", "deleted", "upgrading", "deleting"]), message: z.string().nullable().optional() }),
  node_pools: z.array(z.object({ name: z.string(), size: z.string().nullable().optional(), count: z.number().int().nullable().optional(), auto_scale: z.boolean().nullable().optional() })).default([]),
});
export type KubernetesCluster = z.infer<typeof kubernetesClusterSchema>;
// The spec's example of this list carries no `links` at all: one of the three shapes of a last page.
export const kubernetesClustersPageSchema = z.object({ kubernetes_clusters: z.array(kubernetesClusterSchema), links: linksSchema, meta: metaSchema });

/** Where an App Platform component's code comes from: any of the source kinds the spec allows. */
const appSourceSchema = z.object({ repo_clone_url: z.string().optional(), repo: z.string().optional(), branch: z.string().optional() }).nullable().optional();
const appComponentSchema = z.object({
  name: z.string(),
  environment_slug: z.string().nullable().optional(),
  git: appSourceSchema,
  github: appSourceSchema,
  gitlab: appSourceSchema,
  bitbucket: appSourceSchema,
});
export type AppComponent = z.infer<typeof appComponentSchema>;
const appSpecSchema = z.object({
  name: z.string(),
  services: z.array(appComponentSchema).nullable().optional(),
  static_sites: z.array(appComponentSchema).nullable().optional(),
  workers: z.array(appComponentSchema).nullable().optional(),
  jobs: z.array(appComponentSchema).nullable().optional(),
});
export const appDeploymentPhaseSchema = z.enum(["UNKNOWN", "PENDING_BUILD", "BUILDING", "PENDING_DEPLOY", "DEPLOYING", "ACTIVE", "SUPERSEDED", "ERROR", "CANCELED"]);
export const appDeploymentSchema = z.object({
  id: z.string(),
  cause: z.string().nullable().optional(),
  phase: appDeploymentPhaseSchema.default("UNKNOWN"),
  created_at: z.string(),
  services: z.array(z.object({ name: z.string(), source_commit_hash: z.string().nullable().optional() })).nullable().optional(),
  static_sites: z.array(z.object({ name: z.string(), source_commit_hash: z.string().nullable().optional() })).nullable().optional(),
});
export type AppDeployment = z.infer<typeof appDeploymentSchema>;
export const appDeploymentsPageSchema = z.object({ deployments: z.array(appDeploymentSchema), links: linksSchema, meta: metaSchema });

/** An app's deployments as the app carries them: only which one is live and which one is on its way. */
const appDeploymentRefSchema = z.object({ id: z.string(), phase: appDeploymentPhaseSchema.optional() }).nullable().optional();
export const appSchema = z.object({
  id: z.string(),
  spec: appSpecSchema,
  created_at: z.string(),
  live_url: z.string().nullable().optional(),
  region: z.object({ slug: z.string() }).nullable().optional(),
  active_deployment: appDeploymentRefSchema,
  in_progress_deployment: appDeploymentRefSchema,
  pending_deployment: appDeploymentRefSchema,
});
export type App = z.infer<typeof appSchema>;
export const appsPageSchema = z.object({ apps: z.array(appSchema), links: linksSchema, meta: metaSchema });

export const uptimeCheckSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(["ping", "http", "https"]),
  target: z.string(),
  regions: z.array(z.string()).nullable().optional(),
  enabled: z.boolean().default(true),
});
export type UptimeCheck = z.infer<typeof uptimeCheckSchema>;
export const uptimeChecksPageSchema = z.object({ checks: z.array(uptimeCheckSchema), links: linksSchema, meta: metaSchema });

/** A CDN endpoint in front of a Spaces bucket (its `origin`); the API states no status for it. */
export const cdnEndpointSchema = z.object({
  id: z.string(),
  origin: z.string(),
  endpoint: z.string().nullable().optional(),
  custom_domain: z.string().nullable().optional(),
  certificate_id: z.string().nullable().optional(),
  ttl: z.number().int().nullable().optional(),
  created_at: z.string(),
});
export type CdnEndpoint = z.infer<typeof cdnEndpointSchema>;
export const cdnEndpointsPageSchema = z.object({ endpoints: z.array(cdnEndpointSchema), links: linksSchema, meta: metaSchema });

function pageOf(link: string | undefined): number | null {
  if (!link) return null;
  const page = Number(new URL(link).searchParams.get("page"));
  return Number.isInteger(page) && page > 0 ? page : null;
}

/** The page number of `links.pages.next`, or null on the last page. The link's host is ignored: we stay on our base URL. */
export function nextPageNumber(links: Links): number | null {
  return pageOf(links?.pages?.next);
}

export function lastPageNumber(links: Links): number | null {
  return pageOf(links?.pages?.last);
}
