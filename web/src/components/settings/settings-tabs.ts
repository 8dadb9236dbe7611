import { allows } from "../../../../shared/permissions";
import type { Permissions } from "../../../../shared/permissions";

export interface SettingsTab {
  to: "/orgs/$orgId/settings/members" | "/orgs/$orgId/settings/roles" | "/orgs/$orgId/settings/tokens" | "/orgs/$orgId/settings/audit";
  label: string;
  /** Mirrors the permission the API checks for the tab's main read, so a tab is never a dead end. */
  allowed: (permissions: Permissions) => boolean;
}

export const SETTINGS_TABS: readonly SettingsTab[] = [
  // Every member may leave the organization from here, even a role that cannot list the other members.
  { to: "/orgs/$orgId/settings/members", label: "Members", allowed: () => true },
  { to: "/orgs/$orgId/settings/roles", label: "Roles", allowed: (p) => allows(p, "members", "read") },
  { to: "/orgs/$orgId/settings/tokens", label: "API tokens", allowed: (p) => allows(p, "organization", "read") },
  { to: "/orgs/$orgId/settings/audit", label: "Audit log", allowed: (p) => allows(p, "audit", "read") },
];

export function allowedSettingsTabs(permissions: Permissions): SettingsTab[] {
  return SETTINGS_TABS.filter((tab) => tab.allowed(permissions));
}
