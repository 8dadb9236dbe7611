/**
 * The keyset helper every list pages with: its cursor formats refuse what they did not write, and walking a
 * list page by page — ascending and descending, over one, two or three keys, with ties and with rows that
 * lack the leading value — returns exactly the whole list in order, against real D1.
 */
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { newId } from "../../core/ids";
import { decimalCursor, fromCursorText, idCursor, jsonCursor, keyset, mapPage, pageOfRows, readKeysetPage, toCursorText } from "./keyset";
import type { CursorFormat, KeyColumn, KeyOrder, Keyset } from "./keyset";

const probes = sqliteTable("keyset_probes", {
  id: text("id").primaryKey(),
  list: text("list").notNull(),
  score: integer("score"),
  label: text("label").notNull(),
});
type Probe = typeof probes.$inferSelect;

const db = drizzle(env.DB);

/** 60 rows of list "a": scores with many ties and a sixth without one, labels that tie within a score. */
const ROWS: Probe[] = Array.from({ length: 60 }, (_, i) => ({
  id: `p${String(i).padStart(3, "0")}`,
  list: "a",
  score: i % 6 === 5 ? null : (i * 7) % 5,
  label: ["x", "y", "z"][(i * 11) % 3]!,
}));

beforeAll(async () => {
  await env.DB.exec("CREATE TABLE keyset_probes (id TEXT PRIMARY KEY, list TEXT NOT NULL, score INTEGER, label TEXT NOT NULL)");
  await env.DB.exec("CREATE INDEX keyset_probes_score_idx ON keyset_probes (list, score, label, id)");
  // Rows of another list, which a page must never reach past its filter to. 20 rows a statement: D1 binds at most 100 values.
  const all: Probe[] = [...ROWS, { id: "p999", list: "b", score: 1, label: "x" }];
  for (let i = 0; i < all.length; i += 20) await db.insert(probes).values(all.slice(i, i + 20));
});

const id: KeyColumn<Probe> = { expr: probes.id, type: "text", read: (r) => r.id };
const score: KeyColumn<Probe> = { expr: probes.score, type: "integer", nullsLast: true, read: (r) => r.score };
const label: KeyColumn<Probe> = { expr: probes.label, type: "text", read: (r) => r.label };

/** The expected order: by each key in turn in `order`, a missing score after every present one either way. */
function sortedBy(keys: readonly (keyof Probe)[], order: KeyOrder): string[] {
  const sign = order === "asc" ? 1 : -1;
  return [...ROWS]
    .sort((a, b) => {
      for (const k of keys) {
        const x = a[k];
        const y = b[k];
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * sign;
      }
      return 0;
    })
    .map((r) => r.id);
}

/** Every page of list "a", each cursor passed back as the text a client would send. */
async function walk(keys: Keyset<Probe>, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await readKeysetPage(keys, { limit, cursor }, (range, n) =>
      db
        .select()
        .from(probes)
        .where(and(eq(probes.list, "a"), ...range.where))
        .orderBy(...range.orderBy)
        .limit(n),
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages <= ROWS.length + 1);
  return { ids, pages };
}

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the cursor to be refused");
}

describe("paging a list", () => {
  const orders = ["asc", "desc"] as const;

  it.each(orders.flatMap((order) => [1, 4, 7, 60, 200].map((limit) => [order, limit] as const)))("by one unique key, %s, %i a page", async (order, limit) => {
    const keys = keyset({ columns: [id], order, format: jsonCursor });
    const { ids, pages } = await walk(keys, limit);
    expect(ids).toEqual(sortedBy(["id"], order));
    // The last page is the one whose extra row was missing: never an empty page after a full one.
    expect(pages).toBe(Math.max(1, Math.ceil(ROWS.length / limit)));
  });

  it.each(orders.flatMap((order) => [1, 3, 11].map((limit) => [order, limit] as const)))("by a tied key and the id, %s, %i a page", async (order, limit) => {
    const keys = keyset({ columns: [label, id], order, format: jsonCursor });
    expect((await walk(keys, limit)).ids).toEqual(sortedBy(["label", "id"], order));
  });

  it.each(orders.flatMap((order) => [1, 2, 9, 50].map((limit) => [order, limit] as const)))(
    "by a key some rows lack (those last), then two more, %s, %i a page",
    async (order, limit) => {
      const keys = keyset({ columns: [score, label, id], order, format: jsonCursor });
      expect((await walk(keys, limit)).ids).toEqual(sortedBy(["score", "label", "id"], order));
    },
  );

  it("reads the range without a value only once the valued rows ran out within the page", async () => {
    const keys = keyset({ columns: [score, id], order: "asc", format: jsonCursor });
    const ranges: number[] = [];
    const valued = ROWS.filter((r) => r.score !== null).length;
    await readKeysetPage(keys, { limit: 5 }, async (range, n) => {
      ranges.push(n);
      return db.select().from(probes).where(and(eq(probes.list, "a"), ...range.where)).orderBy(...range.orderBy).limit(n);
    });
    expect(ranges).toEqual([6]);
    // A page that straddles the two ranges asks the second for exactly what the first could not give.
    const last = sortedBy(["score", "id"], "asc")[valued - 3]!;
    const cursor = keys.encode(ROWS.find((r) => r.id === last)!);
    const straddling: number[] = [];
    const page = await readKeysetPage(keys, { limit: 5, cursor }, async (range, n) => {
      straddling.push(n);
      return db.select().from(probes).where(and(eq(probes.list, "a"), ...range.where)).orderBy(...range.orderBy).limit(n);
    });
    expect(straddling).toEqual([6, 4]);
    expect(page.items.map((r) => r.id)).toEqual(sortedBy(["score", "id"], "asc").slice(valued - 2, valued + 3));
  });

  it("writes the comparison after a cursor as one index range: `>=` on the leading key, then the tie broken", () => {
    const keys = keyset({ columns: [label, id], order: "desc", format: jsonCursor });
    const [range] = keys.segments(["y", "p010"]);
    const query = db.select().from(probes).where(and(...range.where)).orderBy(...range.orderBy).toSQL();
    expect(query.sql).toContain('("keyset_probes"."label" <= ? AND ("keyset_probes"."label" < ? OR "keyset_probes"."id" < ?))');
    expect(query.sql).toMatch(/order by "keyset_probes"."label" desc, "keyset_probes"."id" desc$/);
    expect(query.params).toEqual(["y", "y", "p010"]);
  });
});

