import { z } from "zod";
import { kindOutcomeSchema, runStatusSchema } from "./docks";

export const RESOURCE_KINDS = [
  "server",
  "web_service",
  "domain",
  "dns_record",
  "database",
  "block_volume",
  "bucket",
  "load_balancer",
  "ip_address",
  "monitor",
  "issue",
  "repository",
  "deployment",
  "backup",
] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKindSchema>;

/** Kinds that belong to the monitoring area rather than the resources area. */
export const MONITORING_KINDS: readonly ResourceKind[] = ["monitor", "issue"];

/**
 * Every provider's statuses map onto this set; the provider's own word is kept beside it.
 * running/stopped/starting are for things that run (servers, services, deployments in progress),
 * active/inactive for things that exist or not in a usable state (domains, volumes, repositories),
 * error for anything failed, unknown when the provider says something we cannot place.
 */
export const RESOURCE_STATUSES = ["running", "stopped", "starting", "error", "active", "inactive", "unknown"] as const;
export const resourceStatusSchema = z.enum(RESOURCE_STATUSES);
export type ResourceStatus = z.infer<typeof resourceStatusSchema>;

const str = z.string().nullable();
const int = z.number().int().nullable();

export const serverAttributesSchema = z
  .object({
    ipv4: str,
    ipv6: str,
    privateIpv4: str,
    vcpus: int,
    memoryMb: int,
    diskGb: int,
    image: str,
    size: str,
    tags: z.array(z.string()),
  })
  .strict();
export const blockVolumeAttributesSchema = z
  .object({ sizeGb: int, attachedTo: z.array(z.string()), filesystem: str, description: str })
  .strict();
export const domainAttributesSchema = z.object({ expiresAt: str, nameservers: z.array(z.string()), ttl: int }).strict();
export const dnsRecordAttributesSchema = z
  .object({ domain: z.string(), type: z.string(), recordName: z.string(), data: z.string(), ttl: int, priority: int })
  .strict();
export const databaseAttributesSchema = z
  .object({ engine: z.string(), version: str, nodes: int, size: str, storageMb: int })
  .strict();
export const loadBalancerAttributesSchema = z
  .object({ ipv4: str, ipv6: str, algorithm: str, type: str, targets: z.array(z.string()) })
  .strict();
export const ipAddressAttributesSchema = z
  .object({ ip: z.string(), family: z.enum(["ipv4", "ipv6"]), assignedTo: str, blocked: z.boolean().nullable() })
  .strict();
export const repositoryAttributesSchema = z
  .object({
    fullName: z.string(),
    defaultBranch: str,
    private: z.boolean(),
    language: str,
    archived: z.boolean(),
    fork: z.boolean(),
    stars: int,
    pushedAt: str,
  })
  .strict();
export const deploymentAttributesSchema = z
  .object({ repository: z.string(), environment: str, ref: str, sha: str, creator: str, latestState: str })
  .strict();
export const webServiceAttributesSchema = z.object({ framework: str, repository: str, branch: str }).strict();
export const bucketAttributesSchema = z.object({ storageBytes: int, objectCount: int }).strict();
export const monitorAttributesSchema = z.object({ target: str, checkType: str, intervalSeconds: int }).strict();
export const issueAttributesSchema = z.object({ project: str, level: str, occurrences: int, lastSeenAt: str }).strict();
export const backupAttributesSchema = z.object({ source: str, sizeGb: z.number().nullable(), type: str }).strict();

const ATTRIBUTES = {
  server: serverAttributesSchema,
  web_service: webServiceAttributesSchema,
  domain: domainAttributesSchema,
  dns_record: dnsRecordAttributesSchema,
  database: databaseAttributesSchema,
  block_volume: blockVolumeAttributesSchema,
  bucket: bucketAttributesSchema,
  load_balancer: loadBalancerAttributesSchema,
  ip_address: ipAddressAttributesSchema,
  monitor: monitorAttributesSchema,
  issue: issueAttributesSchema,
  repository: repositoryAttributesSchema,
  deployment: deploymentAttributesSchema,
  backup: backupAttributesSchema,
} as const satisfies Record<ResourceKind, z.ZodType>;

