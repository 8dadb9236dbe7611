import { describe, expect, it } from "vitest";
import { normalizedResourceSchema } from "../../shared/resources";
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

  it("takes a parent left out as no parent: a stored row (null) and a re-listing without the field are equal", () => {
    expect(diffResources(server({ parentExternalId: null }), server())).toEqual([]);
    expect(diffResources(server(), server({ parentExternalId: null }))).toEqual([]);
  });

  it("reports a new or changed parent, with null for none", () => {
    expect(diffResources(server({ parentExternalId: null }), server({ parentExternalId: "vpc-1" }))).toEqual([{ field: "parentExternalId", before: null, after: "vpc-1" }]);
    expect(diffResources(server({ parentExternalId: "vpc-1" }), server())).toEqual([{ field: "parentExternalId", before: "vpc-1", after: null }]);
  });
});

/** `contentHash(server())` as the code before parents computed it (fingerprint.ts at f670104). */
const PINNED_SERVER_HASH = "ac2227526429c997";

describe("content hashing", () => {
  it("ignores key order but not values", () => {
    const a = server();
    const { attributes, name, ...rest } = a;
    const attrs = attributes as Record<string, unknown>;
    const reordered = JSON.parse(JSON.stringify({ attributes: { tags: attrs.tags, ...attrs }, name, ...rest })) as NormalizedResource;
    expect(Object.keys(reordered)[0]).toBe("attributes");
    expect(stableJson(a)).toBe(stableJson(reordered));
    // Hashed resources come out of the schema, which puts keys in its own order.
    const hash = (r: NormalizedResource) => contentHash(normalizedResourceSchema.parse(r));
    expect(hash(a)).toBe(hash(reordered));
    expect(hash(server({ name: "web-2" }))).not.toBe(hash(a));
    expect(hash(server({}, { memoryMb: 1025 }))).not.toBe(hash(a));
    expect(hash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("hashes a resource without a parent as before the field existed, and one with a parent differently", () => {
    // What the engine hashed before `parentExternalId` existed, pinned: a resource without a parent must keep
    // it, or the first sync after the change would find every such resource changed.
    expect(contentHash(server())).toBe(PINNED_SERVER_HASH);
    expect(contentHash(server({ parentExternalId: "vpc-1" }))).not.toBe(PINNED_SERVER_HASH);
  });
});
