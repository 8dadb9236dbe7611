import type { NormalizedResource } from "../../shared/resources";

/** JSON with object keys sorted, so the same content always serializes — and hashes — the same. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

/**
 * The content hash a listing is compared against: equal hashes mean nothing to write. It guards against
 * rewriting unchanged rows, not against an adversary, so a fast synchronous 64-bit hash (two FNV-1a lanes
 * with different offsets) serves: a digest per resource was the slowest step of a 10,000-resource sync.
 * Resources are hashed as their adapter builds them, whose object literals fix the key order, so plain
 * JSON is canonical without sorting; should an adapter's order change, the engine sees equal values under
 * a new hash and refreshes the hash without recording a change.
 */
export function contentHash(resource: NormalizedResource): string {
  return fnv64(JSON.stringify(resource));
}

/** Two FNV-1a lanes over the UTF-16 units of `text`, as 16 hex digits. */
export function fnv64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
