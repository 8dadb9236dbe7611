import { describe, expect, it } from "vitest";
import { chunk, chunkByBytes, MAX_PAYLOAD_BYTES, rowsPerStatement, writePlan } from "./d1-writes";

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

describe("JSON payload chunking", () => {
  it("packs items into JSON arrays no larger than the limit, in order, losing none", () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: `res_${i}`, name: "x".repeat(i % 300) }));
    const payloads = chunkByBytes(items, 20_000);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(new TextEncoder().encode(p).byteLength).toBeLessThanOrEqual(20_000);
    expect(payloads.flatMap((p) => JSON.parse(p) as unknown[])).toEqual(items);
  });

  it("fills each payload before starting the next", () => {
    const payloads = chunkByBytes([1, 2, 3, 4, 5], 6);
    expect(payloads).toEqual(["[1,2]", "[3,4]", "[5]"]);
  });

  it("refuses an item that could never fit", () => {
    expect(() => chunkByBytes([{ big: "y".repeat(100) }], 50)).toThrow(RangeError);
    expect(chunkByBytes([], MAX_PAYLOAD_BYTES)).toEqual([]);
  });

  it("keeps a 10,000-server sync to a few dozen statements", () => {
    const server = { i: "res_01m89f21fb9kqzvdp5mw8g3snd", e: "100000000", n: "droplet-0", s: "running", ps: "active", rg: "nyc3", u: "https://cloud.digitalocean.com/droplets/100000000", c: "2026-01-01T00:00:00Z", m: 500, cu: "USD", a: { ipv4: "203.0.0.0", ipv6: null, privateIpv4: "10.0.0.0", vcpus: 1, memoryMb: 1024, diskGb: 25, image: "Ubuntu 20.04 (LTS) x64", size: "s-1vcpu-1gb", tags: ["generated"] }, h: "0123456789abcdef" };
    const payloads = chunkByBytes(Array.from({ length: 10_000 }, () => server), MAX_PAYLOAD_BYTES);
    expect(payloads.length).toBeLessThan(60);
  });
});
