import { useId } from "react";
import type { Dock, DockKind } from "../../../../shared/docks";
import { formatNumber } from "../../lib/format";
import { KIND_LABELS, isResourceKind } from "../../lib/resource-kinds";
import { RelativeTime } from "../RelativeTime";
import { cardStyles, helpStyles } from "../styles";

const OUTCOME_LOOK: Record<DockKind["outcome"] | "pending", { label: string; className: string }> = {
  listed: {
    label: "Listed",
    className: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-500/40",
  },
  failed: {
    label: "Failed",
    className: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
  },
  permission_missing: {
    label: "Needs permission",
    className: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
  },
  pending: {
    label: "Not synced yet",
    className: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
  },
};

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
const thNumber = `${th} text-right`;
// Below `sm` every kind becomes a small card of two columns: cells carry their own labels.
const td = "px-3 py-3 align-top max-sm:flex max-sm:justify-between max-sm:gap-3 max-sm:px-0 max-sm:py-0.5";
const mobileLabel = "text-slate-500 sm:hidden dark:text-slate-400";

const labelOf = (kind: string) => (isResourceKind(kind) ? KIND_LABELS[kind] : kind);

interface DockKindsTableProps {
  dock: Dock;
  /** The kinds the provider syncs, in its order, when the catalogue is at hand: those never tried show as such. */
  providerKinds?: readonly string[];
}

/**
 * How each kind of the dock fared when it was last tried, and how old what is shown of it is: a kind that
 * failed or may not be read keeps the resources of its last full listing, so that listing's age is the
 * column that matters.
 */
export function DockKindsTable({ dock, providerKinds }: DockKindsTableProps) {
  const headingId = useId();
  const known = new Set(dock.kinds.map((k) => k.kind));
  const untried = (providerKinds ?? []).filter((kind) => !known.has(kind));

  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold">
        Kinds
      </h2>
      {dock.kinds.length === 0 && untried.length === 0 ? (
        <p className={helpStyles}>Nothing has been listed from this dock yet; each kind appears here after its first sync.</p>
      ) : (
        // Focusable so keyboard users can scroll the table sideways on narrow screens.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (WCAG 2.1.1).
        <section className={`overflow-x-auto max-sm:overflow-visible ${cardStyles}`} tabIndex={0} aria-label="Kinds of this dock">
          <table className="w-full text-sm max-sm:block sm:min-w-[44rem]">
            <thead className="border-b border-slate-200 bg-slate-50 max-sm:sr-only dark:border-slate-800 dark:bg-slate-800/40">
              <tr>
                <th scope="col" className={th}>Kind</th>
                <th scope="col" className={th}>Outcome</th>
                <th scope="col" className={thNumber}>Resources</th>
                <th scope="col" className={th}>Last full listing</th>
                <th scope="col" className={th}>Last attempt</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 max-sm:block dark:divide-slate-800">
              {dock.kinds.map((kind) => (
                <KindRow key={kind.kind} kind={kind} />
              ))}
              {untried.map((kind) => (
                <UntriedRow key={kind} kind={kind} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

function Badge({ look }: { look: { label: string; className: string } }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${look.className}`}>
      {look.label}
    </span>
  );
}

/** What went wrong, in words that say what to do: the permission to grant, or the provider's reason. */
function OutcomeDetail({ kind }: { kind: DockKind }) {
  if (kind.outcome === "permission_missing") {
    return (
      <p className="break-words text-amber-800 dark:text-amber-200">
        {kind.scope ? (
          <>
            The credentials lack <code className="font-mono text-xs">{kind.scope}</code>; grant it to the token to sync this kind.
          </>
        ) : (
          (kind.reason ?? "The credentials may not read this kind.")
        )}
      </p>
    );
  }
  if (kind.outcome === "failed" && kind.reason) {
    return (
      <p className="line-clamp-3 break-words text-red-700 dark:text-red-300" title={kind.reason}>
        {kind.reason}
      </p>
    );
  }
  return null;
}

function KindRow({ kind }: { kind: DockKind }) {
  return (
    <tr className="max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-5 max-sm:gap-y-1 max-sm:px-4 max-sm:py-3">
      <th scope="row" className={`${td} text-left font-medium`}>
        <span className={mobileLabel}>Kind</span>
        {labelOf(kind.kind)}
      </th>
      <td className={`${td} max-sm:col-span-2 sm:max-w-sm`}>
        <span className={mobileLabel}>Outcome</span>
        <div className="space-y-1 max-sm:text-right">
          <Badge look={OUTCOME_LOOK[kind.outcome]} />
          <OutcomeDetail kind={kind} />
        </div>
      </td>
      <td className={`${td} text-right tabular-nums`}>
        <span className={mobileLabel}>Resources</span>
        {kind.count === null ? <span className="text-slate-500 dark:text-slate-400">—</span> : formatNumber(kind.count)}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Last full listing</span>
        {kind.listedAt ? <RelativeTime iso={kind.listedAt} /> : <span className="text-slate-500 dark:text-slate-400">Never</span>}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Last attempt</span>
        {kind.attemptedAt ? <RelativeTime iso={kind.attemptedAt} /> : <span className="text-slate-500 dark:text-slate-400">—</span>}
      </td>
    </tr>
  );
}

function UntriedRow({ kind }: { kind: string }) {
  const none = <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <tr className="max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-5 max-sm:gap-y-1 max-sm:px-4 max-sm:py-3">
      <th scope="row" className={`${td} text-left font-medium`}>
        <span className={mobileLabel}>Kind</span>
        {labelOf(kind)}
      </th>
      <td className={`${td} max-sm:col-span-2`}>
        <span className={mobileLabel}>Outcome</span>
        <Badge look={OUTCOME_LOOK.pending} />
      </td>
      <td className={`${td} text-right`}>
        <span className={mobileLabel}>Resources</span>
        {none}
      </td>
      <td className={td}>
        <span className={mobileLabel}>Last full listing</span>
        <span className="text-slate-500 dark:text-slate-400">Never</span>
      </td>
      <td className={td}>
        <span className={mobileLabel}>Last attempt</span>
        {none}
      </td>
    </tr>
  );
}
