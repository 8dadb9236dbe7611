import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "./password";

describe("password hashing", () => {
  it("stays within the 100,000 PBKDF2 iterations production Workers accept", () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(100_000);
  });

  it("verifies the right password and refuses any other", async () => {
    const stored = await hashPassword("a long enough password");
    expect(await verifyPassword("a long enough password", stored)).toBe(true);
    expect(await verifyPassword("a long enough passworD", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });
});
