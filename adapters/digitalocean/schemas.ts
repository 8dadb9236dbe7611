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
