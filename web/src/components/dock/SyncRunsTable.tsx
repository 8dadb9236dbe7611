import type { SyncRun, SyncTrigger } from "../../../../shared/resources";
import { useSyncProgress } from "../../live/stores";
import { RelativeTime } from "../RelativeTime";
import { cardStyles } from "../styles";
import { formatNumber } from "../../lib/format";

const TRIGGER_LABELS: Record<SyncTrigger, string> = {
  schedule: "Schedule",
  manual: "Sync now",
  webhook: "Webhook",
  cron: "Cron",
};

const STATUS_LOOK: Record<SyncRun["status"], { label: string; className: string }> = {
  running: {
    label: "Running",
    className: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-500/15 dark:text-sky-300 dark:ring-sky-500/40",
  },
  partial: {
    label: "Partial",
    className: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
  },
  succeeded: {
    label: "Succeeded",
    className: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-500/40",
  },
  failed: {
    label: "Failed",
    className: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
  },
};

/** "0.4 s", "12 s", "3 min 4 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.floor(minutes / 60)} h`;
}

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
const thNumber = `${th} text-right`;
// Below `sm` every run becomes a small card of two columns: cells carry their own labels.
const td = "px-3 py-3 align-top max-sm:flex max-sm:justify-between max-sm:gap-3 max-sm:px-0 max-sm:py-0.5";
const tdNumber = `${td} text-right tabular-nums`;
const mobileLabel = "text-slate-500 sm:hidden dark:text-slate-400";

/** A dock's sync runs, newest first. */
export function SyncRunsTable({ orgId, runs }: { orgId: string; runs: SyncRun[] }) {
  return (
    // Focusable so keyboard users can scroll the table sideways between `sm` and the table's full width.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (WCAG 2.1.1).
    <section className={`overflow-x-auto max-sm:overflow-visible ${cardStyles}`} tabIndex={0} aria-label="Sync runs">
      <table className="w-full text-sm max-sm:block sm:min-w-[56rem]">
        <thead className="border-b border-slate-200 bg-slate-50 max-sm:sr-only dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Trigger</th>
            <th scope="col" className={th}>Started</th>
            <th scope="col" className={th}>Duration</th>
            <th scope="col" className={thNumber}>Pages</th>
            <th scope="col" className={thNumber}>Resources</th>
            <th scope="col" className={thNumber}>Created</th>
            <th scope="col" className={thNumber}>Updated</th>
            <th scope="col" className={thNumber}>Deleted</th>
            <th scope="col" className={th}>Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-sm:block dark:divide-slate-800">
          {runs.map((run) => (
            <SyncRunRow key={run.id} orgId={orgId} run={run} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SyncRunRow({ orgId, run }: { orgId: string; run: SyncRun }) {
  const progress = useSyncProgress(orgId, run.dockId);
  // While it runs, the row counts along with the live channel; the stored counters only move at the end.
  const live = run.status === "running" && progress?.runId === run.id ? progress : undefined;
  const look = STATUS_LOOK[run.status];

  return (
    <tr className="max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-5 max-sm:gap-y-1 max-sm:px-4 max-sm:py-3">
      <td className={td}>
        <span className={mobileLabel}>Status</span>
        <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${look.className}`}>
          {look.label}
        </span>
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Trigger</span>
        {TRIGGER_LABELS[run.trigger]}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Started</span>
        <RelativeTime iso={run.startedAt} />
      </td>
      <td className={`${td} whitespace-nowrap tabular-nums`}>
        <span className={mobileLabel}>Duration</span>
        {run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : "Running…"}
      </td>
      <td className={tdNumber}>
        <span className={mobileLabel}>Pages</span>
        <span title={`${formatNumber(run.requests)} requests`}>{formatNumber(live?.pages ?? run.pages)}</span>
      </td>
      <td className={tdNumber}>
        <span className={mobileLabel}>Resources</span>
        {formatNumber(live?.resources ?? run.seen)}
      </td>
      <td className={tdNumber}>
        <span className={mobileLabel}>Created</span>
        <Count value={run.created} />
      </td>
      <td className={tdNumber}>
        <span className={mobileLabel}>Updated</span>
        <Count value={run.updated} />
      </td>
      <td className={tdNumber}>
        <span className={mobileLabel}>Deleted</span>
        <Count value={run.deleted} />
      </td>
      <td className={`${td} max-sm:col-span-2 sm:max-w-xs`}>
        <span className={mobileLabel}>Error</span>
        {run.error ? (
          <p className="line-clamp-3 break-words text-red-700 max-sm:text-right dark:text-red-300" title={run.error}>
            {run.error}
          </p>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">None</span>
        )}
      </td>
    </tr>
  );
}

/** Zero is the common case; it is dimmed so the counts that did move stand out. */
function Count({ value }: { value: number }) {
  return <span className={value === 0 ? "text-slate-400 dark:text-slate-500" : "font-medium"}>{formatNumber(value)}</span>;
}
