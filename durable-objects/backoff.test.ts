import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_MS, BACKOFF_FLOOR_MS, backoffDelayMs } from "./backoff";

describe("sync backoff", () => {
  it("doubles its ceiling with each failure, up to one hour", () => {
    const ceiling = (failures: number) => backoffDelayMs(failures, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(ceiling)).toEqual([29_999, 59_999, 119_999, 239_999, 479_999, 959_999, 1_919_998, 3_599_996]);
    expect(ceiling(30)).toBeLessThan(BACKOFF_CAP_MS);
    expect(ceiling(30)).toBeGreaterThan(BACKOFF_CAP_MS - 10);
  });

  it("draws with full jitter between the floor and the ceiling", () => {
    expect(backoffDelayMs(5, () => 0)).toBe(BACKOFF_FLOOR_MS);
    expect(backoffDelayMs(5, () => 0.5)).toBe(240_000);
    const draws = Array.from({ length: 200 }, () => backoffDelayMs(6));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(BACKOFF_FLOOR_MS);
    expect(Math.max(...draws)).toBeLessThanOrEqual(960_000);
    expect(new Set(draws).size).toBeGreaterThan(50);
  });
});
