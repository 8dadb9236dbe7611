import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { z } from "zod";
import { RESOURCE_SORTS, SORT_ORDERS } from "../../shared/resources";
import type { ResourceSort, SortOrder } from "../../shared/resources";
import { resources } from "../db/schema";
import { ApiError } from "../lib/errors";

type ResourceRow = typeof resources.$inferSelect;
type SortValue = string | number;

/** The list's order: one of the public sorts, or `id` when none is asked for (the order lists always had). */
export type ListSort = ResourceSort | "id";

interface SortKey {
  /** The indexed expression, as written in the index, so SQLite matches it (`COLLATE NOCASE` for names). */
  expr: SQL;
  /** The bare column, for `IS NULL`. */
  column: SQL;
  nullable: boolean;
  type: "string" | "number";
  read: (row: ResourceRow) => SortValue | null;
}

const key = (column: SQL, nullable: boolean, type: SortKey["type"], read: SortKey["read"], expr: SQL = column): SortKey => ({ expr, column, nullable, type, read });

/**
 * Each backed by an index on (organization_id, kind, <expr>, id) — see worker/db/schema.ts. Names compare
 * without regard to case, as people read them; everything else compares as stored.
 */
const SORT_KEYS: Record<ResourceSort, SortKey> = {
  name: key(sql`${resources.name}`, false, "string", (r) => r.name, sql`${resources.name} COLLATE NOCASE`),
  status: key(sql`${resources.status}`, false, "string", (r) => r.status),
  region: key(sql`${resources.region}`, true, "string", (r) => r.region),
  cost: key(sql`${resources.monthlyCostCents}`, true, "number", (r) => r.monthlyCostCents),
  created: key(sql`${resources.providerCreatedAt}`, true, "string", (r) => r.providerCreatedAt),
  updated: key(sql`${resources.lastSeenAt}`, false, "number", (r) => r.lastSeenAt.getTime()),
};

/**
 * Where a page ends: the sort it belongs to, the last row's sort value (null once the list has reached the
 * rows without one) and its id, which breaks ties so equal values never repeat or skip a row.
 */
interface Cursor {
  s: ListSort;
  o: SortOrder;
  v: SortValue | null;
  id: string;
}

const cursorSchema = z.object({
  s: z.enum(["id", ...RESOURCE_SORTS]),
  o: z.enum(SORT_ORDERS),
  v: z.union([z.string(), z.number().int(), z.null()]),
  id: z.string().min(1).max(64),
});

const badCursor = () => new ApiError("bad_request", "invalid query: cursor: not a cursor this endpoint returned");

function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export function encodeCursor(sort: ListSort, order: SortOrder, row: ResourceRow): string {
  const cursor: Cursor = { s: sort, o: order, v: sort === "id" ? null : SORT_KEYS[sort].read(row), id: row.id };
  return toBase64Url(JSON.stringify(cursor));
}

/**
 * A cursor is only good for the order it was issued in: under another order its position means nothing,
 * and following it would silently skip or repeat rows.
 */
export function decodeCursor(text: string, sort: ListSort, order: SortOrder): Cursor {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    const result = cursorSchema.safeParse(JSON.parse(fromBase64Url(text)));
    if (!result.success) throw badCursor();
    parsed = result.data;
  } catch {
    throw badCursor();
  }
  if (parsed.s !== sort || parsed.o !== order) {
    const issued = parsed.s === "id" ? `order=${parsed.o} without a sort` : `sort=${parsed.s}&order=${parsed.o}`;
    throw new ApiError("bad_request", `invalid query: cursor: it continues a list in ${issued}; ask for that order, or start again without a cursor`, {
      details: { issues: [{ field: "cursor", message: "cursor from a different sort" }], cursor: { sort: parsed.s === "id" ? null : parsed.s, order: parsed.o } },
    });
  }
  if (parsed.s !== "id") {
    const k = SORT_KEYS[parsed.s];
    if (parsed.v === null ? !k.nullable : typeof parsed.v !== k.type) throw badCursor();
  }
  return parsed;
}

const dir = (order: SortOrder) => (order === "asc" ? sql`ASC` : sql`DESC`);
/** `>` going up, `<` going down: "after" in the list's direction. */
const after = (order: SortOrder) => (order === "asc" ? sql`>` : sql`<`);
const afterOrAt = (order: SortOrder) => (order === "asc" ? sql`>=` : sql`<=`);

/**
 * One index range read of the list. A nullable key is read in two segments, rows with a value in the asked
 * order and then rows without one in id order, so rows without a value come last in both directions — the
 * index keeps NULLs first, and `NULLS LAST` would make SQLite sort the whole list instead of reading the index.
 */
export interface Segment {
  where: SQL[];
  orderBy: SQL[];
}

export interface ListPlan {
  /** Segments in list order; the next one is read only when the previous one ran out within the page. */
  segments: Segment[];
  encode: (row: ResourceRow) => string;
}

export function planOrder(sort: ListSort, order: SortOrder, cursorText: string | undefined): ListPlan {
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText, sort, order);
  const id = sql`${resources.id}`;
  const encode = (row: ResourceRow) => encodeCursor(sort, order, row);
  const idAfter = (c: Cursor) => sql`${id} ${after(order)} ${c.id}`;

  if (sort === "id") {
    return { segments: [{ where: cursor ? [idAfter(cursor)] : [], orderBy: [sql`${id} ${dir(order)}`] }], encode };
  }

  const k = SORT_KEYS[sort];
  const valued: Segment = {
    where: k.nullable ? [sql`${k.column} IS NOT NULL`] : [],
    orderBy: [sql`${k.expr} ${dir(order)}`, sql`${id} ${dir(order)}`],
  };
  // `expr >= v` bounds the index range; the OR only sorts out the rows tied at v.
  if (cursor && cursor.v !== null) valued.where.push(sql`${k.expr} ${afterOrAt(order)} ${cursor.v}`, sql`(${k.expr} ${after(order)} ${cursor.v} OR ${idAfter(cursor)})`);
  // `unlikely` tells the planner what is true of real lists, that few rows lack the value; without the hint it
  // reads (organization, kind, id) and checks every row after the cursor for a NULL (seen on the text columns).
  const valueless: Segment = { where: [sql`unlikely(${k.column} IS NULL)`], orderBy: [sql`${id} ${dir(order)}`] };
  if (cursor && cursor.v === null) valueless.where.push(idAfter(cursor));

  if (!k.nullable) return { segments: [valued], encode };
  return { segments: cursor && cursor.v === null ? [valueless] : [valued, valueless], encode };
}
