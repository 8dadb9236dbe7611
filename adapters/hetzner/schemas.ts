import { z } from "zod";

/** Hetzner's error body on every 4xx/5xx; `details` depends on `code`. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Every list's counters. `next_page` is what ends a listing (null on the last page), as the official client reads it. */
export const paginationMetaSchema = z.object({
  pagination: z.object({
    page: z.number().int(),
    per_page: z.number().int(),
    previous_page: z.number().int().nullable().optional(),
    next_page: z.number().int().nullable(),
    last_page: z.number().int().nullable().optional(),
    total_entries: z.number().int().nullable().optional(),
  }),
});
export type PaginationMeta = z.infer<typeof paginationMetaSchema>;

/** Prices are decimal strings such as "1.1900"; anything else would silently become a wrong amount. */
const decimalSchema = z.string().regex(/^\d+(\.\d+)?$/, "expected a decimal string");
const priceSchema = z.object({ net: decimalSchema, gross: decimalSchema });
export type Price = z.infer<typeof priceSchema>;
/** One entry of a type's `prices[]`: what the type costs in one location. */
const locationPriceSchema = z.object({ location: z.string(), price_monthly: priceSchema });
export type LocationPrice = z.infer<typeof locationPriceSchema>;

const locationSchema = z.object({ name: z.string(), city: z.string().optional(), country: z.string().optional(), network_zone: z.string().optional() });
const labelsSchema = z.record(z.string(), z.string()).default({});

export const serverSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  // Kept as a string: a status added after the contract must not fail the whole listing; it maps to "unknown".
  status: z.string(),
  labels: labelsSchema,
  // `datacenter` also carries a location but is deprecated; `location` is the one to read.
  location: locationSchema,
  server_type: z.object({
    name: z.string(),
    cores: z.number().int(),
    memory: z.number(),
    disk: z.number(),
    prices: z.array(locationPriceSchema).default([]),
  }),
  public_net: z.object({
    ipv4: z.object({ ip: z.string() }).nullable().optional(),
    ipv6: z.object({ ip: z.string() }).nullable().optional(),
  }),
  private_net: z.array(z.object({ network: z.number().int(), ip: z.string().nullable().optional() })).default([]),
  image: z
    .object({ name: z.string().nullable().optional(), description: z.string().nullable().optional() })
    .nullable()
    .optional(),
  // Null while backups are off: Hetzner sets a window only for servers with backups enabled.
  backup_window: z.string().nullable().optional(),
});
export type Server = z.infer<typeof serverSchema>;
export const serversPageSchema = z.object({ servers: z.array(serverSchema), meta: paginationMetaSchema });

/** For validating a token only: whatever the servers look like, the call authenticated. */
export const anyServersPageSchema = z.object({ servers: z.array(z.unknown()), meta: paginationMetaSchema });

export const volumeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  status: z.string(),
  size: z.number(),
  server: z.number().int().nullable().optional(),
  location: locationSchema,
  format: z.string().nullable().optional(),
  linux_device: z.string().nullable().optional(),
  labels: labelsSchema,
});
export type Volume = z.infer<typeof volumeSchema>;
export const volumesPageSchema = z.object({ volumes: z.array(volumeSchema), meta: paginationMetaSchema });

const loadBalancerTargetSchema = z.object({
  type: z.string(),
  server: z.object({ id: z.number().int() }).nullable().optional(),
  ip: z.object({ ip: z.string() }).nullable().optional(),
  label_selector: z.object({ selector: z.string() }).nullable().optional(),
});
export type LoadBalancerTarget = z.infer<typeof loadBalancerTargetSchema>;

export const loadBalancerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  location: locationSchema,
  load_balancer_type: z.object({ name: z.string(), prices: z.array(locationPriceSchema).default([]) }),
  public_net: z.object({
    enabled: z.boolean(),
    ipv4: z.object({ ip: z.string().nullable().optional() }).nullable().optional(),
    ipv6: z.object({ ip: z.string().nullable().optional() }).nullable().optional(),
  }),
  algorithm: z.object({ type: z.string() }).nullable().optional(),
  targets: z.array(loadBalancerTargetSchema).default([]),
  labels: labelsSchema,
});
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;
export const loadBalancersPageSchema = z.object({ load_balancers: z.array(loadBalancerSchema), meta: paginationMetaSchema });

/** What an address of one family costs per location (`pricing.primary_ips[]`, `pricing.floating_ips[]`). */
const addressPriceSchema = z.object({ type: z.enum(["ipv4", "ipv6"]), prices: z.array(locationPriceSchema).default([]) });

/**
 * `GET /pricing`, not paginated. Only what the listings need: the currency every price is in, and the
 * per-GB volume price (volumes carry no price of their own).
 */
