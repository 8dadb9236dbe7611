import type { z } from "zod";
import { getJson, joinUrl } from "../http";
import { pagesByNumber } from "../pagination";
import type { NormalizedResource } from "../../shared/resources";
import type { Lister, ProviderContext } from "../types";
import { hetznerHttp, PROVIDER_NAME } from "./client";
import type { HetznerCredentials } from "./credentials";
import { normalizeLoadBalancer, normalizeServer, normalizeVolume } from "./normalize";
import { loadBalancersPageSchema, pricingSchema, serversPageSchema, volumesPageSchema } from "./schemas";
import type { PaginationMeta, Pricing } from "./schemas";

/** The API's maximum page size: fewest requests against the 3600/hour project budget. */
export const PER_PAGE = 50;
/** Oldest first, so resources created while a listing runs land on later pages instead of shifting earlier ones. */
export const SORT = "id:asc";

function getPage<T extends { meta: PaginationMeta }>(credentials: HetznerCredentials, ctx: ProviderContext, path: string, schema: z.ZodType<T>, page: number) {
  return getJson(ctx, hetznerHttp(credentials), joinUrl(ctx.baseUrl, path, { page, per_page: PER_PAGE, sort: SORT }), schema).then((r) => r.data);
}

/**
 * The price list, fetched at most once per listing and only once there is something to price: it holds
 * the currency of every price and the per-GB volume rate.
 */
function pricingOnce(credentials: HetznerCredentials, ctx: ProviderContext): () => Promise<Pricing> {
  let pending: Promise<Pricing> | null = null;
  return () => (pending ??= getJson(ctx, hetznerHttp(credentials), joinUrl(ctx.baseUrl, "/pricing"), pricingSchema).then((r) => r.data.pricing));
}

const asIs = (r: NormalizedResource) => r;

export const listServers: Lister<HetznerCredentials> = (credentials, ctx, cursor) => {
  const pricing = pricingOnce(credentials, ctx);
  return pagesByNumber(cursor, async (page) => {
    const data = await getPage(credentials, ctx, "/servers", serversPageSchema, page);
    const currency = data.servers.length > 0 ? (await pricing()).currency : null;
    return { items: data.servers.map((s) => normalizeServer(s, currency)), nextPage: data.meta.pagination.next_page, lastPage: data.meta.pagination.last_page, total: data.meta.pagination.total_entries ?? null };
  }, asIs, PROVIDER_NAME);
};

export const listVolumes: Lister<HetznerCredentials> = (credentials, ctx, cursor) => {
  const pricing = pricingOnce(credentials, ctx);
  return pagesByNumber(cursor, async (page) => {
    const data = await getPage(credentials, ctx, "/volumes", volumesPageSchema, page);
    const prices = data.volumes.length > 0 ? await pricing() : null;
    return { items: data.volumes.map((v) => normalizeVolume(v, prices)), nextPage: data.meta.pagination.next_page, lastPage: data.meta.pagination.last_page, total: data.meta.pagination.total_entries ?? null };
  }, asIs, PROVIDER_NAME);
};

export const listLoadBalancers: Lister<HetznerCredentials> = (credentials, ctx, cursor) => {
  const pricing = pricingOnce(credentials, ctx);
  return pagesByNumber(cursor, async (page) => {
    const data = await getPage(credentials, ctx, "/load_balancers", loadBalancersPageSchema, page);
    const currency = data.load_balancers.length > 0 ? (await pricing()).currency : null;
    return { items: data.load_balancers.map((lb) => normalizeLoadBalancer(lb, currency)), nextPage: data.meta.pagination.next_page, lastPage: data.meta.pagination.last_page, total: data.meta.pagination.total_entries ?? null };
  }, asIs, PROVIDER_NAME);
};
