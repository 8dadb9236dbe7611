import { z } from "zod";

/**
 * C0 and C1 control characters, and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069). A name carrying them can hide or reorder what a reader sees
 * ("Trojan Source"-style spoofing in a member list, an audit CSV or a terminal), so names refuse them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters names must not carry.
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function hasUnsafeText(value: string): boolean {
  return UNSAFE_TEXT.test(value);
}

/** A human-given name: trimmed, 1..max characters, no control characters or bidirectional overrides. */
export function nameText(max: number) {
  return z
    .string()
    .trim()
    .min(1, "name must not be empty")
    .max(max, `name must be at most ${max} characters`)
    .refine((v) => !hasUnsafeText(v), { message: "name must not contain control characters or bidirectional overrides" });
}