describe("cursors", () => {
  const keys = keyset({ columns: [score, label, id], order: "asc", format: jsonCursor });
  const notIssued = "invalid query: cursor: not a cursor this endpoint returned";

  it("carry the last row's keys, and nothing without a row beyond the page", () => {
    const rows = ROWS.slice(0, 4);
    const page = pageOfRows(rows, 3, keys);
    expect(page.items).toEqual(rows.slice(0, 3));
    expect(keys.decode(page.nextCursor!)).toEqual([rows[2]!.score, rows[2]!.label, rows[2]!.id]);
    expect(pageOfRows(rows, 4, keys).nextCursor).toBeNull();
    expect(pageOfRows([], 4, keys)).toEqual({ items: [], nextCursor: null });
    expect(mapPage(page, (r) => r.id)).toEqual({ items: ["p000", "p001", "p002"], nextCursor: page.nextCursor });
  });

  it("refuse, as a 400 naming the cursor, what the keyset did not write", () => {
    const forged = [
      "%%%",
      "",
      toCursorText({ score: 1 }),
      toCursorText([1, "x"]),
      toCursorText([1, "x", "p001", "extra"]),
      toCursorText(["1", "x", "p001"]),
      toCursorText([1.5, "x", "p001"]),
      toCursorText([1, null, "p001"]),
      toCursorText([1, "x", 7]),
      btoa("\xff\xfe not UTF-8"),
    ];
    for (const text of forged) {
      const error = refusal(() => keys.decode(text));
      expect(error.status, text).toBe(400);
      expect(error.message).toBe(notIssued);
      expect(error.details).toEqual({ issues: [{ field: "cursor", message: "not a cursor this endpoint returned" }] });
    }
    expect(keys.decode(undefined)).toBeUndefined();
    // Only the leading key may be missing, and only when its missing values come last.
    expect(keys.decode(toCursorText([null, "x", "p001"]))).toEqual([null, "x", "p001"]);
    expect(() => keyset({ columns: [label, id], order: "asc", format: jsonCursor }).decode(toCursorText([null, "p001"]))).toThrow(notIssued);
  });

  it("in decimal: one non-negative integer, as the number itself", () => {
    const bySeq = keyset<{ seq: number }>({ columns: [{ expr: sql`seq`, type: "integer", read: (r) => r.seq }], order: "desc", format: decimalCursor });
    expect(bySeq.encode({ seq: 4711 })).toBe("4711");
    expect(bySeq.decode("4711")).toEqual([4711]);
    for (const text of ["abc", "-1", "1.5", "1e5", "0x10", " 1", "1".repeat(16)]) expect(() => bySeq.decode(text), text).toThrow(notIssued);
  });

  it("as an id: only of the form the list's ids have", () => {
    const format: CursorFormat = idCursor("tok");
    const byId = keyset<{ id: string }>({ columns: [{ expr: sql`id`, type: "text", read: (r) => r.id }], order: "desc", format });
    const token = newId("tok");
    expect(byId.encode({ id: token })).toBe(token);
    expect(byId.decode(token)).toEqual([token]);
    for (const text of [newId("usr"), "tok_x", `tok_${"0".repeat(27)}`, `tok_${"i".repeat(26)}`, token.toUpperCase(), `${token}%`]) expect(() => byId.decode(text), text).toThrow(notIssued);
  });

  it("in JSON: URL-safe, and read back exactly, names and all", () => {
    const text = toCursorText(["Ünïcode/+=?", 12, null]);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromCursorText(text)).toEqual(["Ünïcode/+=?", 12, null]);
    expect(fromCursorText("not base64!")).toBeUndefined();
  });

  it("may say more than 'not issued' when their format can tell", () => {
    const tagged: CursorFormat = {
      encode: (position) => toCursorText({ tag: "mine", position }),
      decode: (text) => {
        const value = fromCursorText(text) as { tag?: string; position?: unknown[] } | undefined;
        if (value?.tag !== "mine") throw new ApiError("bad_request", "invalid query: cursor: from another list");
        return value.position;
      },
    };
    const byId = keyset({ columns: [id], order: "asc", format: tagged });
    expect(byId.decode(byId.encode(ROWS[0]!))).toEqual(["p000"]);
    expect(() => byId.decode(toCursorText({ tag: "theirs", position: ["p000"] }))).toThrow("invalid query: cursor: from another list");
  });
});

describe("a keyset's definition", () => {
  it("lets only the leading key have its missing values last, and only with a unique key after it", () => {
    expect(() => keyset({ columns: [label, score, id], order: "asc", format: jsonCursor })).toThrow(/only the first column/);
    expect(() => keyset({ columns: [score], order: "asc", format: jsonCursor })).toThrow(/unique column after it/);
  });
});