const common = {
  externalId: z.string().min(1).max(512),
  name: z.string().max(1024),
  status: resourceStatusSchema,
  providerStatus: z.string().max(128).nullable(),
  region: z.string().max(128).nullable(),
  url: z.string().max(2048).nullable(),
  createdAt: z.string().nullable(),
  /** Monthly price in the currency's minor unit (cents), where the provider exposes one. */
  monthlyCostCents: z.number().int().nonnegative().nullable(),
  currency: z.string().length(3).nullable(),
};

/** One object schema per kind, discriminated by `kind`: the kind decides the attributes, never an untyped blob. */
function byKind<Extra extends z.ZodRawShape>(extra: Extra) {
  const variant = <K extends ResourceKind>(kind: K) => z.object({ ...extra, ...common, kind: z.literal(kind), attributes: ATTRIBUTES[kind] });
  return z.discriminatedUnion("kind", [
    variant("server"),
    variant("web_service"),
    variant("domain"),
    variant("dns_record"),
    variant("database"),
    variant("block_volume"),
    variant("bucket"),
    variant("load_balancer"),
    variant("ip_address"),
    variant("monitor"),
    variant("issue"),
    variant("repository"),
    variant("deployment"),
    variant("backup"),
  ]);
}

/** What an adapter yields for one resource: common typed fields plus the kind's attributes. */
export const normalizedResourceSchema = byKind({});
export type NormalizedResource = z.infer<typeof normalizedResourceSchema>;

/**
 * Whether a dock's provider links may be plain `http:`: only when the dock itself is reached over `http:`
 * (a self-hosted provider, a fake); a provider reached over https has no reason to link insecurely.
 */
export function linksMayBeHttp(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * A provider-supplied link as the dashboard may render it (an `href`): an absolute `https:` URL, or `http:`
 * when `allowHttp`; anything else — `javascript:`, `data:`, relative, scheme-less, malformed — is no link.
 * A link that passes is kept exactly as the provider wrote it, so content hashes stay put.
 */
export function safeResourceUrl(value: string | null, allowHttp: boolean): string | null {
  if (value === null) return null;
  // Checked on the raw text as well as parsed: the parser forgives leading spaces and control characters.
  const scheme = /^(https?):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== "https" && !(allowHttp && scheme === "http")) return null;
  try {
    const url = new URL(value);
    return url.protocol === `${scheme}:` && url.hostname !== "" ? value : null;
  } catch {
    return null;
  }
}

/**
 * The resource with every link made safe ({@link safeResourceUrl}); the same object when nothing changed.
 * `url` is the only field the schema holds as a link: attributes are shown as text, never as links. A new
 * link-valued attribute must be added here.
 */
export function withSafeUrls<R extends NormalizedResource>(resource: R, allowHttp: boolean): R {
  // A non-string is left for the schema to report as the adapter's mistake.
  if (typeof resource.url !== "string") return resource;
  const url = safeResourceUrl(resource.url, allowHttp);
  return url === resource.url ? resource : { ...resource, url };
}
export type KindAttributes = Pick<NormalizedResource, "kind" | "attributes">;
export type AttributesOf<K extends ResourceKind> = Extract<NormalizedResource, { kind: K }>["attributes"];

export const resourceSchema = byKind({
  id: z.string(),
  provider: z.string(),
  dockId: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const CHANGE_TYPES = ["created", "updated", "deleted"] as const;
export const changeTypeSchema = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof changeTypeSchema>;

/** One changed field: its path (e.g. `status`, `attributes.ipv4`) with the value before and after. */
export const fieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const resourceEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  resourceId: z.string(),
  dockId: z.string(),
  /** The dock's provider; null once the dock is disconnected (its events stay, as history). */
  provider: z.string().nullable(),
  kind: resourceKindSchema,
  name: z.string(),
  change: changeTypeSchema,
  diff: z.array(fieldChangeSchema),
  at: z.string(),
});
export type ResourceEvent = z.infer<typeof resourceEventSchema>;

