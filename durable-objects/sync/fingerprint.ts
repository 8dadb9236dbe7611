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

const encoder = new TextEncoder();

/** The content hash a listing is compared against: equal hashes mean nothing to write. */
export async function contentHash(resource: NormalizedResource): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(stableJson(resource)));
  let hex = "";
  for (const byte of new Uint8Array(digest, 0, 16)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
