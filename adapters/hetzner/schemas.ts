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

/**
 * `GET /pricing`, not paginated. Only what the listings need: the currency every price is in, and the
 * per-GB volume price (volumes carry no price of their own).
 */
export const pricingSchema = z.object({
  pricing: z.object({
    currency: z.string().length(3),
    vat_rate: decimalSchema.optional(),
    volume: z.object({ price_per_gb_month: priceSchema }).nullable().optional(),
  }),
});
export type Pricing = z.infer<typeof pricingSchema>["pricing"];
