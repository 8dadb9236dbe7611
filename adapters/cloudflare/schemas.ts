import { z } from "zod";

/** One entry of the v4 envelope's `errors` / `messages`: a numeric code (≥ 1000) and a human message. */
const responseInfoSchema = z.object({ code: z.number().int(), message: z.string() }).passthrough();

/** Every v4 failure: `success: false`, a non-empty `errors`, `result: null`. */
export const errorBodySchema = z.object({ success: z.literal(false).optional(), errors: z.array(responseInfoSchema).min(1) });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * `result_info` of a page-numbered list. `total_pages` appears in some responses and not in the schemas of
 * others (unconfirmed for zones, accounts, DNS and D1), so every counter but `page` is optional.
 */
export const pageInfoSchema = z.object({
  page: z.number().int().optional(),
  per_page: z.number().int().optional(),
  count: z.number().int().optional(),
  total_count: z.number().int().nullable().optional(),
  total_pages: z.number().int().nullable().optional(),
});
export type PageInfo = z.infer<typeof pageInfoSchema>;

/** A page-numbered list in the v4 envelope: `result` is the page's items. */
function pagedList<T extends z.ZodType>(item: T) {
  return z.object({ success: z.literal(true), result: z.array(item), result_info: pageInfoSchema.optional() });
}

export const tokenVerifySchema = z.object({
  success: z.literal(true),
  result: z.object({ id: z.string(), status: z.string(), expires_on: z.string().nullable().optional(), not_before: z.string().nullable().optional() }),
});

export const accountSchema = z.object({ id: z.string().min(1), name: z.string(), type: z.string().optional() });
export type Account = z.infer<typeof accountSchema>;
export const accountsPageSchema = pagedList(accountSchema);

export const zoneSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  // Kept as a string: a status added later maps to "unknown" rather than failing the listing.
  status: z.string(),
  paused: z.boolean().optional(),
  type: z.string().optional(),
  account: z.object({ id: z.string(), name: z.string().optional() }),
  name_servers: z.array(z.string()).nullable().optional(),
  vanity_name_servers: z.array(z.string()).nullable().optional(),
  created_on: z.string().nullable().optional(),
  activated_on: z.string().nullable().optional(),
  // Deprecated in the 2026 SDK but still sent; its price is what the zone's plan costs a month.
  plan: z
    .object({ id: z.string().optional(), name: z.string().optional(), price: z.number().nullable().optional(), currency: z.string().nullable().optional(), frequency: z.string().nullable().optional() })
    .nullable()
    .optional(),
});
export type Zone = z.infer<typeof zoneSchema>;
export const zonesPageSchema = pagedList(zoneSchema);

export const dnsRecordSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  // Types with structured data (CAA, SRV, LOC…) may carry it in `data` with a formatted `content`.
  content: z.string().nullable().optional(),
  ttl: z.number().nullable().optional(),
  proxied: z.boolean().nullable().optional(),
  priority: z.number().nullable().optional(),
  created_on: z.string().nullable().optional(),
});
export type DnsRecord = z.infer<typeof dnsRecordSchema>;
export const dnsRecordsPageSchema = pagedList(dnsRecordSchema);

export const workerScriptSchema = z.object({
  id: z.string().min(1),
  created_on: z.string().nullable().optional(),
  modified_on: z.string().nullable().optional(),
  usage_model: z.string().nullable().optional(),
  handlers: z.array(z.string()).nullable().optional(),
  compatibility_date: z.string().nullable().optional(),
  has_assets: z.boolean().nullable().optional(),
});
export type WorkerScript = z.infer<typeof workerScriptSchema>;
/** The scripts list is one page: no `result_info`. */
export const workerScriptsSchema = z.object({ success: z.literal(true), result: z.array(workerScriptSchema) });

const stageSchema = z.object({ name: z.string().nullable().optional(), status: z.string().nullable().optional() });