export const pricingSchema = z.object({
  pricing: z.object({
    currency: z.string().length(3),
    vat_rate: decimalSchema.optional(),
    volume: z.object({ price_per_gb_month: priceSchema }).nullable().optional(),
    image: z.object({ price_per_gb_month: priceSchema }).nullable().optional(),
    // The surcharge for enabled backups, a percentage of the server type's price ("20.00").
    server_backup: z.object({ percentage: decimalSchema }).nullable().optional(),
    primary_ips: z.array(addressPriceSchema).default([]),
    floating_ips: z.array(addressPriceSchema).default([]),
  }),
});
export type Pricing = z.infer<typeof pricingSchema>["pricing"];

const familySchema = z.enum(["ipv4", "ipv6"]);

/**
 * `GET /primary_ips`. Hetzner is replacing `datacenter` with `location` on primary IPs; either may be present.
 * `ip` of an IPv6 primary IP is its /64 network.
 */
export const primaryIpSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  ip: z.string(),
  type: familySchema,
  created: z.string(),
  blocked: z.boolean().optional(),
  assignee_id: z.number().int().nullable().optional(),
  assignee_type: z.string().optional(),
  location: locationSchema.nullable().optional(),
  datacenter: z.object({ location: locationSchema }).nullable().optional(),
  labels: labelsSchema,
});
export type PrimaryIp = z.infer<typeof primaryIpSchema>;
export const primaryIpsPageSchema = z.object({ primary_ips: z.array(primaryIpSchema), meta: paginationMetaSchema });

/** `GET /floating_ips`: billed in its home location; `server` is the server it is routed to, if any. */
export const floatingIpSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  ip: z.string(),
  type: familySchema,
  created: z.string(),
  blocked: z.boolean().optional(),
  server: z.number().int().nullable().optional(),
  home_location: locationSchema,
  labels: labelsSchema,
});
export type FloatingIp = z.infer<typeof floatingIpSchema>;
export const floatingIpsPageSchema = z.object({ floating_ips: z.array(floatingIpSchema), meta: paginationMetaSchema });

const firewallRuleSchema = z.object({ direction: z.enum(["in", "out"]) });
const firewallResourceSchema = z.object({
  type: z.string(),
  server: z.object({ id: z.number().int() }).nullable().optional(),
  label_selector: z.object({ selector: z.string() }).nullable().optional(),
  applied_to_resources: z.array(z.object({ type: z.string(), server: z.object({ id: z.number().int() }).nullable().optional() })).optional(),
});
export type FirewallResource = z.infer<typeof firewallResourceSchema>;
export const firewallSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  rules: z.array(firewallRuleSchema).default([]),
  applied_to: z.array(firewallResourceSchema).default([]),
  labels: labelsSchema,
});
export type Firewall = z.infer<typeof firewallSchema>;
export const firewallsPageSchema = z.object({ firewalls: z.array(firewallSchema), meta: paginationMetaSchema });

export const networkSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  ip_range: z.string(),
  subnets: z.array(z.object({ network_zone: z.string().optional() })).default([]),
  servers: z.array(z.number().int()).default([]),
  load_balancers: z.array(z.number().int()).default([]),
  labels: labelsSchema,
});
export type Network = z.infer<typeof networkSchema>;
export const networksPageSchema = z.object({ networks: z.array(networkSchema), meta: paginationMetaSchema });

/** The PEM itself is left out: only what the kind shows is read. */
export const certificateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  type: z.enum(["uploaded", "managed"]),
  domain_names: z.array(z.string()).default([]),
  not_valid_after: z.string().nullable().optional(),
  // Managed certificates only: how issuance and renewal went.
  status: z.object({ issuance: z.string(), renewal: z.string(), error: z.unknown().optional() }).nullable().optional(),
  labels: labelsSchema,
});
export type Certificate = z.infer<typeof certificateSchema>;
export const certificatesPageSchema = z.object({ certificates: z.array(certificateSchema), meta: paginationMetaSchema });

export const imageSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  status: z.string(),
  description: z.string(),
  created: z.string(),
  image_size: z.number().nullable().optional(),
  disk_size: z.number(),
  created_from: z.object({ id: z.number().int(), name: z.string() }).nullable().optional(),
  bound_to: z.number().int().nullable().optional(),
  labels: labelsSchema,
});
export type Image = z.infer<typeof imageSchema>;
export const imagesPageSchema = z.object({ images: z.array(imageSchema), meta: paginationMetaSchema });

export const zoneSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  created: z.string(),
  mode: z.string(),
  status: z.string(),
  ttl: z.number().int(),
  authoritative_nameservers: z.object({ assigned: z.array(z.string()).default([]), delegation_status: z.string().optional() }),
  labels: labelsSchema,
});
export type Zone = z.infer<typeof zoneSchema>;
export const zonesPageSchema = z.object({ zones: z.array(zoneSchema), meta: paginationMetaSchema });

/** An RRSet: every record of one name and type. Its id is `<name>/<type>`. */
export const rrsetSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  ttl: z.number().int().nullable().optional(),
  records: z.array(z.object({ value: z.string(), comment: z.string().nullable().optional() })),
  zone: z.number().int(),
  labels: labelsSchema,
});
export type Rrset = z.infer<typeof rrsetSchema>;
export const rrsetsPageSchema = z.object({ rrsets: z.array(rrsetSchema), meta: paginationMetaSchema });
