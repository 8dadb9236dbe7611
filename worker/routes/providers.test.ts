/** The provider catalogue the dashboard builds its "Connect a provider" form from. */
import { describe, expect, it } from "vitest";
import { listAdapters } from "../../adapters/registry";
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
    // Every registered provider, each as its manifest describes it: the registry is the only list.
    expect([...byId.keys()].sort()).toEqual(listAdapters().map((a) => a.id).sort());
    for (const adapter of listAdapters()) {
      const listed = byId.get(adapter.id);
      expect(listed?.name).toBe(adapter.name);
      expect(listed?.webhooks).toBe(adapter.webhooks !== undefined);
      expect(listed?.resourceKinds).toEqual([...adapter.resourceKinds]);
      expect(listed?.credentialFields.map((f) => f.name)).toEqual(adapter.credentialFields.map((f) => f.name));
    }
    // Providers whose contract defines webhooks say so; the others are kept fresh by their schedule alone.
    expect(byId.get("github")?.webhooks).toBe(true);
    expect(byId.get("digitalocean")?.webhooks).toBe(false);
    expect(byId.get("digitalocean")?.credentialFields).toEqual([expect.objectContaining({ name: "token", secret: true })]);
    expect(byId.get("digitalocean")?.resourceKinds).toContain("server");
    // The test environment allows custom base URLs (the fakes live on loopback).
    expect(res.body.customBaseUrlsAllowed).toBe(true);
  });
});
