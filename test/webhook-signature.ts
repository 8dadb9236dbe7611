/**
 * A GitHub delivery's `X-Hub-Signature-256`, computed here from GitHub's documented scheme (HMAC-SHA256 of the
 * raw body, hex, `sha256=` prefix) rather than with the adapter's own code, so tests check the verifier
 * against an independent signer.
 */
export async function githubSignature(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
