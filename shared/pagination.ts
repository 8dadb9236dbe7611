/**
 * The one page shape of every list of the API and the query that asks for a page, shared by the Worker (its
 * keyset pagination, `worker/lib/keyset.ts`) and the dashboard (its infinite queries).
 */
import { z } from "zod";

/** The biggest page any list serves; the dashboard asks for it when it wants everything in few requests. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** A page of a list: `nextCursor` continues it, null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1, "limit must be at least 1")
    .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  // Opaque: the previous page's `nextCursor`, which only the list that issued it accepts.
  cursor: z.string().max(200).optional(),
});
