import { Link } from "@tanstack/react-router";
import type { Permissions } from "../../../../shared/permissions";
import { allowedSettingsTabs } from "./settings-tabs";

const tabClass =
  "-mb-px inline-block border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-600 hover:border-slate-300 hover:text-slate-900 focus-visible:rounded-t-md focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 data-[status=active]:border-indigo-600 data-[status=active]:text-indigo-700 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100 dark:data-[status=active]:border-indigo-400 dark:data-[status=active]:text-indigo-300";

/** The settings tabs the member's role may use; the others are not shown at all. */
export function SettingsNav({ orgId, permissions }: { orgId: string; permissions: Permissions }) {
  return (
    // Scrolls sideways on a narrow phone rather than wrapping into a second row of tabs.
    <nav aria-label="Settings" className="overflow-x-auto">
      <ul className="flex w-max min-w-full gap-1 border-b border-slate-200 dark:border-slate-800">
        {allowedSettingsTabs(permissions).map((tab) => (
          <li key={tab.to}>
            <Link to={tab.to} params={{ orgId }} className={tabClass}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
