import { kindDeclaration } from "../../../../shared/resources";
import type { ChangeType, FieldChange, ResourceKind } from "../../../../shared/resources";
import { formatValue } from "../../lib/resource-kinds";

/** One resource of a kind, for sentences about a single event ("Server · DigitalOcean"), from its declaration. */
export { KIND_SINGULAR } from "../../lib/resource-kinds";

/** What a change of a resource of this kind is called on its line: "Deployed", "Started", else "Created". */
export function changeWord(kind: ResourceKind, change: ChangeType): string {
  return kindDeclaration(kind).activity[change];
}

export const CHANGE_LABELS: Record<ChangeType, string> = {
  created: "Created",
  updated: "Updated",
  deleted: "Deleted",
};

/** What each change type means, for the filter and for screen readers. */
const FIELD_LABELS: Record<string, string> = {
  name: "name",
  status: "status",
  providerStatus: "provider status",
  region: "region",
  url: "URL",
  createdAt: "created at",
  monthlyCostCents: "monthly cost",
  currency: "currency",
  parentExternalId: "parent",
};

/** A diff's field path as people read it: `attributes.ipv4` → "ipv4". */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/^attributes\./, "");
}

/** Long enough to recognise a value, short enough that a row still shows the next change. */
const VALUE_MAX = 40;

/** One side of a change as brief text: costs (minor units) as amounts, long values cut short. */
export function changeValue(change: FieldChange, side: "before" | "after"): string {
  const value = change[side];
  const text = change.field === "monthlyCostCents" && typeof value === "number" ? (value / 100).toFixed(2) : formatValue(value);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX - 1)}…` : text;
}
