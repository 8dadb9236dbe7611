import { useQuery } from "@tanstack/react-query";
import { Link, useLocation } from "@tanstack/react-router";
import { useId, useState } from "react";
import type { ReactNode } from "react";
import { resourceNavigation } from "../../../shared/kinds/navigation";
import { RESOURCE_KINDS } from "../../../shared/resources";
import { summaryQueryOptions } from "../api/queries";
import type { Membership } from "../api/queries";
import { formatNumber } from "../lib/format";
import { canReadKind, isResourceKind } from "../lib/resource-kinds";
import { buttonStyles } from "./styles";

const SHOW_ALL_KEY = "edgedock.showAllKinds";

// Storage can be blocked (private modes); showing every kind is a preference, so failures are ignored.
function readShowAll(): boolean {
  try {
    return window.localStorage.getItem(SHOW_ALL_KEY) === "true";
  } catch {
    return false;
  }
}

function rememberShowAll(value: boolean): void {
  try {
    window.localStorage.setItem(SHOW_ALL_KEY, String(value));
  } catch {
    // See above.
  }
}

const kindLinkClass =
  "flex items-center justify-between gap-3 rounded-md px-2 py-1 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 data-[status=active]:bg-indigo-50 data-[status=active]:font-medium data-[status=active]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-100 dark:data-[status=active]:bg-indigo-500/15 dark:data-[status=active]:text-indigo-300";

/**
 * The organization's pages beside the resource navigation, for a role that may read some kind: a column on wide
 * screens, a strip above the page on narrow ones.
 */
export function WithResourceNav({ membership, children }: { membership: Membership; children: ReactNode }) {
  if (!RESOURCE_KINDS.some((kind) => canReadKind(membership.role.permissions, kind))) return <>{children}</>;
  return (
    <div className="lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8">
      <aside className="mb-6 lg:sticky lg:top-6 lg:mb-0 lg:max-h-[calc(100dvh-3rem)] lg:self-start lg:overflow-y-auto">
        <ResourceNav membership={membership} />
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}

/**
 * Every kind the role may read, grouped as the kinds declare, each one click away with its count — no menu to
 * open first. Kinds with nothing synced are left out until asked for, so two dozen kinds stay a short list;
 * the kind whose page is open always stays.
 */
export function ResourceNav({ membership }: { membership: Membership }) {
  const { orgId, role } = membership;
  const labelId = useId();
  const [showAll, setShowAll] = useState(readShowAll);
  // The live channel refreshes the summary as resources change, so a kind's first resource brings its entry.
  const summary = useQuery(summaryQueryOptions(orgId));
  const current = useLocation({ select: (l) => /^\/orgs\/[^/]+\/resources\/([^/]+)/.exec(l.pathname)?.[1] });
  const { groups, hidden } = resourceNavigation({
    canRead: (kind) => canReadKind(role.permissions, kind),
    counts: summary.data?.byKind,
    showAll,
    current: current && isResourceKind(current) ? current : undefined,
  });
  const toggle = () => {
    rememberShowAll(!showAll);
    setShowAll(!showAll);
  };

  return (
    <nav aria-label="Resources">
      {summary.isPending ? (
        <p role="status" className="px-2 py-1 text-sm text-slate-500 dark:text-slate-400">
          Loading resources…
        </p>
      ) : (
        // Narrow screens: the groups side by side in a strip that scrolls on its own; wide: a column. Positioned,
        // so the visually hidden counts (absolutely placed) are clipped by the strip instead of widening the page.
        <div className="relative flex gap-x-6 overflow-x-auto pb-1 lg:block lg:space-y-4 lg:overflow-visible lg:pb-0">
          {groups.map((group) => (
            <div key={group.id} className="shrink-0">
              <p id={`${labelId}-${group.id}`} className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
                {group.label}
              </p>
              <ul aria-labelledby={`${labelId}-${group.id}`} className="flex gap-1 lg:flex-col lg:gap-0.5">
                {group.kinds.map((entry) => (
                  <li key={entry.kind}>
                    <Link to="/orgs/$orgId/resources/$kind" params={{ orgId, kind: entry.kind }} activeOptions={{ includeSearch: false }} className={kindLinkClass}>
                      <span>{entry.label}</span>
                      {entry.count !== null ? (
                        <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">
                          <span aria-hidden="true">{formatNumber(entry.count)}</span>
                          <span className="sr-only"> ({entry.count})</span>
                        </span>
                      ) : null}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {groups.length === 0 ? <p className="px-2 py-1 text-sm text-slate-500 dark:text-slate-400">Nothing synced yet.</p> : null}
        </div>
      )}
      {showAll || hidden > 0 ? (
        <button type="button" aria-pressed={showAll} onClick={toggle} className={`${buttonStyles.quiet} mt-2 px-2 py-1 text-xs`}>
          Show all kinds
          {!showAll ? <span className="text-slate-500 dark:text-slate-400">({hidden} empty)</span> : null}
        </button>
      ) : null}
    </nav>
  );
}
