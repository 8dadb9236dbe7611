import { useNavigate } from "@tanstack/react-router";
import { useId } from "react";
import type { Membership } from "../api/queries";

export function OrgSwitcher({ memberships, currentOrgId }: { memberships: Membership[]; currentOrgId: string | undefined }) {
  const id = useId();
  const navigate = useNavigate();
  const isMember = memberships.some((m) => m.orgId === currentOrgId);

  return (
    <div className="min-w-0 flex-1 sm:flex-none">
      <label htmlFor={id} className="sr-only">
        Organization
      </label>
      <select
        id={id}
        value={isMember ? currentOrgId : ""}
        onChange={(event) => void navigate({ to: "/orgs/$orgId/overview", params: { orgId: event.target.value } })}
        className="block w-full truncate sm:max-w-64 rounded-md border border-slate-300 bg-white py-1.5 pr-8 pl-2.5 text-base font-medium focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/40 focus:outline-none sm:text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {isMember ? null : (
          <option value="" disabled>
            Choose an organization
          </option>
        )}
        {memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.orgName} ({m.role.name})
          </option>
        ))}
      </select>
    </div>
  );
}
