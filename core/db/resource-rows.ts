import type { NormalizedResource } from "../../shared/resources";
import type { resources } from "./schema";

export type ResourceRecord = typeof resources.$inferSelect;

/**
 * A stored row back in the shape adapters produce: what diffs compare and what the API builds on. A row
 * without a parent reads `parentExternalId: null`, which the diff takes as equal to an adapter leaving the
 * field out (both serialize as null), so a resource re-listed unchanged shows no change.
 */
export function toNormalized(row: ResourceRecord): NormalizedResource {
  return {
    kind: row.kind,
    externalId: row.externalId,
    name: row.name,
    status: row.status,
    providerStatus: row.providerStatus,
    region: row.region,
    url: row.url,
    createdAt: row.providerCreatedAt,
    monthlyCostCents: row.monthlyCostCents,
    currency: row.currency,
    attributes: row.attributes,
    parentExternalId: row.parentExternalId,
  } as NormalizedResource;
}
