import { Outlet } from "@tanstack/react-router";
import { useMembership } from "../api/queries";
import { SettingsNav } from "../components/settings/SettingsNav";
import { settingsRoute } from "./settings-layout";

export function SettingsLayout() {
  const { orgId } = settingsRoute.useParams();
  const membership = useMembership(orgId);
  // The organization layout has already handled a missing membership.
  if (!membership) return null;
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <p className="text-sm font-medium text-slate-500 dark:text-slate-400">Settings · {membership.orgName}</p>
        <SettingsNav orgId={orgId} permissions={membership.role.permissions} />
      </div>
      <Outlet />
    </div>
  );
}
