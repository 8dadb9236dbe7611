/**
 * A table column's cell as text, from the column's declared format alone, so the dashboard shows every
 * kind's attributes with one piece of code. Dates are left to the caller as well as given here: the
 * dashboard shows them as relative times, and this text is what it falls back to.
 */
import type { KindColumn } from "./define";

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

const numberFormat = new Intl.NumberFormat();
const scaledFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 1536 → "1.5 KB": powers of 1,024, as storage consoles show sizes, one decimal at most. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? numberFormat.format(value) : scaledFormat.format(value)} ${BYTE_UNITS[unit]}`;
}

/** Any attribute value as brief text: lists joined, booleans as Yes/No, objects by their name or as JSON. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) {
    const items = value.map(asText).filter((item): item is string => item !== null);
    return items.length > 0 ? items.join(", ") : null;
  }
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return numberFormat.format(value);
  if (typeof value === "object") {
    // A nested item (a Kubernetes node pool) reads best by its name.
    const name = (value as Record<string, unknown>).name;
    return typeof name === "string" ? name : JSON.stringify(value);
  }
  return String(value);
}

/** The cell's text, or null when the provider gave no value (the table shows a dash). */
export function formatCell(column: Pick<KindColumn, "format" | "unit">, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (column.format) {
    case "number":
      if (typeof value !== "number") return asText(value);
      return column.unit ? `${numberFormat.format(value)} ${column.unit}` : numberFormat.format(value);
    case "bytes":
      return typeof value === "number" ? formatBytes(value) : asText(value);
    case "boolean":
      return typeof value === "boolean" ? (value ? "Yes" : "No") : asText(value);
    case "date":
    case "list":
    case "text":
      return asText(value);
  }
}
