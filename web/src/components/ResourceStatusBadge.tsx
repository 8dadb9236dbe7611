import type { ResourceStatus } from "../../../shared/resources";

const GREEN = "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-500/40";
const GREY = "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600";

const LOOK: Record<ResourceStatus, { label: string; className: string }> = {
  running: { label: "Running", className: GREEN },
  active: { label: "Active", className: GREEN },
  starting: {
    label: "Starting",
    className: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-500/15 dark:text-sky-300 dark:ring-sky-500/40",
  },
  stopped: {
    label: "Stopped",
    className: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
  },
  inactive: { label: "Inactive", className: GREY },
  error: {
    label: "Error",
    className: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
  },
  unknown: { label: "Unknown", className: GREY },
};

export function statusLabel(status: ResourceStatus): string {
  return LOOK[status].label;
}

/** EdgeDock's status, with the provider's own word beside it when it says something else. */
export function ResourceStatusBadge({ status, providerStatus }: { status: ResourceStatus; providerStatus?: string | null }) {
  const { label, className } = LOOK[status];
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}>
        {label}
      </span>
      {providerStatus && providerStatus.toLowerCase() !== status ? (
        <span className="text-xs text-slate-500 dark:text-slate-400" title="Status as the provider words it">
          {providerStatus}
        </span>
      ) : null}
    </span>
  );
}
