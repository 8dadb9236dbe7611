import { describe, expect, it } from "vitest";
import type { NormalizedResource } from "../../shared/resources";
import { diffResources } from "./diff";
import { contentHash, stableJson } from "./fingerprint";

const server = (overrides: Partial<NormalizedResource> = {}, attributes: Record<string, unknown> = {}): NormalizedResource =>
  ({
    kind: "server",
    externalId: "1",
    name: "web-1",
    status: "running",
    providerStatus: "active",
    region: "nyc3",
    url: null,
    createdAt: "2026-01-01T00:00:00Z",
    monthlyCostCents: 500,
    currency: "USD",
    attributes: { ipv4: "1.2.3.4", ipv6: null, privateIpv4: null, vcpus: 1, memoryMb: 1024, diskGb: 25, image: "Ubuntu", size: "s-1vcpu-1gb", tags: ["web"], ...attributes },
    ...overrides,
  }) as NormalizedResource;

describe("diffResources", () => {
  it("names each changed field with its value before and after", () => {
    const changes = diffResources(server(), server({ status: "stopped", providerStatus: "off", monthlyCostCents: 1000 }, { size: "s-2vcpu-2gb", tags: ["web", "prod"] }));
    expect(changes).toEqual([
      { field: "status", before: "running", after: "stopped" },
      { field: "providerStatus", before: "active", after: "off" },
      { field: "monthlyCostCents", before: 500, after: 1000 },
      { field: "attributes.size", before: "s-1vcpu-1gb", after: "s-2vcpu-2gb" },
      { field: "attributes.tags", before: ["web"], after: ["web", "prod"] },
    ]);
  });

  it("finds nothing between equal resources", () => {
    expect(diffResources(server(), server())).toEqual([]);
  });
});

describe("content hashing", () => {
  it("ignores key order but not values", async () => {
    const a = server();
    const { attributes, name, ...rest } = a;
    const b = JSON.parse(JSON.stringify({ attributes: { ...attributes }, name, ...rest })) as NormalizedResource;
    expect(stableJson(a)).toBe(stableJson(b));
    expect(await contentHash(a)).toBe(await contentHash(b));
    expect(await contentHash(server({ name: "web-2" }))).not.toBe(await contentHash(a));
    expect(await contentHash(a)).toMatch(/^[0-9a-f]{32}$/);
  });
});
