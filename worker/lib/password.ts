import { bytesToBase64, base64ToBytes, utf8 } from "../../core/encoding";
import { randomBytes, timingSafeEqual } from "../../core/crypto";

/** Production Workers refuse PBKDF2 above 100,000 iterations (local workerd does not), so this is the ceiling. */
export const PBKDF2_ITERATIONS = 100_000;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export interface PasswordHash {
  hash: string;
  salt: string;
  iterations: number;
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return { hash: bytesToBase64(hash), salt: bytesToBase64(salt), iterations: PBKDF2_ITERATIONS };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, base64ToBytes(stored.salt), stored.iterations);
  return timingSafeEqual(candidate, base64ToBytes(stored.hash));
}

/** A fixed hash to verify against when the email is unknown, so the response time does not reveal which emails exist. */
export const DECOY_HASH: PasswordHash = {
  hash: "Hq0Hq8Jb0qg3Qm5Zb2w1c3d6ZWVkZWNveWRlY295ZGU=",
  salt: "ZGVjb3ktc2FsdC1lZGdlZA==",
  iterations: PBKDF2_ITERATIONS,
};
