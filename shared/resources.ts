import { z } from "zod";
import { kindDeclaration, KIND_DECLARATIONS, kindsInArea, RESOURCE_KINDS, resourceKindSchema } from "./kinds";
import type { KindDeclarations, ResourceKind } from "./kinds";
import { kindOutcomeSchema, runStatusSchema } from "./docks";
import { pageQuerySchema } from "./pagination";
import { allows } from "./permissions";
import type { Permissions } from "./permissions";

// Kinds are declared in shared/kinds/ (one module each); these re-exports keep the names code already imports.
export { areaOfKind, childKindsOf, isResourceKind, kindDeclaration, kindGroups, parentKindsOf, RESOURCE_KINDS, resourceKindSchema } from "./kinds";
export type { KindArea, ResourceKind } from "./kinds";

/** Kinds that belong to the monitoring area rather than the resources area (from their declarations). */
export const MONITORING_KINDS: readonly ResourceKind[] = kindsInArea("monitoring");

/** Whether a role may read resources of `kind`: read access to the area its declaration names. */
export function canReadKind(permissions: Permissions, kind: ResourceKind): boolean {
  return allows(permissions, kindDeclaration(kind).area, "read");
}

/** Every kind a role may read; what the API lists for it and the dashboard offers it. */
export function kindsReadableWith(permissions: Permissions): ResourceKind[] {
  return RESOURCE_KINDS.filter((kind) => canReadKind(permissions, kind));
}

/**
 * Every provider's statuses map onto this set; the provider's own word is kept beside it.
 * running/stopped/starting are for things that run (servers, services, deployments in progress),
 * active/inactive for things that exist or not in a usable state (domains, volumes, repositories),
 * error for anything failed, unknown when the provider says something we cannot place.
 */
export const RESOURCE_STATUSES = ["running", "stopped", "starting", "error", "active", "inactive", "unknown"] as const;
export const resourceStatusSchema = z.enum(RESOURCE_STATUSES);
export type ResourceStatus = z.infer<typeof resourceStatusSchema>;

/** The attribute schemas under the names they had before the declarations; each kind's module holds its own. */
export const serverAttributesSchema = kindDeclarationSchema("server");
export const webServiceAttributesSchema = kindDeclarationSchema("web_service");
export const domainAttributesSchema = kindDeclarationSchema("domain");
export const dnsRecordAttributesSchema = kindDeclarationSchema("dns_record");
export const databaseAttributesSchema = kindDeclarationSchema("database");
export const blockVolumeAttributesSchema = kindDeclarationSchema("block_volume");
export const bucketAttributesSchema = kindDeclarationSchema("bucket");
export const loadBalancerAttributesSchema = kindDeclarationSchema("load_balancer");
export const ipAddressAttributesSchema = kindDeclarationSchema("ip_address");
export const monitorAttributesSchema = kindDeclarationSchema("monitor");
export const issueAttributesSchema = kindDeclarationSchema("issue");
export const repositoryAttributesSchema = kindDeclarationSchema("repository");
export const deploymentAttributesSchema = kindDeclarationSchema("deployment");
export const backupAttributesSchema = kindDeclarationSchema("backup");

type DeclarationOf<K extends ResourceKind> = Extract<KindDeclarations[number], { id: K }>;

/** A kind's attribute schema with its literal type. */
export function kindDeclarationSchema<K extends ResourceKind>(kind: K): DeclarationOf<K>["attributes"] {
  return kindDeclaration(kind).attributes as DeclarationOf<K>["attributes"];
}

/** What every resource has, whatever its kind: what the adapter reports, as EdgeDock stores it. */
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
  /**
   * The provider's id of the resource this one belongs to: a resource of one of the kind's declared parent
   * kinds, in the same dock (a DNS record's domain, a deployment's repository). Optional as well as nullable:
   * an adapter leaves it out for a resource without a parent, so such a resource serializes — and hashes — as
   * it did before the field existed, and an unchanged re-sync writes nothing.
   */
  parentExternalId: z.string().min(1).max(512).nullable().optional(),
};

/** The `z.object` of one declaration: its literal kind and its attribute schema, beside the shared fields. */
type VariantOf<D, Shape extends z.ZodRawShape> = D extends { id: infer Id extends string; attributes: infer A extends z.ZodType }
  ? z.ZodObject<Omit<Shape, "kind" | "attributes"> & { kind: z.ZodLiteral<Id>; attributes: A }>
  : never;
/** Generic over the tuple, so the mapped type is a tuple type (as the discriminated union requires). */
type VariantsOfTuple<T extends readonly unknown[], Shape extends z.ZodRawShape> = { -readonly [I in keyof T]: VariantOf<T[I], Shape> };
type VariantsOf<Shape extends z.ZodRawShape> = VariantsOfTuple<KindDeclarations, Shape>;

/**
 * One object schema per declared kind, for a discriminated union on `kind`: the kind decides the attributes,
 * never an untyped blob. Built from the declarations at run time; the cast only restates, per tuple position,
 * the type each `z.object` call has (the union is made where `Shape` is concrete, so its types resolve).
 */
function variantsByKind<Shape extends z.ZodRawShape>(shape: Shape): VariantsOf<Shape> {
  return KIND_DECLARATIONS.map((d) => z.object({ ...shape, kind: z.literal(d.id), attributes: d.attributes })) as unknown as VariantsOf<Shape>;
}

/** What an adapter yields for one resource: common typed fields plus the kind's attributes. */
export const normalizedResourceSchema = z.discriminatedUnion("kind", variantsByKind(common));
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

/** What the API adds to a stored resource. */
const stored = {
  id: z.string(),
  provider: z.string(),
  dockId: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  deletedAt: z.string().nullable(),
};

/**
 * A resource as the API shows it. `parentExternalId` is always present (null without a parent), and
 * `parentId` is EdgeDock's id of that parent: null when the resource has none, when the parent has not been
 * synced, or when the caller's role may not read the parent's kind.
 */
export const resourceSchema = z.discriminatedUnion(
  "kind",
  variantsByKind({
    ...common,
    parentExternalId: z.string().nullable(),
    ...stored,
    parentId: z.string().nullable().describe("The parent resource's id (see parentExternalId); list its siblings with ?parentId="),
  }),
);
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
  ...pageQuerySchema.shape,
  // A sorted list's cursor carries the last row's sort value (a name can be 1,024 characters).
  cursor: z.string().max(8000).optional(),
  kind: resourceKindSchema.optional(),
  provider: z.string().max(64).optional(),
  dockId: z.string().max(64).optional(),
  status: resourceStatusSchema.optional(),
  region: z.string().max(128).optional(),
  parentId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("Only the resources that belong to this one (a domain's DNS records, a repository's deployments). An id the caller cannot read matches nothing"),
  q: z.string().trim().min(1).max(200).optional(),
  includeDeleted: z.enum(["true", "false"]).optional(),
  sort: resourceSortSchema.optional().describe("Without it the list is by name, as people look things up. Rows without a value (region, cost, created) come last in either order."),
  order: sortOrderSchema.optional(),
});

export const eventsQuerySchema = z.object({
  ...pageQuerySchema.shape,
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

export const runsQuerySchema = pageQuerySchema;

/** `POST …/sync`: the run started, or the one already running (`alreadyRunning`), which is not started twice. */
export const syncStartedSchema = z.object({ runId: z.string(), alreadyRunning: z.boolean() });
export type SyncStarted = z.infer<typeof syncStartedSchema>;

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
