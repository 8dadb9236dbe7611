import { Link } from "@tanstack/react-router";
import type { Dock } from "../../../shared/docks";
import { formatInterval } from "../lib/format";
import { DockStatusBadge } from "./DockStatusBadge";
import { RelativeTime } from "./RelativeTime";
import { SyncNowButton } from "./SyncNowButton";
import { NextSync } from "./dock/NextSync";
import { RateLimitSummary } from "./dock/RateLimitSummary";
import { SyncProgressLine } from "./dock/SyncProgressLine";
import { cardStyles, linkStyles } from "./styles";

interface DockTableProps {
  orgId: string;
  docks: Dock[];
  /** Provider id → display name; ids are shown for providers the catalogue does not (or not yet) list. */
  providerNames: ReadonlyMap<string, string>;
  /** Whether to offer "Sync now" (`docks: full`). */
  canSync: boolean;
}

const th = "px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
const td = "px-4 py-3 align-top";

export function DockTable({ orgId, docks, providerNames, canSync }: DockTableProps) {
  return (
    // Focusable so keyboard users can scroll the table sideways on narrow screens.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (WCAG 2.1.1).
    <section className={`overflow-x-auto ${cardStyles}`} tabIndex={0} aria-label="Docks">
      <table className={`w-full text-sm ${canSync ? "min-w-[68rem]" : "min-w-[58rem]"}`}>
        <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Name</th>
            <th scope="col" className={th}>Provider</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Last sync</th>
            <th scope="col" className={th}>Next sync</th>
            <th scope="col" className={th}>Rate limit</th>
            <th scope="col" className={th}>Last error</th>
            {canSync ? <th scope="col" className={th}>Actions</th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {docks.map((dock) => (
            <tr key={dock.id}>
              <th scope="row" className={`${td} text-left font-medium`}>
                <Link to="/orgs/$orgId/docks/$dockId" params={{ orgId, dockId: dock.id }} className={`${linkStyles} break-words`}>
                  {dock.name}
                </Link>
                <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
                  Every {formatInterval(dock.syncIntervalSeconds)}
                </span>
              </th>
              <td className={td}>{providerNames.get(dock.provider) ?? dock.provider}</td>
              <td className={td}>
                <DockStatusBadge status={dock.status} />
                <SyncProgressLine orgId={orgId} dock={dock} className="mt-1" />
              </td>
              <td className={`${td} whitespace-nowrap`}>
                {dock.lastSyncAt ? <RelativeTime iso={dock.lastSyncAt} /> : <span className="text-slate-500">Never</span>}
              </td>
              <td className={`${td} whitespace-nowrap`}>
                <NextSync dock={dock} />
              </td>
              <td className={td}>
                <RateLimitSummary rateLimit={dock.rateLimit} />
              </td>
              <td className={`${td} max-w-xs`}>
                {dock.lastError ? (
                  <p className="line-clamp-2 break-words text-red-700 dark:text-red-300" title={dock.lastError}>
                    {dock.lastError}
                  </p>
                ) : (
                  <span className="text-slate-500">None</span>
                )}
              </td>
              {canSync ? (
                <td className={td}>
                  <SyncNowButton orgId={orgId} dock={dock} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
