import type { FieldChange, NormalizedResource } from "../../shared/resources";
import { stableJson } from "./fingerprint";

const COMMON_FIELDS = ["name", "status", "providerStatus", "region", "url", "createdAt", "monthlyCostCents", "currency", "parentExternalId"] as const;

/**
 * The fields that changed between the stored and the incoming version of a resource: common fields by
 * name, attributes as `attributes.<key>`. Values are compared by content, so reordered keys are no change;
 * a field left out compares (and is reported) as null, which is how a stored row without a parent reads.
 */
export function diffResources(before: NormalizedResource, after: NormalizedResource): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of COMMON_FIELDS) {
    if (stableJson(before[field]) !== stableJson(after[field])) changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
  }
  const a = before.attributes as Record<string, unknown>;
  const b = after.attributes as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    if (stableJson(a[key]) !== stableJson(b[key])) changes.push({ field: `attributes.${key}`, before: a[key] ?? null, after: b[key] ?? null });
  }
  return changes;
}
