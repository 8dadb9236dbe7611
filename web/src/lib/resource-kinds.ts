import { RESOURCE_SORTS, areaOfKind as declaredArea, isResourceKind as isDeclaredKind, kindDeclaration, kindGroups } from "../../../shared/resources";
// The API decides with the same function which kinds a role may read.
export { canReadKind } from "../../../shared/resources";
import type { KindArea, Resource, ResourceKind, ResourceSort, SortOrder } from "../../../shared/resources";
import type { KindColumn } from "../../../shared/kinds";

// Everything here is read from the kind declarations (shared/kinds/): a kind declared there has its page,
// navigation entry, columns and wording without a line of dashboard code.

const byKind = <T>(pick: (kind: ResourceKind) => T): Record<ResourceKind, T> => {
  const out = {} as Record<ResourceKind, T>;
  for (const group of kindGroups()) for (const kind of group.kinds) out[kind] = pick(kind);
  return out;
};

/** What a kind's page and its navigation entry are called: "Servers". */
export const KIND_LABELS: Record<ResourceKind, string> = byKind((kind) => kindDeclaration(kind).labels.plural);

/** One resource of a kind, for sentences about a single one: "Server". */
export const KIND_SINGULAR: Record<ResourceKind, string> = byKind((kind) => kindDeclaration(kind).labels.singular);

/** The navigation's groups, each with its kinds; every kind appears in exactly one. */
export const KIND_GROUPS: ReadonlyArray<{ label: string; kinds: readonly ResourceKind[] }> = kindGroups();

export function isResourceKind(value: string): value is ResourceKind {
  return isDeclaredKind(value);
}

/** The permission area a kind is read under, as its declaration says. */
export function areaOfKind(kind: ResourceKind): KindArea {
  return declaredArea(kind);
}

/** A kind's table columns, as declared: attribute, header and format, no code of the kind's own. */
export function attributeColumns(kind: ResourceKind): readonly KindColumn[] {
  return kindDeclaration(kind).columns;
}

export function attributesOf(resource: Resource): Record<string, unknown> {
  return resource.attributes as Record<string, unknown>;
}

/** `1234` cents in USD → "$12.34". */
export function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** A value of the API (attribute, diff side) as text for people. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(", ") : "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function isResourceSort(value: string): value is ResourceSort {
  return (RESOURCE_SORTS as readonly string[]).includes(value);
}

/** The order a list is in when none is asked for: the API's default, by name. */
export const DEFAULT_SORT: ResourceSort = "name";

/** How each sort reads to people, per direction, and what a row without a value lacks (those come last). */
const SORT_WORDS: Record<ResourceSort, { label: string; asc: string; desc: string; missing?: string }> = {
  name: { label: "name", asc: "A to Z", desc: "Z to A" },
  status: { label: "status", asc: "A to Z", desc: "Z to A" },
  region: { label: "region", asc: "A to Z", desc: "Z to A", missing: "a region" },
  cost: { label: "monthly cost", asc: "lowest first", desc: "highest first", missing: "a price" },
  created: { label: "creation time", asc: "oldest first", desc: "newest first", missing: "a creation time" },
  updated: { label: "last change", asc: "oldest first", desc: "newest first" },
};

/** "Sorted by monthly cost, highest first; rows without a price come last." */
export function describeSort(sort: ResourceSort, order: SortOrder): string {
  const words = SORT_WORDS[sort];
  return `Sorted by ${words.label}, ${words[order]}${words.missing ? `; rows without ${words.missing} come last` : ""}.`;
}
