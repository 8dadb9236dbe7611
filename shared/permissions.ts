import { z } from "zod";

/** The areas a role grants access to. An area a role does not name is `none`. */
export const AREAS = [
  "organization",
  "members",
  "docks",
  "resources",
  "projects",
  "monitoring",
  "operations",
  "provisioning",
  "audit",
] as const;
export type Area = (typeof AREAS)[number];

export const LEVELS = ["none", "read", "full"] as const;
export const levelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof levelSchema>;

const LEVEL_RANK: Record<Level, number> = { none: 0, read: 1, full: 2 };

/** What a client may send: any subset of areas; unknown areas are rejected so typos do not silently grant nothing. */
export const permissionsInputSchema = z
  .object(Object.fromEntries(AREAS.map((area) => [area, levelSchema.optional()])) as Record<Area, z.ZodOptional<typeof levelSchema>>)
  .strict();

/** A complete permission object: every area present. */
export type Permissions = Record<Area, Level>;
export const permissionsSchema = z.object(
  Object.fromEntries(AREAS.map((area) => [area, levelSchema])) as Record<Area, typeof levelSchema>,
);

export function normalizePermissions(input: Partial<Record<Area, Level>>): Permissions {
  const out = {} as Permissions;
  for (const area of AREAS) out[area] = input[area] ?? "none";
  return out;
}

export function allows(permissions: Permissions, area: Area, level: Exclude<Level, "none">): boolean {
  return LEVEL_RANK[permissions[area]] >= LEVEL_RANK[level];
}

/** The lesser grant of two permission sets, area by area: a token never exceeds its creator. */
export function intersectPermissions(a: Permissions, b: Permissions): Permissions {
  const out = {} as Permissions;
  for (const area of AREAS) out[area] = LEVEL_RANK[a[area]] <= LEVEL_RANK[b[area]] ? a[area] : b[area];
  return out;
}

/** True when `candidate` grants nothing beyond `holder` in any area. */
export function isWithin(candidate: Permissions, holder: Permissions): boolean {
  return AREAS.every((area) => LEVEL_RANK[candidate[area]] <= LEVEL_RANK[holder[area]]);
}

export const BUILT_IN_ROLES = {
  owner: {
    name: "Owner",
    permissions: normalizePermissions(Object.fromEntries(AREAS.map((a) => [a, "full"]))),
  },
  admin: {
    name: "Admin",
    permissions: normalizePermissions({
      organization: "read",
      members: "full",
      docks: "full",
      resources: "full",
      projects: "full",
      monitoring: "full",
      operations: "full",
      provisioning: "full",
      audit: "read",
    }),
  },
  viewer: {
    name: "Viewer",
    permissions: normalizePermissions({
      organization: "read",
      members: "read",
      docks: "read",
      resources: "read",
      projects: "read",
      monitoring: "read",
    }),
  },
} as const satisfies Record<string, { name: string; permissions: Permissions }>;
export type BuiltInRoleKey = keyof typeof BUILT_IN_ROLES;
