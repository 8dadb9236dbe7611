import { describe, expect, it } from "vitest";
import { chunk, rowsPerStatement, writePlan } from "./d1-writes";

describe("D1 chunking arithmetic", () => {
  it("fits as many rows per statement as 100 bound parameters allow", () => {
    expect(rowsPerStatement(19)).toBe(5);
    expect(rowsPerStatement(9)).toBe(11);
    expect(rowsPerStatement(11)).toBe(9);
    expect(rowsPerStatement(100)).toBe(1);
    expect(rowsPerStatement(1)).toBe(100);
    expect(() => rowsPerStatement(101)).toThrow(RangeError);
    expect(() => rowsPerStatement(0)).toThrow(RangeError);
  });

  it("never puts more than 100 parameters in a statement", () => {
    for (let columns = 1; columns <= 100; columns++) {
      const rows = rowsPerStatement(columns);
      expect(rows * columns).toBeLessThanOrEqual(100);
      expect((rows + 1) * columns).toBeGreaterThan(100);
    }
  });

  it("splits into chunks that cover every item once, in order", () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    const parts = chunk(items, 5);
    expect(parts.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(parts.flat()).toEqual(items);
    expect(chunk([], 5)).toEqual([]);
    expect(() => chunk(items, 0)).toThrow(RangeError);
  });

  it("plans 10,000 resource rows as 2,000 statements in 20 batches", () => {
    expect(writePlan(10_000, 19)).toEqual({ statements: 2000, batches: 20 });
    expect(writePlan(10_000, 9)).toEqual({ statements: 910, batches: 10 });
    expect(writePlan(0, 19)).toEqual({ statements: 0, batches: 0 });
  });
});
