export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Reads base64url with or without padding (and plain base64 too); throws on anything else, as `atob` does. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  return base64ToBytes(value.replace(/-/g, "+").replace(/_/g, "/"));
}

const encoder = new TextEncoder();

// Fatal: bytes that are not UTF-8 are an error, never text with replacement characters in it.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export const utf8 = {
  encode: (value: string): Uint8Array<ArrayBuffer> => new Uint8Array(encoder.encode(value)),
  decode: (bytes: Uint8Array): string => decoder.decode(bytes),
};
