/**
 * Keyset pagination, the one way the API pages a list: rows in the order of an index (one or more key columns,
 * the last of them unique, so equal values never repeat or skip a row), a page read as `limit + 1` rows so the
 * extra one says whether another page follows, and an opaque cursor carrying the last row's keys. A page is
 * then an index range read wherever it starts — never an OFFSET, which reads and throws away every row before
 * it, and never a page that shifts when rows are added in front of it.
 */
import { asc, desc, gt, gte, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { SQL, SQLWrapper } from "drizzle-orm";
import type { Page } from "../../shared/pagination";
import { base64UrlToBytes, bytesToBase64Url, utf8 } from "../../core/encoding";
import { ApiError } from "./errors";
import { isIdOf } from "../../core/ids";

/** A key's value as a cursor carries it; `null` only for a column whose rows without a value come last. */
export type KeyValue = string | number | null;
/** Where a page ends: the last row's value of each key column, in the keyset's column order. */
export type Position = readonly KeyValue[];
export type KeyOrder = "asc" | "desc";

export interface KeyColumn<Row> {
  /**
   * The expression exactly as the index is written (`name COLLATE NOCASE` for a case-blind index): SQLite
   * reads the index in order only for the expression it holds.
   */
  expr: SQLWrapper;
  /** `integer` values are safe integers; a cursor holding anything else for the column was not ours. */
  type: "text" | "integer";
  /** The row's value of `expr`, as the next cursor carries it. */
  read: (row: Row) => KeyValue;
  /**
   * Rows without a value come after every row with one, in either direction. Only the first column may be so:
   * rows without it are then one index range of their own (see `segments`), where a nullable column further
   * along would split a run of equal leading values into pieces no range read returns in order.
   */
  nullsLast?: boolean;
}

/** How a position is written as the cursor text a client gets, and read back from it. */
export interface CursorFormat {
  encode(position: Position): string;
  /**
   * The values `text` carries, or `undefined` when this format never writes such text (answered with the
   * generic 400 naming `cursor`). A format that can tell more — a cursor of another sort — may throw its own.
   */
  decode(text: string): readonly unknown[] | undefined;
}

/** One index range read of the list: its conditions after the caller's own filters, and its order. */
export interface Segment {
  where: SQL[];
  orderBy: SQL[];
}

export interface Keyset<Row> {
  /** The position a cursor names; `undefined` without one. A cursor this keyset did not issue is a 400 naming `cursor`. */
  decode(cursor: string | undefined): Position | undefined;
  /** The cursor of the page that follows `row`. */
  encode(row: Row): string;
  /** The ranges, in list order, holding the rows after `after` (every row without it); a range is read only once the previous one ran out. */
  segments(after?: Position): readonly [Segment, ...Segment[]];
}

export const CURSOR_NOT_ISSUED = "not a cursor this endpoint returned";

/** The 400 for a cursor this endpoint did not issue, in the shape of every other invalid query. */
export function invalidCursor(): ApiError {
  return new ApiError("bad_request", `invalid query: cursor: ${CURSOR_NOT_ISSUED}`, { details: { issues: [{ field: "cursor", message: CURSOR_NOT_ISSUED }] } });
}

// ---- cursor formats ----

/**
 * One non-negative integer key written in decimal: an audit entry's id, an event's sequence number. The
 * dashboard relies on this one being the number itself (it builds an events cursor from a sequence number).
 */
export const decimalCursor: CursorFormat = {
  encode: ([value]) => String(value),
  decode: (text) => (/^\d{1,15}$/.test(text) ? [Number(text)] : undefined),
};

/** One id key of the form `newId(prefix)` gives, written as the id itself. */
export function idCursor(prefix: string): CursorFormat {
  return {
    encode: ([value]) => String(value),
    decode: (text) => (isIdOf(prefix, text) ? [text] : undefined),
  };
}

/** A JSON value as URL-safe text: what a cursor of several keys, or of more than keys, is written as. */
export function toCursorText(value: unknown): string {
  return bytesToBase64Url(utf8.encode(JSON.stringify(value)));
}

/** The JSON value `toCursorText` wrote, or `undefined` for text it cannot have written. */
export function fromCursorText(text: string): unknown {
  try {
    return JSON.parse(utf8.decode(base64UrlToBytes(text)));
  } catch {
    return undefined;
  }
}

/** Any number of keys, as a JSON array in URL-safe base64. */
export const jsonCursor: CursorFormat = {
  encode: (position) => toCursorText(position),
  decode: (text) => {
    const values = fromCursorText(text);
    return Array.isArray(values) ? values : undefined;
  },
};

// ---- the keyset ----

function fits<Row>(column: KeyColumn<Row>, value: unknown, first: boolean): value is KeyValue {
  if (value === null) return first && column.nullsLast === true;
  return column.type === "text" ? typeof value === "string" : Number.isSafeInteger(value);
}

export function keyset<Row>(definition: { columns: readonly [KeyColumn<Row>, ...KeyColumn<Row>[]]; order: KeyOrder; format: CursorFormat }): Keyset<Row> {
  const { columns, order, format } = definition;
  const [lead, ...rest] = columns;
  if (rest.some((column) => column.nullsLast)) throw new Error("keyset: only the first column may have its missing values last");
  if (lead.nullsLast && rest.length === 0) throw new Error("keyset: a column with missing values needs a unique column after it");

  const direction = order === "asc" ? asc : desc;
  const beyond = order === "asc" ? gt : lt;
  const atOrBeyond = order === "asc" ? gte : lte;

  /** Rows after `values` in the order of `keys`: lexicographic, with the leading `>=` that bounds the index range. */
  function after(keys: readonly KeyColumn<Row>[], values: Position): SQL {
    const [key, ...more] = keys;
    const value = values[0];
    if (!key || value === undefined || value === null) throw new Error("keyset: a position must hold a value for each key it is compared on");
    if (more.length === 0) return beyond(key.expr, value);
    // `key >= v` is what the index range starts from; the OR only sorts out the rows tied at v.
    return sql`(${atOrBeyond(key.expr, value)} AND (${beyond(key.expr, value)} OR ${after(more, values.slice(1))}))`;
  }

  return {
    decode(cursor) {
      if (cursor === undefined) return undefined;
      const values = format.decode(cursor);
      if (values === undefined || values.length !== columns.length) throw invalidCursor();
      if (!values.every((value, i) => fits(columns[i]!, value, i === 0))) throw invalidCursor();
      return values as Position;
    },
    encode: (row) => format.encode(columns.map((column) => column.read(row))),
    segments(position) {
      const inOrder = columns.map((column) => direction(column.expr));
      if (!lead.nullsLast) return [{ where: position ? [after(columns, position)] : [], orderBy: inOrder }];
      // Two ranges: rows with a value in the asked order, then rows without one by the remaining keys. The
      // index keeps NULLs first, and `NULLS LAST` would make SQLite sort the whole list instead of reading it.
      const valued: Segment = { where: [isNotNull(lead.expr)], orderBy: inOrder };
      // `unlikely` tells the planner what is true of real lists, that few rows lack the value; without it the
      // planner may read the index of the remaining keys and test every row after the cursor for the NULL.
      const valueless: Segment = { where: [sql`unlikely(${lead.expr} IS NULL)`], orderBy: rest.map((column) => direction(column.expr)) };
      if (!position) return [valued, valueless];
      if (position[0] === null) {
        valueless.where.push(after(rest, position.slice(1)));
        return [valueless];
      }
      valued.where.push(after(columns, position));
      return [valued, valueless];
    },
  };
}

/**
 * One page: the cursor decoded (a 400 naming `cursor` when it is not one the keyset issued), `read` called for
 * each range in turn with how many rows are still wanted, the extra row turned into `nextCursor`.
 */
export async function readKeysetPage<Row, R extends Row>(
  keys: Keyset<Row>,
  request: { limit: number; cursor?: string },
  read: (segment: Segment, limit: number) => PromiseLike<R[]>,
): Promise<Page<R>> {
  const position = keys.decode(request.cursor);
  const rows: R[] = [];
  for (const segment of keys.segments(position)) {
    if (rows.length > request.limit) break;
    rows.push(...(await read(segment, request.limit + 1 - rows.length)));
  }
  return pageOfRows(rows, request.limit, keys);
}

/** `rows` read as `limit + 1`: the first `limit` are the page, and a row beyond them means another page follows. */
export function pageOfRows<Row, R extends Row>(rows: readonly R[], limit: number, keys: Pick<Keyset<Row>, "encode">): Page<R> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? keys.encode(last) : null };
}

/** The same page with each row turned into what the API answers. */
export function mapPage<R, T>(page: Page<R>, toItem: (row: R) => T): Page<T> {
  return { items: page.items.map(toItem), nextCursor: page.nextCursor };
}
