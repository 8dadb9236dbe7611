/**
 * Zod schemas of the Vultr API v2 responses EdgeDock reads: only the fields it uses, tolerant where the
 * contract marks a shape as unconfirmed (numbers the spec types as strings, `monthly_cost` that may be
 * fractional, the instance's IPv6 fields flat or as `v6_networks`).
 */
import { z } from "zod";

/** `{"error": "...", "status": 401}`: every 4xx, per the spec's narrative. */
export const errorBodySchema = z.object({ error: z.string(), status: z.number().int().optional() });

/**
 * Every paged list's `meta`. The list ends when `links.next` is `""`; null or a missing `links` are accepted
 * as the end too (the managed-database listing has no `links` at all).
 */
export const metaSchema = z.object({
  total: z.number().int().nonnegative(),
  links: z.object({ next: z.string().nullable().optional(), prev: z.string().nullable().optional() }).optional(),
});
export type Meta = z.infer<typeof metaSchema>;

const page = <K extends string, T extends z.ZodType>(key: K, item: T) => z.object({ [key]: z.array(item), meta: metaSchema } as { [P in K]: z.ZodArray<T> } & { meta: typeof metaSchema });

/** A string the spec types one way and its examples another (`port`, `database_engine_version`). */
const textOrNumber = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullable().optional();

export const accountSchema = z.object({
  account: z.object({ name: z.string(), email: z.string(), acls: z.array(z.string()).optional() }),
});

export const instanceSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  hostname: text,
  os: text,
  region: z.string(),
  plan: z.string(),
  vcpu_count: z.number().int().nullable().optional(),
  ram: z.number().int().nullable().optional(),
  disk: z.number().int().nullable().optional(),
  main_ip: text,
  internal_ip: text,
  v6_main_ip: text,
  v6_networks: z.array(z.object({ main_ip: text, network: text })).nullable().optional(),
  date_created: z.string(),
  status: z.string(),
  power_status: z.string(),
  server_status: z.string(),
  tags: z.array(z.string()).nullable().optional(),
});
export type Instance = z.infer<typeof instanceSchema>;
export const instancesPageSchema = page("instances", instanceSchema);

/** Bare metal: the instance's fields, with `cpu_count` for vCPUs and no `power_status`/`server_status` (tolerated when present). */
export const bareMetalSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  os: text,
  region: z.string(),
  plan: z.string(),
  cpu_count: z.number().int().nullable().optional(),
  ram: z.string().nullable().optional(),
  disk: z.string().nullable().optional(),
  main_ip: text,
  v6_main_ip: text,
  date_created: z.string(),
  status: z.string(),
  power_status: text,
  server_status: text,
  tags: z.array(z.string()).nullable().optional(),
});
export type BareMetal = z.infer<typeof bareMetalSchema>;
export const bareMetalsPageSchema = page("bare_metals", bareMetalSchema);

/** `monthly_cost` is an integer in the spec, but prices such as 2.5 exist: parsed as a number. */
export const planSchema = z.object({ id: z.string().min(1), monthly_cost: z.number().nonnegative() });
export type Plan = z.infer<typeof planSchema>;
export const plansPageSchema = page("plans", planSchema);
export const metalPlansPageSchema = page("plans_metal", planSchema);
/** `GET /databases/plans`: unpaged (filters by engine, nodes and region only), under `plans`. */
export const databasePlansSchema = page("plans", planSchema);

export const blockSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  status: z.string(),
  size_gb: z.number().int(),
  cost: z.number().nonnegative().nullable().optional(),
  region: z.string(),
  attached_to_instance: text,
  mount_id: text,
  date_created: z.string(),
});
export type Block = z.infer<typeof blockSchema>;
export const blocksPageSchema = page("blocks", blockSchema);

