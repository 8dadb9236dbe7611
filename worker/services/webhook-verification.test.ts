import { describe, expect, it } from "vitest";
import type { WebhookDelivery, WebhookSecretSource, WebhookSupport } from "../../adapters/types";
import { deliveryIsAuthentic, webhookPath } from "./webhook-verification";

/** A provider whose signature is the secret itself in a header, so each case reads plainly. */
function provider(secretSource: WebhookSecretSource): WebhookSupport & { verified: WebhookDelivery[] } {
  const verified: WebhookDelivery[] = [];
  return {
    verified,
    secretSource,
    verify: async (secret, delivery) => {
      verified.push(delivery);
      return delivery.headers.get("x-signature") === secret;
    },
    deliveryIdSource: "the body's id",
    deliveryId: (_headers, body) => (typeof body === "object" && body !== null && typeof (body as { id?: unknown }).id === "string" ? (body as { id: string }).id : null),
    eventMismatch: () => null,
    interpret: () => ({ type: "ignore", event: "any" }),
    setupHelp: "",
  };
}

const delivery = (headers: Record<string, string> = {}): WebhookDelivery => ({
  rawBody: new TextEncoder().encode('{"id":"d1"}'),
  headers: new Headers(headers),
  url: new URL("https://edgedock.example/webhooks/p/dck_1"),
});

describe("webhook delivery authentication", () => {
  it("a signing provider's delivery passes with the right signature and fails with another", async () => {
    const signing = provider("edgedock");
    expect(await deliveryIsAuthentic(signing, "s3cret-value", undefined, delivery({ "x-signature": "s3cret-value" }))).toBe(true);
    expect(await deliveryIsAuthentic(signing, "s3cret-value", undefined, delivery({ "x-signature": "other" }))).toBe(false);
  });

  it("the provider's verification sees the URL the delivery was posted to", async () => {
    const signing = provider("provider");
    await deliveryIsAuthentic(signing, "s3cret-value", undefined, delivery({ "x-signature": "s3cret-value" }));
    expect(signing.verified[0]!.url.pathname).toBe("/webhooks/p/dck_1");
  });

  it("a dock whose provider-issued secret was never pasted in takes nothing", async () => {
    const issued = provider("provider");
    expect(await deliveryIsAuthentic(issued, null, undefined, delivery({ "x-signature": "" }))).toBe(false);
    expect(issued.verified).toHaveLength(0);
  });

  it("a provider that signs nothing is let in only by the token in the URL, never by a signature", async () => {
    const unsigned = provider("url_token");
    const token = "tok_0123456789abcdef0123456789abcdef";
    expect(await deliveryIsAuthentic(unsigned, token, token, delivery())).toBe(true);
    expect(await deliveryIsAuthentic(unsigned, token, `${token}x`, delivery())).toBe(false);
    expect(await deliveryIsAuthentic(unsigned, token, undefined, delivery({ "x-signature": token }))).toBe(false);
    expect(unsigned.verified).toHaveLength(0);
  });

  it("a token on the URL of a signing provider is refused, so each dock has one way in", async () => {
    const signing = provider("edgedock");
    expect(await deliveryIsAuthentic(signing, "s3cret-value", "s3cret-value", delivery({ "x-signature": "s3cret-value" }))).toBe(false);
  });

  it("only a provider that signs nothing has its token in the webhook URL", () => {
    expect(webhookPath(provider("url_token"), "p", "dck_1", "tok")).toBe("/webhooks/p/dck_1/tok");
    expect(webhookPath(provider("edgedock"), "p", "dck_1", "tok")).toBe("/webhooks/p/dck_1");
    expect(webhookPath(provider("provider"), "p", "dck_1", null)).toBe("/webhooks/p/dck_1");
    expect(webhookPath(undefined, "p", "dck_1", "tok")).toBe("/webhooks/p/dck_1");
  });
});
