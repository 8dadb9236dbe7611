import { randomBytes } from "./crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * Ids are a type prefix, a millisecond timestamp and 80 random bits, in Crockford base32: they sort by
 * creation time (keyset pagination by id is creation order) and say what they name in logs.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let random = "";
  for (const byte of randomBytes(16)) random += ALPHABET[byte % 32];
  return `${prefix}_${time}${random}`;
}

// The alphabet as a character class, and the length of what follows the prefix (10 time + 16 random).
const ID_BODY = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** Whether `text` has the form `newId(prefix)` gives: what a cursor that is an id must look like. */
export function isIdOf(prefix: string, text: string): boolean {
  return text.startsWith(`${prefix}_`) && ID_BODY.test(text.slice(prefix.length + 1));
}
