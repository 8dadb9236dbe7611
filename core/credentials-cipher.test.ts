import { describe, expect, it } from "vitest";
import { loadKeyRing, seal, unseal } from "./credentials-cipher";

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const binding = { organizationId: "org_1", dockId: "dck_1" };

describe("credentials cipher", () => {
  it("round-trips, with a fresh IV and so a different ciphertext on every write", async () => {
    const ring = await loadKeyRing(`k1:${key(1)}`);
    const first = await seal(ring, '{"token":"secret"}', binding);
    const second = await seal(ring, '{"token":"secret"}', binding);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.ciphertext).not.toContain("secret");
    expect(atob(first.iv)).toHaveLength(12);
    expect(await unseal(ring, first, binding)).toBe('{"token":"secret"}');
  });

  it("refuses a tampered ciphertext", async () => {
    const ring = await loadKeyRing(`k1:${key(1)}`);
    const sealed = await seal(ring, "payload", binding);
    const bytes = Uint8Array.from(atob(sealed.ciphertext), (c) => c.charCodeAt(0));
    bytes[0]! ^= 1;
    await expect(unseal(ring, { ...sealed, ciphertext: btoa(String.fromCharCode(...bytes)) }, binding)).rejects.toThrow(/failed authentication/);
  });

  it("refuses a ciphertext moved to another dock or organization (AAD)", async () => {
    const ring = await loadKeyRing(`k1:${key(1)}`);
    const sealed = await seal(ring, "payload", binding);
    await expect(unseal(ring, sealed, { ...binding, dockId: "dck_2" })).rejects.toThrow(/failed authentication/);
    await expect(unseal(ring, sealed, { ...binding, organizationId: "org_2" })).rejects.toThrow(/failed authentication/);
  });

  it("during rotation encrypts with the newest key and decrypts with either", async () => {
    const old = await loadKeyRing(`k1:${key(1)}`);
    const sealedOld = await seal(old, "old secret", binding);
    const rotating = await loadKeyRing(`k2:${key(2)},k1:${key(1)}`);
    expect(rotating.currentKeyId).toBe("k2");
    expect(await unseal(rotating, sealedOld, binding)).toBe("old secret");
    const sealedNew = await seal(rotating, "new secret", binding);
    expect(sealedNew.keyId).toBe("k2");
    expect(await unseal(rotating, sealedNew, binding)).toBe("new secret");
    await expect(unseal(old, sealedNew, binding)).rejects.toThrow(/no longer configured/);
  });

  it("rejects malformed key configuration with a clear reason", async () => {
    await expect(loadKeyRing("")).rejects.toThrow(/no key/);
    await expect(loadKeyRing("nokey")).rejects.toThrow(/id:base64key/);
    await expect(loadKeyRing(`k1:${btoa("short")}`)).rejects.toThrow(/32 bytes/);
    await expect(loadKeyRing(`k1:${key(1)},k1:${key(2)}`)).rejects.toThrow(/twice/);
  });
});
