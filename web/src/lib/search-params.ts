import type { z } from "zod";

// A list page keeps its filters in the URL, so a filtered list can be shared and survives a reload. Each is
// checked with the API's own schema of that query parameter (shared/): what the API would refuse is dropped
// from the URL rather than sent, and the limits are written once, where the API declares them.

/** The router parses `?q=1` into a number; any scalar is taken as its text, and blank text as no filter. */
export function searchText(value: unknown): string | undefined {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  return typeof text === "string" && text.trim() !== "" ? text : undefined;
}

/** The parameter as the API's `schema` of it reads it, or undefined when the API would refuse it. */
export function searchParam<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
  const text = searchText(value);
  if (text === undefined) return undefined;
  const parsed = schema.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}
