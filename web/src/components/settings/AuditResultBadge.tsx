import type { AuditEntry } from "../../../../shared/audit";

const LOOK: Record<AuditEntry["result"], { label: string; className: string }> = {
  success: {
    label: "Success",
    className: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-500/40",
  },
  denied: {
    label: "Denied",
    className: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
  },
  failure: {
    label: "Failure",
    className: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
  },
};

export function auditResultLabel(result: AuditEntry["result"]): string {
  return LOOK[result].label;
}

export function AuditResultBadge({ result }: { result: AuditEntry["result"] }) {
  const { label, className } = LOOK[result];
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}>{label}</span>;
}
