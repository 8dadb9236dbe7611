/**
 * The kind declarations and what is derived from them: each kind complete (labels, group, area, a strict
 * attribute schema, columns of its own attributes), parent kinds that exist, the enum and the discriminated
 * schemas built from exactly these kinds, and the navigation the dashboard shows.
 */
import { describe, expect, it } from "vitest";
import { allows, normalizePermissions } from "../permissions";
import { MONITORING_KINDS, normalizedResourceSchema, RESOURCE_KINDS, resourceKindSchema, resourceSchema } from "../resources";
import type { NormalizedResource } from "../resources";
import { formatBytes, formatCell } from "./columns";
import { areaOfKind, childKindsOf, COLUMN_FORMATS, KIND_AREAS, KIND_DECLARATIONS, KIND_GROUPS, kindDeclaration, kindGroups, parentKindsOf } from "./index";
import type { ResourceKind } from "./index";
import { resourceNavigation } from "./navigation";
import { KIND_EXAMPLES as EXAMPLES } from "../../test/kind-examples";

const resourceOf = (kind: ResourceKind, extra: Partial<NormalizedResource> = {}) => ({
  kind,
  externalId: `${kind}-1`,
  name: `a ${kind}`,
  status: "active",
  providerStatus: null,
  region: null,
  url: null,
  createdAt: null,
  monthlyCostCents: null,
  currency: null,
  attributes: EXAMPLES[kind],
  ...extra,
});

describe("the declarations", () => {
  it("list each kind once, and the enum is exactly their ids in order", () => {
    const ids = KIND_DECLARATIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...RESOURCE_KINDS]).toEqual(ids);
    expect(resourceKindSchema.options).toEqual(ids);
    // The kinds issue 10 adds, beside the fourteen there were.
    expect(ids).toEqual(expect.arrayContaining(["firewall", "network", "kubernetes_cluster", "certificate", "workflow_run", "snapshot", "project", "backup"]));
    expect(ids).toHaveLength(21);
  });

  it.each(KIND_DECLARATIONS.map((d) => [d.id, d] as const))("%s has labels, a group, an area, a strict schema and columns of its own attributes", (_id, d) => {
    expect(d.labels.singular.trim()).not.toBe("");
    expect(d.labels.plural.trim()).not.toBe("");
    expect(d.labels.plural).not.toBe(d.labels.singular);
    expect(KIND_GROUPS.map((g) => g.id)).toContain(d.group);
    expect(KIND_AREAS).toContain(d.area);
    // Strict: an attribute the schema does not name is the adapter's mistake, reported rather than stored.
    expect(d.attributes.safeParse({ ...EXAMPLES[d.id], surprise: 1 }).success).toBe(false);
    expect(d.attributes.safeParse(EXAMPLES[d.id]).success).toBe(true);
    expect(d.columns.length).toBeGreaterThan(0);
    for (const column of d.columns) {
      expect(Object.keys(d.attributes.shape)).toContain(column.key);
      expect(COLUMN_FORMATS).toContain(column.format);
      expect(column.header.trim()).not.toBe("");
    }
    for (const word of Object.values(d.activity)) expect(word.trim()).not.toBe("");
  });

  it("name only declared kinds as parents, and children are the inverse of parents", () => {
    for (const d of KIND_DECLARATIONS) {
      for (const parent of d.parents) expect(RESOURCE_KINDS as readonly string[]).toContain(parent);
      expect(d.parents).not.toContain(d.id);
    }
    expect(parentKindsOf("dns_record")).toEqual(["domain"]);
    expect(parentKindsOf("deployment")).toEqual(expect.arrayContaining(["web_service", "repository"]));
    expect(parentKindsOf("workflow_run")).toEqual(["repository"]);
    expect(parentKindsOf("issue")).toEqual(["project"]);
    expect(parentKindsOf("database")).toEqual(["project"]);
    expect(childKindsOf("domain")).toEqual(["dns_record"]);
    expect(childKindsOf("repository")).toEqual(["deployment", "workflow_run"]);
    for (const kind of RESOURCE_KINDS) for (const child of childKindsOf(kind)) expect(parentKindsOf(child)).toContain(kind);
  });

  it("put monitors and issues in the monitoring area and everything else in resources", () => {
    expect([...MONITORING_KINDS]).toEqual(["monitor", "issue"]);
    expect(RESOURCE_KINDS.filter((k) => areaOfKind(k) === "resources")).toHaveLength(RESOURCE_KINDS.length - 2);
  });

  it("group every kind exactly once, in the groups' order", () => {
    const grouped = kindGroups().flatMap((g) => g.kinds);
    expect([...grouped].sort()).toEqual([...RESOURCE_KINDS].sort());
    expect(kindGroups().map((g) => g.id)).toEqual(KIND_GROUPS.map((g) => g.id).filter((id) => grouped.some((k) => kindDeclaration(k).group === id)));
  });
});

