import { Link } from "@tanstack/react-router";
import { allows } from "../../../shared/permissions";
import type { Membership } from "../api/queries";

const linkClass =
  "rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 sm:px-3 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 data-[status=active]:bg-indigo-50 data-[status=active]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-100 dark:data-[status=active]:bg-indigo-500/15 dark:data-[status=active]:text-indigo-300";

/**
 * The organization's sections; each appears only for a role that may read it, as the API would refuse the rest.
 * The resource kinds have their own navigation beside the page (`ResourceNav`), always open: two dozen kinds
 * would not fit here, and a menu would cost a click before every kind.
 */
export function OrgNav({ membership }: { membership: Membership }) {
  const { orgId, role } = membership;
  const showDocks = allows(role.permissions, "docks", "read");

  return (
    <nav aria-label={`${membership.orgName} sections`} className="order-last w-full sm:order-none sm:w-auto">
      <ul className="flex flex-wrap items-center gap-1">
        <li>
          <Link to="/orgs/$orgId/overview" params={{ orgId }} className={linkClass}>
            Overview
          </Link>
        </li>
        <li>
          <Link to="/orgs/$orgId/activity" params={{ orgId }} className={linkClass}>
            Activity
          </Link>
        </li>
        {showDocks ? (
          <li>
            {/* Active on the docks pages below it too, such as "Connect a provider". */}
            <Link to="/orgs/$orgId/docks" params={{ orgId }} className={linkClass}>
              Docks
            </Link>
          </li>
        ) : null}
        <li>
          {/* Every member has settings of their own (API tokens); the settings pages show what the role allows. */}
          <Link to="/orgs/$orgId/settings" params={{ orgId }} className={linkClass}>
            Settings
          </Link>
        </li>
      </ul>
    </nav>
  );
}
