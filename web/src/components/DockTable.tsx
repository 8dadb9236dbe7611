import type { Dock } from "../../../shared/docks";
import { formatInterval } from "../lib/format";
import { DockStatusBadge } from "./DockStatusBadge";
import { RelativeTime } from "./RelativeTime";
import { cardStyles } from "./styles";

interface DockTableProps {
  docks: Dock[];
  /** Provider id → display name; ids are shown for providers the catalogue does not (or not yet) list. */
  providerNames: ReadonlyMap<string, string>;
}

const th = "px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
const td = "px-4 py-3 align-top";

export function DockTable({ docks, providerNames }: DockTableProps) {
  return (
    // Focusable so keyboard users can scroll the table sideways on narrow screens.
    <div className={`overflow-x-auto ${cardStyles}`} tabIndex={0} role="region" aria-label="Docks">
      <table className="w-full min-w-[48rem] text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Name</th>
            <th scope="col" className={th}>Provider</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Last sync</th>
            <th scope="col" className={th}>Next sync</th>
            <th scope="col" className={th}>Last error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {docks.map((dock) => (
            <tr key={dock.id}>
              <th scope="row" className={`${td} text-left font-medium`}>
                {dock.name}
                <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
                  Every {formatInterval(dock.syncIntervalSeconds)}
                </span>
              </th>
              <td className={td}>{providerNames.get(dock.provider) ?? dock.provider}</td>
              <td className={td}>
                <DockStatusBadge status={dock.status} />
              </td>
              <td className={`${td} whitespace-nowrap`}>
                {dock.lastSyncAt ? <RelativeTime iso={dock.lastSyncAt} /> : <span className="text-slate-500">Never</span>}
              </td>
              <td className={`${td} whitespace-nowrap`}>
                <NextSync dock={dock} />
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NextSync({ dock }: { dock: Dock }) {
  if (!dock.syncEnabled || dock.status === "paused") return <span className="text-slate-500">Paused</span>;
  if (!dock.nextSyncAt) return <span className="text-slate-500">Not scheduled</span>;
  // A time in the past means the dock is queued; "5 minutes ago" would read as if it had run.
  if (Date.parse(dock.nextSyncAt) <= Date.now()) return <span>Due now</span>;
  return <RelativeTime iso={dock.nextSyncAt} />;
}
