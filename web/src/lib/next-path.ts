/**
 * The `?next=` return path after signing in. Only paths on this origin are accepted, so a crafted
 * link cannot send a user who just typed their password to another site.
 */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  return value;
}

export function validateNextSearch(search: Record<string, unknown>): { next?: string } {
  const next = safeNextPath(search.next);
  return next === undefined ? {} : { next };
}
