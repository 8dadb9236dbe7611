import type { Role } from "../../../shared/api";
import { AREAS, LEVELS, isWithin } from "../../../shared/permissions";
import type { Permissions } from "../../../shared/permissions";

/** How much a role grants in total; only used to order roles from most to least access. */
function breadth(permissions: Permissions): number {
  return AREAS.reduce((sum, area) => sum + LEVELS.indexOf(permissions[area]), 0);
}

/** Built-in roles first (Owner, Admin, Viewer: most access first), then custom roles by name. */
export function sortRoles(roles: Role[]): Role[] {
  return [...roles].sort((a, b) => {
    if (a.builtIn !== b.builtIn) return a.builtIn ? -1 : 1;
    if (a.builtIn) return breadth(b.permissions) - breadth(a.permissions);
    return a.name.localeCompare(b.name);
  });
}

/**
 * The API refuses to hand out a role with more access than the caller's own, and to change or remove
 * a member who holds one; the dashboard applies the same rule to decide what to offer.
 */
export function canGrant(role: { permissions: Permissions }, ownPermissions: Permissions): boolean {
  return isWithin(role.permissions, ownPermissions);
}

/** The role a new invitation starts with: the least access among the built-in roles the caller may grant. */
export function defaultInviteRole(grantable: Role[]): Role | undefined {
  const builtIn = grantable.filter((r) => r.builtIn);
  return builtIn[builtIn.length - 1] ?? grantable[0];
}
