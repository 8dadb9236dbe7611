/** Which kinds a role may read: one rule for the API's lists and the dashboard's pages. */
import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES, normalizePermissions } from "./permissions";
import { canReadKind, kindsReadableWith, MONITORING_KINDS, RESOURCE_KINDS } from "./resources";

describe("readable kinds", () => {
  it("are those of every area the role may read, and nothing else", () => {
    const resourcesOnly = normalizePermissions({ resources: "read" });
    const monitoringOnly = normalizePermissions({ monitoring: "full" });
    expect(MONITORING_KINDS.length).toBeGreaterThan(0);
    expect(kindsReadableWith(resourcesOnly)).toEqual(RESOURCE_KINDS.filter((k) => !MONITORING_KINDS.includes(k)));
    expect(kindsReadableWith(monitoringOnly)).toEqual([...MONITORING_KINDS]);
    expect(kindsReadableWith(BUILT_IN_ROLES.viewer.permissions)).toEqual([...RESOURCE_KINDS]);
    expect(kindsReadableWith(normalizePermissions({ docks: "full", audit: "read" }))).toEqual([]);
    for (const kind of RESOURCE_KINDS) expect(canReadKind(monitoringOnly, kind), kind).toBe(MONITORING_KINDS.includes(kind));
  });
});
