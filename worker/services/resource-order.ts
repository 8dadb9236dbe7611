import { sql } from "drizzle-orm";
import { z } from "zod";
import { RESOURCE_SORTS, SORT_ORDERS } from "../../shared/resources";
import type { ResourceSort, SortOrder } from "../../shared/resources";
import { resources } from "../../core/db/schema";
import { ApiError } from "../lib/errors";
import { fromCursorText, keyset, toCursorText } from "../lib/keyset";
import type { CursorFormat, KeyColumn, Keyset } from "../lib/keyset";

type ResourceRow = typeof resources.$inferSelect;
/** What a list query returns per row, as far as its order is concerned. */
export type OrderedRow = { row: ResourceRow };

/**
 * Each backed by an index on (organization_id, kind, <expr>, id) — see worker/db/schema.ts. Names compare
 * without regard to case, as people read them; everything else compares as stored. Rows without a region,
 * a price or a creation time come last in either direction.
 */
const SORT_KEYS: Record<ResourceSort, KeyColumn<OrderedRow>> = {
  name: { expr: sql`${resources.name} COLLATE NOCASE`, type: "text", read: ({ row }) => row.name },
  status: { expr: sql`${resources.status}`, type: "text", read: ({ row }) => row.status },
  region: { expr: sql`${resources.region}`, type: "text", nullsLast: true, read: ({ row }) => row.region },
  cost: { expr: sql`${resources.monthlyCostCents}`, type: "integer", nullsLast: true, read: ({ row }) => row.monthlyCostCents },
  created: { expr: sql`${resources.providerCreatedAt}`, type: "text", nullsLast: true, read: ({ row }) => row.providerCreatedAt },
  updated: { expr: sql`${resources.lastSeenAt}`, type: "integer", read: ({ row }) => row.lastSeenAt.getTime() },
};

/** The tiebreak: equal sort values never repeat or skip a row. */
const BY_ID: KeyColumn<OrderedRow> = { expr: sql`${resources.id}`, type: "text", read: ({ row }) => row.id };

/**
 * A resource cursor names the order it was issued in beside the last row's sort value (null once the list has
 * reached the rows without one) and id: `{s, o, v, id}`. Lists were in id order before the by-name default;
 * their cursors (`s: "id"`) are not accepted any more, like a cursor of any other order.
 */
const cursorSchema = z.object({
  s: z.enum(RESOURCE_SORTS),
  o: z.enum(SORT_ORDERS),
  v: z.union([z.string(), z.number().int(), z.null()]),
  id: z.string().min(1).max(64),
});

/**
 * Under another order a cursor's position means nothing, and following it would silently skip or repeat rows:
 * it is refused with a message that says which order it continues.
 */
function cursorFormat(sort: ResourceSort, order: SortOrder): CursorFormat {
  return {
    encode: ([v, id]) => toCursorText({ s: sort, o: order, v, id }),
    decode(text) {
      const parsed = cursorSchema.safeParse(fromCursorText(text));
      if (!parsed.success) return undefined;
      const { s, o, v, id } = parsed.data;
      if (s !== sort || o !== order) {
        throw new ApiError("bad_request", `invalid query: cursor: it continues a list in sort=${s}&order=${o}; ask for that order, or start again without a cursor`, {
          details: { issues: [{ field: "cursor", message: "cursor from a different sort" }], cursor: { sort: s, order: o } },
        });
      }
      return [v, id];
    },
  };
}

/** The resource list's keyset in `sort` and `order`: the sort's indexed value, then the id. */
export function resourceOrder(sort: ResourceSort, order: SortOrder): Keyset<OrderedRow> {
  return keyset({ columns: [SORT_KEYS[sort], BY_ID], order, format: cursorFormat(sort, order) });
}
