/** The provider catalogue the dashboard builds its "Connect a provider" form from. */
import { describe, expect, it } from "vitest";
import { api } from "../../test/helpers";

interface Catalogue {
  items: { id: string; name: string; credentialFields: { name: string; secret: boolean }[]; resourceKinds: string[]; webhooks: boolean }[];
  customBaseUrlsAllowed: boolean;
}

describe("GET /api/providers", () => {
  it("lists each provider with its credential fields, kinds and whether it delivers webhooks", async () => {
    const res = await api<Catalogue>("GET", "/api/providers");
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual(["digitalocean", "github", "hetzner"]);
    // Only GitHub's contract defines webhooks; the others are kept fresh by their schedule alone.
    expect(byId.get("github")?.webhooks).toBe(true);
    expect(byId.get("digitalocean")?.webhooks).toBe(false);
    expect(byId.get("hetzner")?.webhooks).toBe(false);
    expect(byId.get("digitalocean")?.credentialFields).toEqual([expect.objectContaining({ name: "token", secret: true })]);
    expect(byId.get("digitalocean")?.resourceKinds).toContain("server");
    // The test environment allows custom base URLs (the fakes live on loopback).
    expect(res.body.customBaseUrlsAllowed).toBe(true);
  });
});