export const SYNC_TRIGGERS = ["schedule", "manual", "webhook", "cron"] as const;
export const syncTriggerSchema = z.enum(SYNC_TRIGGERS);
export type SyncTrigger = z.infer<typeof syncTriggerSchema>;

export const syncRunSchema = z.object({
  id: z.string(),
  dockId: z.string(),
  trigger: syncTriggerSchema,
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  pages: z.number().int(),
  requests: z.number().int(),
  seen: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  error: z.string().nullable(),
  /** Per kind, once the run has finished it (empty for runs recorded before kinds were tracked). */
  kinds: z.array(kindOutcomeSchema),
});
export type SyncRun = z.infer<typeof syncRunSchema>;

const pageQuery = {
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").default(50),
  cursor: z.string().max(200).optional(),
};

/**
 * What the resource list can be ordered by; each is one indexed column, so a sorted page is an index range,
 * never a sort of the whole list. `updated` is when EdgeDock last recorded a change to the resource (a listing
 * that finds it unchanged writes nothing), `created` when the provider says it was created.
 */
export const RESOURCE_SORTS = ["name", "status", "region", "cost", "created", "updated"] as const;
export const resourceSortSchema = z.enum(RESOURCE_SORTS, { error: `sort must be one of ${RESOURCE_SORTS.join(", ")}` });
export type ResourceSort = z.infer<typeof resourceSortSchema>;
export const SORT_ORDERS = ["asc", "desc"] as const;
export const sortOrderSchema = z.enum(SORT_ORDERS, { error: "order must be asc or desc" });
export type SortOrder = z.infer<typeof sortOrderSchema>;

export const resourcesQuerySchema = z.object({
  ...pageQuery,
  // A sorted list's cursor carries the last row's sort value (a name can be 1,024 characters).
  cursor: z.string().max(8000).optional(),
  kind: resourceKindSchema.optional(),
  provider: z.string().max(64).optional(),
  dockId: z.string().max(64).optional(),
  status: resourceStatusSchema.optional(),
  region: z.string().max(128).optional(),
  domain: z.string().trim().min(1).max(253).optional().describe("DNS records of this domain (the whole name, in any case); only with kind=dns_record"),
  q: z.string().trim().min(1).max(200).optional(),
  includeDeleted: z.enum(["true", "false"]).optional(),
  sort: resourceSortSchema.optional().describe("Without it the list is in id order. Rows without a value (region, cost, created) come last in either order."),
  order: sortOrderSchema.optional(),
});

export const eventsQuerySchema = z.object({
  ...pageQuery,
  resourceId: z.string().max(64).optional(),
  dockId: z.string().max(64).optional(),
  kind: resourceKindSchema.optional(),
  change: changeTypeSchema.optional(),
  after: z.coerce
    .number({ error: "after must be an event sequence number" })
    .int("after must be an event sequence number")
    .min(0, "after must be an event sequence number")
    .max(Number.MAX_SAFE_INTEGER, "after must be an event sequence number")
    .optional()
    .describe("Only events newer than this sequence number: how a client that shows the newest ones catches up without reloading the rest"),
});

export const runsQuerySchema = z.object(pageQuery);

export const resourceDetailSchema = z.intersection(resourceSchema, z.object({ events: z.array(resourceEventSchema) }));

export const summarySchema = z.object({
  total: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  byStatus: z.record(z.string(), z.number().int()),
  byProvider: z.record(z.string(), z.number().int()),
  /** Monthly cost in minor units per ISO currency, over resources whose provider states a price. */
  monthlyCost: z.array(z.object({ currency: z.string(), cents: z.number().int(), resources: z.number().int() })),
});
export type Summary = z.infer<typeof summarySchema>;
