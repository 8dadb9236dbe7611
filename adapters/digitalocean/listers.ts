import { z } from "zod";
import { ProviderError } from "../errors";
import { getJson, joinUrl } from "../http";
import { pagesByNumber } from "../pagination";
import type { NormalizedResource } from "../../shared/resources";
import type { Lister, ProviderContext } from "../types";
import { digitalOceanHttp, PROVIDER_NAME } from "./client";
import type { DigitalOceanCredentials } from "./credentials";
import { normalizeDatabase, normalizeDomain, normalizeDomainRecord, normalizeDroplet, normalizeLoadBalancer, normalizeVolume } from "./normalize";
import {
  databasesSchema,
  domainRecordsPageSchema,
  domainsPageSchema,
  dropletsPageSchema,
  loadBalancersPageSchema,
  lastPageNumber,
  nextPageNumber,
  volumesPageSchema,
} from "./schemas";
import type { Domain, Links } from "./schemas";

/** The API's maximum page size: fewest requests against the 250/minute limit. */
export const PER_PAGE = 200;

function fetchPage<T extends { links?: Links; meta?: { total: number } }>(credentials: DigitalOceanCredentials, ctx: ProviderContext, path: string, schema: z.ZodType<T>) {
  return async (page: number) => {
    const { data } = await getJson(ctx, digitalOceanHttp(credentials), joinUrl(ctx.baseUrl, path, { page, per_page: PER_PAGE }), schema);
    return { data, nextPage: nextPageNumber(data.links), lastPage: lastPageNumber(data.links), total: data.meta?.total ?? null };
  };
}

/** A plain paginated collection: the list under `key`, each item normalized on its own. */
function pagedLister<T extends { links?: Links; meta?: { total: number } }, Item>(path: string, schema: z.ZodType<T>, items: (page: T) => Item[], normalize: (item: Item) => NormalizedResource): Lister<DigitalOceanCredentials> {
  return (credentials, ctx, cursor) => {
    const get = fetchPage(credentials, ctx, path, schema);
    return pagesByNumber(cursor, async (page) => {
      const { data, nextPage, lastPage, total } = await get(page);
      return { items: items(data), nextPage, lastPage, total };
    }, normalize, PROVIDER_NAME);
  };
}

export const listDroplets = pagedLister("/v2/droplets", dropletsPageSchema, (p) => p.droplets, normalizeDroplet);
export const listVolumes = pagedLister("/v2/volumes", volumesPageSchema, (p) => p.volumes, normalizeVolume);
export const listLoadBalancers = pagedLister("/v2/load_balancers", loadBalancersPageSchema, (p) => p.load_balancers, normalizeLoadBalancer);
export const listDomains = pagedLister("/v2/domains", domainsPageSchema, (p) => p.domains, normalizeDomain);

async function* allDomains(credentials: DigitalOceanCredentials, ctx: ProviderContext): AsyncGenerator<Domain> {
  const get = fetchPage(credentials, ctx, "/v2/domains", domainsPageSchema);
  for (let page: number | null = 1; page !== null; ) {
    const { data, nextPage } = await get(page);
    yield* data.domains;
    page = nextPage !== null && nextPage > page ? nextPage : null;
  }
}

const recordsCursorSchema = z.object({ domain: z.string(), page: z.number().int().min(1) });

/** The provider's 404: the thing asked about is gone (deleted since it was listed). */
const isGone = (err: unknown) => err instanceof ProviderError && err.status === 404;

/**
 * Records live under each domain: the cursor names the domain and the records page to resume at. The
 * domains can move under a sync that spans slices or takes a while: a resumed domain deleted meanwhile makes
 * the listing start again from the first domain (records listed twice count once; none is skipped, so the
 * sweep deletes nothing it should not), and a domain deleted between the domain list and its records fetch
 * (404) is passed over — its records went with it.
 */
export const listDomainRecords: Lister<DigitalOceanCredentials> = async function* (credentials, ctx, cursor) {
  const domains: string[] = [];
  for await (const domain of allDomains(credentials, ctx)) domains.push(domain.name);
  const parsed = cursor ? recordsCursorSchema.parse(JSON.parse(cursor)) : null;
  const resumeAt = parsed ? domains.indexOf(parsed.domain) : -1;
  const start = Math.max(resumeAt, 0);
  for (let i = start; i < domains.length; i++) {
    const domain = domains[i]!;
    const following = i + 1 < domains.length ? { domain: domains[i + 1]!, page: 1 } : null;
    const get = fetchPage(credentials, ctx, `/v2/domains/${encodeURIComponent(domain)}/records`, domainRecordsPageSchema);
    for (let page: number | null = i === resumeAt ? parsed!.page : 1; page !== null; ) {
      let result: Awaited<ReturnType<typeof get>>;
      try {
        result = await get(page);
      } catch (err) {
        if (!isGone(err)) throw err;
        yield { resources: [], next: following ? JSON.stringify(following) : null };
        break;
      }
      const { data, nextPage } = result;
      const next: number | null = nextPage !== null && nextPage > page ? nextPage : null;
      const after = next !== null ? { domain, page: next } : following;
      yield { resources: data.domain_records.map((r) => normalizeDomainRecord(domain, r)), next: after ? JSON.stringify(after) : null };
      page = next;
    }
  }
  if (domains.length === 0) yield { resources: [], next: null };
};

export const listDatabases: Lister<DigitalOceanCredentials> = async function* (credentials, ctx) {
  const { data } = await getJson(ctx, digitalOceanHttp(credentials), joinUrl(ctx.baseUrl, "/v2/databases"), databasesSchema);
  yield { resources: (data.databases ?? []).map(normalizeDatabase), next: null };
};
