import { z } from "zod";

/** `{"errors":[{"reason", "field"?}]}`: every 4xx and 5xx Linode answers with a body. */
export const errorBodySchema = z.object({
  errors: z.array(z.object({ reason: z.string(), field: z.string().nullish() })).min(1),
});

/** Every list endpoint's envelope: `data` plus `page`, `pages` (total pages) and `results` (total items). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), page: z.number().int().min(1), pages: z.number().int().min(0), results: z.number().int().min(0) });
export type LinodePage = { page: number; pages: number; results: number };

const tags = z.array(z.string()).nullish().transform((t) => t ?? []);
const timestamp = z.string().nullish();

export const profileSchema = z.object({ uid: z.number().int(), username: z.string(), email: z.string().nullish() });

export const INSTANCE_STATUSES = [
  "running",
  "offline",
  "booting",
  "busy",
  "rebooting",
  "shutting_down",
  "provisioning",
  "deleting",
  "migrating",
  "rebuilding",
  "cloning",
  "restoring",
  "stopped",
  "billing_suspension",
] as const;

export const instanceSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  // Tolerant: a word added after the contract's spec version maps to `unknown` rather than failing the kind.
  status: z.string(),
  region: z.string().nullish(),
  type: z.string().nullish(),
  // A string in the spec's example and in 4.176.0, typed `object` in 4.189.0: both are accepted.
  image: z.union([z.string(), z.object({ id: z.string().nullish(), label: z.string().nullish() })]).nullish(),
  ipv4: z.array(z.string()).nullish(),
  ipv6: z.string().nullish(),
  created: timestamp,
  specs: z.object({ disk: z.number().nullish(), memory: z.number().nullish(), vcpus: z.number().nullish() }).nullish(),
  tags,
  backups: z.object({ enabled: z.boolean().nullish() }).nullish(),
});
export type Instance = z.infer<typeof instanceSchema>;
export const instancesPageSchema = pageOf(instanceSchema);

const price = z.object({ monthly: z.number().nullish() }).nullish();
export const linodeTypeSchema = z.object({
  id: z.string(),
  label: z.string().nullish(),
  price,
  region_prices: z.array(z.object({ id: z.string(), monthly: z.number().nullish() })).nullish(),
});
export type LinodeType = z.infer<typeof linodeTypeSchema>;
export const typesPageSchema = pageOf(linodeTypeSchema);

export const volumeSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  status: z.string(),
  size: z.number().nullish(),
  region: z.string().nullish(),
  linode_id: z.number().int().nullish(),
  linode_label: z.string().nullish(),
  filesystem_path: z.string().nullish(),
  created: timestamp,
});
export type Volume = z.infer<typeof volumeSchema>;
export const volumesPageSchema = pageOf(volumeSchema);

export const nodeBalancerSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  region: z.string().nullish(),
  hostname: z.string().nullish(),
  ipv4: z.string().nullish(),
  ipv6: z.string().nullish(),
  created: timestamp,
});
export type NodeBalancer = z.infer<typeof nodeBalancerSchema>;
export const nodeBalancersPageSchema = pageOf(nodeBalancerSchema);

export const domainSchema = z.object({
  id: z.number().int(),
  domain: z.string(),
  type: z.string().nullish(),
  status: z.string(),
  ttl_sec: z.number().int().nullish(),
  master_ips: z.array(z.string()).nullish(),
});
export type Domain = z.infer<typeof domainSchema>;
export const domainsPageSchema = pageOf(domainSchema);

export const domainRecordSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  name: z.string(),
  target: z.string(),
  ttl_sec: z.number().int().nullish(),
  priority: z.number().int().nullish(),
  created: timestamp,
});
export type DomainRecord = z.infer<typeof domainRecordSchema>;
export const domainRecordsPageSchema = pageOf(domainRecordSchema);

export const databaseSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  engine: z.string(),
  version: z.string().nullish(),
  status: z.string(),
  region: z.string().nullish(),
  type: z.string().nullish(),
  cluster_size: z.number().int().nullish(),
  created: timestamp,
});
export type Database = z.infer<typeof databaseSchema>;
export const databasesPageSchema = pageOf(databaseSchema);

export const bucketSchema = z.object({
  label: z.string(),
  region: z.string().nullish(),
  cluster: z.string().nullish(),
  hostname: z.string().nullish(),
  created: timestamp,
  objects: z.number().int().nullish(),
  size: z.number().int().nullish(),
});
export type Bucket = z.infer<typeof bucketSchema>;
export const bucketsPageSchema = pageOf(bucketSchema);

export const firewallSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  status: z.string(),
  rules: z.object({ inbound: z.array(z.unknown()).nullish(), outbound: z.array(z.unknown()).nullish() }).nullish(),
  entities: z.array(z.object({ id: z.number().int(), type: z.string().nullish(), label: z.string().nullish() })).nullish(),
  tags,
  created: timestamp,
});
export type Firewall = z.infer<typeof firewallSchema>;
export const firewallsPageSchema = pageOf(firewallSchema);

export const vpcSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  description: z.string().nullish(),
  region: z.string().nullish(),
  subnets: z.array(z.object({ ipv4: z.string().nullish(), linodes: z.array(z.unknown()).nullish() })).nullish(),
  created: timestamp,
});
export type Vpc = z.infer<typeof vpcSchema>;
export const vpcsPageSchema = pageOf(vpcSchema);

export const lkeClusterSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  region: z.string().nullish(),
  k8s_version: z.string().nullish(),
  control_plane: z.object({ high_availability: z.boolean().nullish() }).nullish(),
  // Not in every spec version: absent, the cluster's state is unknown.
  status: z.string().nullish(),
  created: timestamp,
});
export type LkeCluster = z.infer<typeof lkeClusterSchema>;
export const lkeClustersPageSchema = pageOf(lkeClusterSchema);

export const imageSchema = z.object({
  id: z.string(),
  label: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string(),
  is_public: z.boolean().nullish(),
  size: z.number().nullish(),
  total_size: z.number().nullish(),
  created: timestamp,
  created_by: z.string().nullish(),
  regions: z.array(z.object({ region: z.string() })).nullish(),
});
export type Image = z.infer<typeof imageSchema>;
export const imagesPageSchema = pageOf(imageSchema);

export const backupSchema = z.object({
  id: z.number().int(),
  label: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string(),
  created: timestamp,
  disks: z.array(z.object({ size: z.number().nullish() })).nullish(),
});
export type Backup = z.infer<typeof backupSchema>;

/** Not a list envelope: the automatic backups, and the manual snapshot slot (current and in progress). */
export const instanceBackupsSchema = z.object({
  automatic: z.array(backupSchema).nullish(),
  snapshot: z.object({ current: backupSchema.nullish(), in_progress: backupSchema.nullish() }).nullish(),
});
export type InstanceBackups = z.infer<typeof instanceBackupsSchema>;
