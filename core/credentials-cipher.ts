import { base64ToBytes, bytesToBase64, utf8 } from "./encoding";
import { randomBytes } from "./crypto";

/**
 * AES-256-GCM for dock credentials. Several keys can be live at once (rotation): the first key in the
 * ring encrypts, any key decrypts by its id. The additional authenticated data binds a ciphertext to its
 * organization and dock, so a ciphertext copied onto another dock fails to decrypt.
 */
export interface KeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, CryptoKey>;
}

export interface Sealed {
  ciphertext: string;
  iv: string;
  keyId: string;
}

export interface CredentialBinding {
  organizationId: string;
  dockId: string;
  /** What the secret is for, so one dock's sealed secrets cannot stand in for each other. */
  purpose?: "dock-credentials" | "webhook-secret";
}

export class KeyRingError extends Error {
  override name = "KeyRingError";
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `id:base64key[,id:base64key…]`, newest first. */
export async function loadKeyRing(spec: string): Promise<KeyRing> {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new KeyRingError("CREDENTIALS_KEYS holds no key");
  const keys = new Map<string, CryptoKey>();
  for (const entry of entries) {
    const sep = entry.indexOf(":");
    const id = entry.slice(0, sep);
    if (sep < 1 || !KEY_ID.test(id)) throw new KeyRingError("CREDENTIALS_KEYS entries must look like id:base64key");
    if (keys.has(id)) throw new KeyRingError(`CREDENTIALS_KEYS names key id ${id} twice`);
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = base64ToBytes(entry.slice(sep + 1));
    } catch {
      throw new KeyRingError(`CREDENTIALS_KEYS key ${id} is not base64`);
    }
    if (raw.byteLength !== 32) throw new KeyRingError(`CREDENTIALS_KEYS key ${id} must be 32 bytes (AES-256)`);
    keys.set(id, await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }
  return { currentKeyId: entries[0]!.slice(0, entries[0]!.indexOf(":")), keys };
}

function aad(binding: CredentialBinding): Uint8Array<ArrayBuffer> {
  return utf8.encode(`edgedock/${binding.purpose ?? "dock-credentials"}/v1/${binding.organizationId}/${binding.dockId}`);
}

export async function seal(ring: KeyRing, plaintext: string, binding: CredentialBinding): Promise<Sealed> {
  const key = ring.keys.get(ring.currentKeyId)!;
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad(binding) },
    key,
    utf8.encode(plaintext),
  );
  return { ciphertext: bytesToBase64(new Uint8Array(ciphertext)), iv: bytesToBase64(iv), keyId: ring.currentKeyId };
}

export async function unseal(ring: KeyRing, sealed: Sealed, binding: CredentialBinding): Promise<string> {
  const key = ring.keys.get(sealed.keyId);
  if (!key) throw new KeyRingError(`credentials were sealed with key ${sealed.keyId}, which is no longer configured`);
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: base64ToBytes(sealed.iv), additionalData: aad(binding) },
      key,
      base64ToBytes(sealed.ciphertext),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new KeyRingError("credentials failed authentication: tampered, or bound to another dock");
  }
}

const ringCache = new Map<string, Promise<KeyRing>>();

/** Importing keys is not free; an isolate parses each configuration once. */
export function keyRingFor(spec: string): Promise<KeyRing> {
  let ring = ringCache.get(spec);
  if (!ring) {
    ring = loadKeyRing(spec);
    ring.catch(() => ringCache.delete(spec));
    ringCache.set(spec, ring);
  }
  return ring;
}
