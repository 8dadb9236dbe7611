import { MONITORING_KINDS, RESOURCE_KINDS, RESOURCE_SORTS } from "../../../shared/resources";
import type { Resource, ResourceKind, ResourceSort, SortOrder } from "../../../shared/resources";
import type { Permissions } from "../../../shared/permissions";
import { allows } from "../../../shared/permissions";

export const KIND_LABELS: Record<ResourceKind, string> = {
  server: "Servers",
  web_service: "Web services",
  domain: "Domains",
  dns_record: "DNS records",
  database: "Databases",
  block_volume: "Volumes",
  bucket: "Buckets",
  load_balancer: "Load balancers",
  ip_address: "IP addresses",
  monitor: "Monitors",
  issue: "Issues",
  repository: "Repositories",
  deployment: "Deployments",
  backup: "Backups",
};

/** Every kind appears in exactly one group, so each has a page in the navigation. */
export const KIND_GROUPS: ReadonlyArray<{ label: string; kinds: readonly ResourceKind[] }> = [
  {
    label: "Infrastructure",
    kinds: ["server", "web_service", "domain", "dns_record", "database", "block_volume", "bucket", "load_balancer", "ip_address", "backup"],
  },
  { label: "Monitoring", kinds: ["monitor", "issue"] },
  { label: "Code", kinds: ["repository", "deployment"] },
];

export function isResourceKind(value: string): value is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(value);
}

/** Monitors and issues are read with `monitoring: read`; every other kind with `resources: read`. */
export function areaOfKind(kind: ResourceKind): "monitoring" | "resources" {
  return MONITORING_KINDS.includes(kind) ? "monitoring" : "resources";
}

export function canReadKind(permissions: Permissions, kind: ResourceKind): boolean {
  return allows(permissions, areaOfKind(kind), "read");
}

export interface AttributeColumn {
  id: string;
  header: string;
  value: (attributes: Record<string, unknown>) => string | number | null;
}

const text = (key: string) => (a: Record<string, unknown>) => {
  const v = a[key];
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length ? v.join(", ") : null;
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return typeof v === "number" ? v : String(v);
};

/** Two or three attributes worth a column for each kind; the drawer shows all of them. */
export const ATTRIBUTE_COLUMNS: Record<ResourceKind, AttributeColumn[]> = {
  server: [
    { id: "ipv4", header: "IPv4", value: text("ipv4") },
    { id: "size", header: "Size", value: text("size") },
    { id: "image", header: "Image", value: text("image") },
  ],
  web_service: [
    { id: "framework", header: "Framework", value: text("framework") },
    { id: "repository", header: "Repository", value: text("repository") },
    { id: "branch", header: "Branch", value: text("branch") },
  ],
  domain: [
    { id: "expiresAt", header: "Expires", value: text("expiresAt") },
    { id: "nameservers", header: "Nameservers", value: text("nameservers") },
  ],
  dns_record: [
    { id: "domain", header: "Domain", value: text("domain") },
    { id: "type", header: "Type", value: text("type") },
    { id: "data", header: "Data", value: text("data") },
  ],
  database: [
    { id: "engine", header: "Engine", value: text("engine") },
    { id: "version", header: "Version", value: text("version") },
    { id: "size", header: "Size", value: text("size") },
  ],
  block_volume: [
    { id: "sizeGb", header: "Size (GB)", value: text("sizeGb") },
    { id: "attachedTo", header: "Attached to", value: text("attachedTo") },
  ],
  bucket: [
    { id: "storageBytes", header: "Bytes stored", value: text("storageBytes") },
    { id: "objectCount", header: "Objects", value: text("objectCount") },
  ],
  load_balancer: [
    { id: "ipv4", header: "IPv4", value: text("ipv4") },
    { id: "algorithm", header: "Algorithm", value: text("algorithm") },
  ],
  ip_address: [
    { id: "ip", header: "Address", value: text("ip") },
    { id: "family", header: "Family", value: text("family") },
    { id: "assignedTo", header: "Assigned to", value: text("assignedTo") },
  ],
  monitor: [
    { id: "target", header: "Target", value: text("target") },
    { id: "checkType", header: "Check", value: text("checkType") },
  ],
  issue: [
    { id: "project", header: "Project", value: text("project") },
    { id: "level", header: "Level", value: text("level") },
    { id: "occurrences", header: "Occurrences", value: text("occurrences") },
  ],
  repository: [
    { id: "language", header: "Language", value: text("language") },
    { id: "defaultBranch", header: "Default branch", value: text("defaultBranch") },
    { id: "private", header: "Private", value: text("private") },
  ],
  deployment: [
    { id: "environment", header: "Environment", value: text("environment") },
    { id: "latestState", header: "Latest state", value: text("latestState") },
    { id: "repository", header: "Repository", value: text("repository") },
  ],
  backup: [
    { id: "source", header: "Source", value: text("source") },
    { id: "type", header: "Type", value: text("type") },
  ],
};

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