export const loadBalancerSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  status: z.string(),
  region: z.string(),
  ipv4: text,
  ipv6: text,
  nodes: z.number().int().nullable().optional(),
  instances: z.array(z.string()).nullable().optional(),
  generic_info: z.object({ balancing_algorithm: text }).nullable().optional(),
  date_created: z.string(),
});
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;
export const loadBalancersPageSchema = page("load_balancers", loadBalancerSchema);

/** No secrets are read: `password`, `user` and hosts stay out of the schema. */
export const databaseSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  status: z.string(),
  database_engine: z.string(),
  database_engine_version: textOrNumber.nullable().optional(),
  plan: z.string().nullable().optional(),
  plan_disk: z.number().int().nullable().optional(),
  plan_replicas: z.number().int().nullable().optional(),
  region: z.string(),
  date_created: z.string(),
});
export type Database = z.infer<typeof databaseSchema>;
export const databasesPageSchema = page("databases", databaseSchema);

/** An Object Storage subscription; its S3 keys are deliberately not in the schema. */
export const objectStorageSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  status: z.string(),
  region: z.string(),
  s3_hostname: text,
  date_created: z.string(),
});
export type ObjectStorage = z.infer<typeof objectStorageSchema>;
export const objectStoragesPageSchema = page("object_storages", objectStorageSchema);

export const domainSchema = z.object({ domain: z.string().min(1), date_created: z.string(), dns_sec: text });
export type Domain = z.infer<typeof domainSchema>;
export const domainsPageSchema = page("domains", domainSchema);

export const recordSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  name: z.string(),
  data: z.string(),
  priority: z.number().int().nullable().optional(),
  ttl: z.number().int().nullable().optional(),
});
export type DnsRecord = z.infer<typeof recordSchema>;
export const recordsPageSchema = page("records", recordSchema);

export const firewallGroupSchema = z.object({
  id: z.string().min(1),
  description: z.string(),
  instance_count: z.number().int().nullable().optional(),
  rule_count: z.number().int().nullable().optional(),
  date_created: z.string(),
});
export type FirewallGroup = z.infer<typeof firewallGroupSchema>;
export const firewallGroupsPageSchema = page("firewall_groups", firewallGroupSchema);

export const snapshotSchema = z.object({
  id: z.string().min(1),
  description: z.string(),
  status: z.string(),
  size: z.number().nonnegative().nullable().optional(),
  date_created: z.string(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
export const snapshotsPageSchema = page("snapshots", snapshotSchema);

export const backupSchema = snapshotSchema;
export type Backup = z.infer<typeof backupSchema>;
export const backupsPageSchema = page("backups", backupSchema);

export const reservedIpSchema = z.object({
  id: z.string().min(1),
  region: z.string(),
  ip_type: z.string(),
  subnet: z.string(),
  subnet_size: z.number().int().nullable().optional(),
  label: z.string().nullable().optional(),
  instance_id: text,
});
export type ReservedIp = z.infer<typeof reservedIpSchema>;
export const reservedIpsPageSchema = page("reserved_ips", reservedIpSchema);

export const vpcSchema = z.object({
  id: z.string().min(1),
  region: z.string(),
  description: z.string().nullable().optional(),
  v4_subnet: text,
  v4_subnet_mask: z.number().int().nullable().optional(),
  date_created: z.string(),
});
export type Vpc = z.infer<typeof vpcSchema>;
export const vpcsPageSchema = page("vpcs", vpcSchema);

export const nodePoolSchema = z.object({
  label: z.string(),
  plan: text,
  node_quantity: z.number().int().nullable().optional(),
  auto_scaler: z.boolean().nullable().optional(),
});
export const kubernetesClusterSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  region: z.string(),
  version: text,
  status: z.string(),
  endpoint: text,
  ha_controlplanes: z.boolean().nullable().optional(),
  node_pools: z.array(nodePoolSchema).nullable().optional(),
  date_created: z.string(),
});
export type KubernetesCluster = z.infer<typeof kubernetesClusterSchema>;
export const kubernetesClustersPageSchema = page("vke_clusters", kubernetesClusterSchema);
