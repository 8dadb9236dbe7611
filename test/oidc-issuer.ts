/** A minimal OpenID issuer on loopback: discovery and JWKS, with the private key handed to the tests. */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { exportJWK, generateKeyPair } from "jose";

export async function startOidcIssuer() {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256" };
  const app = new Hono();
  let issuer = "";
  app.get("/.well-known/openid-configuration", (c) => c.json({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` }));
  app.get("/.well-known/jwks.json", (c) => c.json({ keys: [publicJwk] }));
  const { url, close } = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
  issuer = url;
  return { issuer, privateJwk: JSON.stringify(privateJwk), close };
}
