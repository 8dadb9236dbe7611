import type { Dock } from "../../../../shared/docks";
import { UpcomingTime } from "./UpcomingTime";

/** When the scheduler will next sync the dock, in words that do not mislead about paused or overdue docks. */
export function NextSync({ dock }: { dock: Dock }) {
  if (!dock.syncEnabled || dock.status === "paused") return <span className="text-slate-500 dark:text-slate-400">Paused</span>;
  if (!dock.nextSyncAt) return <span className="text-slate-500 dark:text-slate-400">Not scheduled</span>;
  // A time in the past means the dock is queued; "5 minutes ago" would read as if it had run.
  if (Date.parse(dock.nextSyncAt) <= Date.now()) return <span>Due now</span>;
  return <UpcomingTime iso={dock.nextSyncAt} />;
}
