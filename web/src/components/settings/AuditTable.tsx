import type { AuditEntry } from "../../../../shared/audit";
import type { AuditSearch } from "../../api/settings-queries";
import { formatDateTime } from "../../lib/format";
import { RelativeTime } from "../RelativeTime";
import { cardStyles } from "../styles";
import { AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS, isAuditAction } from "./audit-labels";
import { AuditResultBadge } from "./AuditResultBadge";

interface AuditTableProps {
  entries: AuditEntry[];
  /** Narrows the log to an actor, action or target shown in a row. */
  onFilter: (patch: Partial<AuditSearch>) => void;
}

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
// Below `md` every row becomes a small card: cells stack and carry their own labels.
const td = "px-3 py-2.5 align-top max-md:block max-md:px-0 max-md:py-0.5";
const mobileLabel = "mr-2 text-slate-500 md:hidden dark:text-slate-400";
const filterButton =
  "rounded text-left underline decoration-slate-300 decoration-dotted underline-offset-2 hover:decoration-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 dark:decoration-slate-600";

const ACTOR_KIND: Record<AuditEntry["actor"]["type"], string> = {
  user: "User",
  token: "API token",
  system: "System",
  anonymous: "Anonymous",
};

function actorText(actor: AuditEntry["actor"]): string {
  switch (actor.type) {
    case "user":
      return actor.name ?? "A deleted user";
    case "token":
      return actor.name ? `Token “${actor.name}”` : "A revoked API token";
    case "system":
      return "EdgeDock";
    case "anonymous":
      return "Not signed in";
  }
}

export function AuditTable({ entries, onFilter }: AuditTableProps) {
  return (
    <div className={`overflow-hidden ${cardStyles}`}>
      <table className="w-full text-sm max-md:block">
        <caption className="sr-only">Audit log entries, newest first. Names, actions and targets are buttons that filter the log by them.</caption>
        <thead className="border-b border-slate-200 bg-slate-50 max-md:sr-only dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Time</th>
            <th scope="col" className={th}>Actor</th>
            <th scope="col" className={th}>Action</th>
            <th scope="col" className={th}>Target</th>
            <th scope="col" className={th}>Result</th>
            <th scope="col" className={th}>Details</th>
            <th scope="col" className={th}>IP</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-md:block dark:divide-slate-800">
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} onFilter={onFilter} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditRow({ entry, onFilter }: { entry: AuditEntry; onFilter: AuditTableProps["onFilter"] }) {
  const { actor, target } = entry;
  const metadata = Object.entries(entry.metadata ?? {});
  return (
    <tr className="max-md:block max-md:space-y-0.5 max-md:px-4 max-md:py-3">
      <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-300`}>
        <span className={mobileLabel}>Time</span>
        <RelativeTime iso={entry.at} />
        {/* An audit trail needs the exact moment, not only "3 hours ago". */}
        <span className="block text-xs text-slate-500 max-md:ml-2 max-md:inline dark:text-slate-400">{formatDateTime(entry.at)}</span>
      </td>
      <td className={`${td} min-w-0`}>
        <span className={mobileLabel}>Actor</span>
        {actor.id ? (
          <button
            type="button"
            title={actor.id}
            className={`${filterButton} font-medium`}
            onClick={() => onFilter({ actorId: actor.id ?? undefined })}
          >
            {actorText(actor)}
            <span className="sr-only">: show only entries by this actor</span>
          </button>
        ) : (
          <span className="font-medium">{actorText(actor)}</span>
        )}
        <span className="block text-xs text-slate-500 max-md:ml-2 max-md:inline dark:text-slate-400">{ACTOR_KIND[actor.type]}</span>
      </td>
      <td className={td}>
        <span className={mobileLabel}>Action</span>
        <button type="button" className={filterButton} onClick={() => onFilter({ action: entry.action })}>
          {isAuditAction(entry.action) ? AUDIT_ACTION_LABELS[entry.action] : entry.action}
          <span className="sr-only">: show only this action</span>
        </button>
        <span className="block font-mono text-xs text-slate-500 max-md:inline max-md:ml-2 dark:text-slate-400">{entry.action}</span>
      </td>
      <td className={`${td} min-w-0`}>
        <span className={mobileLabel}>Target</span>
        {target.type ? (
          <>
            <span>{AUDIT_TARGET_LABELS[target.type] ?? target.type}</span>
            {target.id ? (
              <button
                type="button"
                className={`${filterButton} block font-mono text-xs break-all text-slate-600 max-md:ml-2 max-md:inline dark:text-slate-300`}
                onClick={() => onFilter({ targetType: target.type ?? undefined, targetId: target.id ?? undefined })}
              >
                {target.id}
                <span className="sr-only">: show only entries about this target</span>
              </button>
            ) : null}
          </>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">—</span>
        )}
      </td>
      <td className={td}>
        <span className={mobileLabel}>Result</span>
        <AuditResultBadge result={entry.result} />
      </td>
      <td className={`${td} min-w-0`}>
        <span className={mobileLabel}>Details</span>
        {/* A width for the user agent to be cut at; the full text is in its title. */}
        <div className="inline md:block md:max-w-xs">
          {metadata.length === 0 && !entry.userAgent ? <span className="text-slate-500 dark:text-slate-400">—</span> : null}
          {metadata.length > 0 ? (
            <dl className="inline text-xs text-slate-700 md:block dark:text-slate-300">
              {metadata.map(([key, value]) => (
                <div key={key} className="wrap-anywhere max-md:inline max-md:after:mx-1 max-md:after:content-['·'] max-md:last:after:content-none">
                  <dt className="inline text-slate-500 dark:text-slate-400">{key}: </dt>
                  <dd className="inline font-mono">{value === null ? "—" : String(value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {entry.userAgent ? (
            <p className="truncate text-xs text-slate-500 max-md:hidden dark:text-slate-400" title={entry.userAgent}>
              {entry.userAgent}
            </p>
          ) : null}
        </div>
      </td>
      <td className={`${td} font-mono text-xs wrap-anywhere text-slate-600 md:min-w-24 dark:text-slate-300`}>
        <span className={`${mobileLabel} font-sans text-sm`}>IP</span>
        {entry.ip ?? "—"}
      </td>
    </tr>
  );
}