describe("the schemas built from them", () => {
  it.each(RESOURCE_KINDS.map((k) => [k]))("accept a normalized %s, and refuse its attributes under another kind", (kind) => {
    expect(normalizedResourceSchema.safeParse(resourceOf(kind)).success).toBe(true);
    const other = kind === "server" ? "bucket" : "server";
    expect(normalizedResourceSchema.safeParse({ ...resourceOf(kind), kind: other }).success).toBe(false);
  });

  it("keep a resource without a parent exactly as it was: no parentExternalId key appears", () => {
    const parsed = normalizedResourceSchema.parse(resourceOf("server"));
    expect(Object.keys(parsed)).not.toContain("parentExternalId");
    expect(normalizedResourceSchema.parse(resourceOf("dns_record", { parentExternalId: "example.com" })).parentExternalId).toBe("example.com");
    expect(normalizedResourceSchema.safeParse(resourceOf("dns_record", { parentExternalId: "" })).success).toBe(false);
  });

  it("the API's resource carries parentId and parentExternalId", () => {
    const stored = { id: "res_1", provider: "digitalocean", dockId: "dock_1", firstSeenAt: "2026-01-01T00:00:00Z", lastSeenAt: "2026-01-01T00:00:00Z", deletedAt: null };
    const api = { ...resourceOf("dns_record"), ...stored, parentExternalId: "example.com", parentId: "res_domain" };
    expect(resourceSchema.safeParse(api).success).toBe(true);
    const { parentId: _parentId, ...withoutParentId } = api;
    expect(resourceSchema.safeParse(withoutParentId).success).toBe(false);
  });
});

describe("columns", () => {
  it("format by their declared format", () => {
    expect(formatCell({ format: "number", unit: "GB" }, 100)).toBe("100 GB");
    expect(formatCell({ format: "number" }, 12480)).toBe("12,480");
    expect(formatCell({ format: "bytes" }, 1536)).toBe("1.5 KB");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GB");
    expect(formatCell({ format: "boolean" }, false)).toBe("No");
    expect(formatCell({ format: "list" }, ["a", "b"])).toBe("a, b");
    expect(formatCell({ format: "list" }, [])).toBeNull();
    expect(formatCell({ format: "list" }, [{ name: "pool-a", count: 3 }])).toBe("pool-a");
    expect(formatCell({ format: "text" }, null)).toBeNull();
    expect(formatCell({ format: "date" }, "2027-01-01T00:00:00Z")).toBe("2027-01-01T00:00:00Z");
  });
});

describe("the navigation", () => {
  const owner = normalizePermissions({ resources: "full", monitoring: "full", docks: "full" });
  const monitoringOnly = normalizePermissions({ monitoring: "read" });
  const readerOf = (p: ReturnType<typeof normalizePermissions>) => (kind: ResourceKind) => allows(p, areaOfKind(kind), "read");
  const kindsOf = (groups: ReturnType<typeof resourceNavigation>["groups"]) => groups.flatMap((g) => g.kinds.map((k) => k.kind));

  it("shows the kinds with something, with their counts, and says how many it left out", () => {
    const nav = resourceNavigation({ canRead: readerOf(owner), counts: { server: 20, dns_record: 4, monitor: 1 }, showAll: false });
    expect(kindsOf(nav.groups)).toEqual(["server", "dns_record", "monitor"]);
    expect(nav.groups.map((g) => g.label)).toEqual(["Compute", "Network", "Monitoring"]);
    expect(nav.groups[0]!.kinds[0]).toEqual({ kind: "server", label: "Servers", count: 20 });
    expect(nav.hidden).toBe(RESOURCE_KINDS.length - 3);
  });

  it("shows every readable kind when asked, and the open page's kind always", () => {
    expect(kindsOf(resourceNavigation({ canRead: readerOf(owner), counts: {}, showAll: true }).groups)).toHaveLength(RESOURCE_KINDS.length);
    expect(kindsOf(resourceNavigation({ canRead: readerOf(owner), counts: {}, showAll: false, current: "firewall" }).groups)).toEqual(["firewall"]);
    // Counts not known yet (or not readable): nothing is hidden for want of them.
    const unknown = resourceNavigation({ canRead: readerOf(owner), counts: undefined, showAll: false });
    expect(kindsOf(unknown.groups)).toHaveLength(RESOURCE_KINDS.length);
    expect(unknown.hidden).toBe(0);
  });

  it("offers only the kinds of the role's areas", () => {
    const nav = resourceNavigation({ canRead: readerOf(monitoringOnly), counts: { server: 5, monitor: 2, issue: 0 }, showAll: true });
    expect(kindsOf(nav.groups)).toEqual(["monitor", "issue"]);
  });
});
