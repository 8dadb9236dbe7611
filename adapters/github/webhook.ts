/**
 * Verifies GitHub's `X-Hub-Signature-256` header: `sha256=` + lowercase hex HMAC-SHA256 of the raw body
 * bytes, keyed with the webhook secret. Standard WebCrypto only, so it runs in Workers and Node alike.
 */
const SIGNATURE = /^sha256=([0-9a-f]{64})$/;
const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * True only when `header` is exactly the signature of `rawBody` under `secret`. The body must be the bytes
 * as received: parsing and re-serializing JSON changes them. A missing or malformed header, or an empty
 * secret (GitHub signs nothing without one), is a failure, never a pass.
 */
export async function verifyGithubSignature(secret: string, rawBody: string | ArrayBuffer | Uint8Array, header: string | null | undefined): Promise<boolean> {
  if (!secret || typeof header !== "string") return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  // WebCrypto's HMAC verify compares in constant time, so the time taken tells nothing about the signature.
  return crypto.subtle.verify("HMAC", key, hexToBytes(match[1]!), body);
}