export const pagesDeploymentSchema = z.object({
  id: z.string().min(1),
  short_id: z.string().optional(),
  project_name: z.string().optional(),
  environment: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  created_on: z.string().nullable().optional(),
  is_skipped: z.boolean().nullable().optional(),
  deployment_trigger: z
    .object({
      type: z.string().nullable().optional(),
      metadata: z.object({ branch: z.string().nullable().optional(), commit_hash: z.string().nullable().optional(), commit_message: z.string().nullable().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
  latest_stage: stageSchema.nullable().optional(),
});
export type PagesDeployment = z.infer<typeof pagesDeploymentSchema>;
export const pagesDeploymentsPageSchema = pagedList(pagesDeploymentSchema);

export const pagesProjectSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  subdomain: z.string().nullable().optional(),
  domains: z.array(z.string()).nullable().optional(),
  production_branch: z.string().nullable().optional(),
  created_on: z.string().nullable().optional(),
  framework: z.string().nullable().optional(),
  source: z
    .object({ type: z.string().optional(), config: z.object({ owner: z.string().nullable().optional(), repo_name: z.string().nullable().optional(), production_branch: z.string().nullable().optional() }).passthrough().optional() })
    .nullable()
    .optional(),
  latest_deployment: pagesDeploymentSchema.nullable().optional(),
});
export type PagesProject = z.infer<typeof pagesProjectSchema>;
export const pagesProjectsPageSchema = pagedList(pagesProjectSchema);

export const r2BucketSchema = z.object({
  name: z.string().min(1),
  creation_date: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  storage_class: z.string().nullable().optional(),
  jurisdiction: z.string().nullable().optional(),
});
export type R2Bucket = z.infer<typeof r2BucketSchema>;
/** R2's list differs: `result` is an object holding `buckets`, and the next page's cursor is `result_info.cursor`. */
export const r2BucketsPageSchema = z.object({
  success: z.literal(true),
  result: z.object({ buckets: z.array(r2BucketSchema) }),
  result_info: z.object({ cursor: z.string().nullable().optional(), per_page: z.number().int().optional() }).optional(),
});

export const d1DatabaseSchema = z.object({
  uuid: z.string().min(1),
  name: z.string(),
  version: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  jurisdiction: z.string().nullable().optional(),
  num_tables: z.number().nullable().optional(),
  file_size: z.number().nullable().optional(),
});
export type D1Database = z.infer<typeof d1DatabaseSchema>;
export const d1DatabasesPageSchema = pagedList(d1DatabaseSchema);

/** A zone's load balancer: its hostname is its name; the list is one page. */
export const loadBalancerSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  enabled: z.boolean().nullable().optional(),
  proxied: z.boolean().nullable().optional(),
  steering_policy: z.string().nullable().optional(),
  default_pools: z.array(z.string()).nullable().optional(),
  fallback_pool: z.string().nullable().optional(),
  created_on: z.string().nullable().optional(),
});
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;
export const loadBalancersSchema = z.object({ success: z.literal(true), result: z.array(loadBalancerSchema) });

/** An edge certificate pack of a zone (universal, advanced, custom). */
export const certificatePackSchema = z.object({
  id: z.string().min(1),
  type: z.string().nullable().optional(),
  hosts: z.array(z.string()).nullable().optional(),
  status: z.string(),
  certificate_authority: z.string().nullable().optional(),
  certificates: z.array(z.object({ expires_on: z.string().nullable().optional(), issuer: z.string().nullable().optional() }).passthrough()).nullable().optional(),
});
export type CertificatePack = z.infer<typeof certificatePackSchema>;
export const certificatePacksPageSchema = pagedList(certificatePackSchema);

/** A custom hostname (SSL for SaaS) and the certificate Cloudflare holds for it. */
export const customHostnameSchema = z.object({
  id: z.string().min(1),
  hostname: z.string(),
  status: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  ssl: z
    .object({ status: z.string().nullable().optional(), type: z.string().nullable().optional(), certificate_authority: z.string().nullable().optional(), issuer: z.string().nullable().optional(), expires_on: z.string().nullable().optional() })
    .passthrough()
    .nullable()
    .optional(),
});
export type CustomHostname = z.infer<typeof customHostnameSchema>;
export const customHostnamesPageSchema = pagedList(customHostnameSchema);
