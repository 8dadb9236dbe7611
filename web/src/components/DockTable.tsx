import type { Dock } from "../../../shared/docks";
import { formatCount, formatInterval } from "../lib/format";
import { useSyncProgress } from "../live/stores";
import { DockStatusBadge } from "./DockStatusBadge";
import { RelativeTime } from "./RelativeTime";
import { SyncNowButton } from "./SyncNowButton";
import { cardStyles } from "./styles";

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
    <div className={`overflow-x-auto ${cardStyles}`} tabIndex={0} role="region" aria-label="Docks">
      <table className={`w-full text-sm ${canSync ? "min-w-[58rem]" : "min-w-[48rem]"}`}>
        <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Name</th>
            <th scope="col" className={th}>Provider</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Last sync</th>
            <th scope="col" className={th}>Next sync</th>
            <th scope="col" className={th}>Last error</th>
            {canSync ? <th scope="col" className={th}>Actions</th> : null}
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
                <SyncProgressLine orgId={orgId} dock={dock} />
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
              {canSync ? (
                <td className={td}>
                  <SyncNowButton orgId={orgId} dock={dock} />
                </td>
              ) : null}
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

/**
 * How far the running sync has got, from the live channel. Not a live region: it changes with every page
 * the sync fetches, and announcing each would drown everything else; the status badge's change is what
 * matters and is read with the row.
 */
function SyncProgressLine({ orgId, dock }: { orgId: string; dock: Dock }) {
  const progress = useSyncProgress(orgId, dock.id);
  // Progress can outlive its run by a moment (messages race the status change); only a syncing dock shows it.
  if (dock.status !== "syncing" || !progress) return null;
  return (
    <p className="mt-1 text-xs whitespace-nowrap text-sky-800 tabular-nums dark:text-sky-300">
      Syncing… {formatCount(progress.resources, "resource")}, page {progress.pages}
    </p>
  );
}
