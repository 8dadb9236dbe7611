import type { SecurityEvent } from "../../../../shared/api";
import { formatDateTime } from "../../lib/format";
import { RelativeTime } from "../RelativeTime";
import { AuditResultBadge } from "../settings/AuditResultBadge";
import { AUDIT_ACTION_LABELS, isAuditAction } from "../settings/audit-labels";
import { cardStyles } from "../styles";

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
// Below `md` every row becomes a small card: cells stack and carry their own labels.
const td = "px-3 py-2.5 align-top max-md:block max-md:px-0 max-md:py-0.5";
const mobileLabel = "mr-2 text-slate-500 md:hidden dark:text-slate-400";

/** Why an attempt failed, in the owner's words; the API's own word for anything newer. */
const REASONS: Record<string, string> = {
  bad_credentials: "wrong password",
  throttled: "refused: too many failed attempts",
  unverified: "right password, address not confirmed yet (a new link was sent)",
};

function describe(event: SecurityEvent): string {
  const label = isAuditAction(event.action) ? AUDIT_ACTION_LABELS[event.action] : event.action;
  if (!event.reason) return label;
  return `${label}: ${REASONS[event.reason] ?? event.reason.replace(/_/g, " ")}`;
}

export function SecurityEventTable({ events }: { events: SecurityEvent[] }) {
  return (
    <div className={`overflow-hidden ${cardStyles}`}>
      <table className="w-full text-sm max-md:block">
        <caption className="sr-only">Sign-in events of your account, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 max-md:sr-only dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Time</th>
            <th scope="col" className={th}>Event</th>
            <th scope="col" className={th}>Result</th>
            <th scope="col" className={th}>Address</th>
            <th scope="col" className={th}>Browser</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-md:block dark:divide-slate-800">
          {events.map((event) => (
            <tr key={event.id} className="max-md:block max-md:space-y-0.5 max-md:px-4 max-md:py-3">
              <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-300`}>
                <span className={mobileLabel}>Time</span>
                <RelativeTime iso={event.at} />
                <span className="block text-xs text-slate-500 max-md:ml-2 max-md:inline dark:text-slate-400">{formatDateTime(event.at)}</span>
              </td>
              <td className={td}>
                <span className={mobileLabel}>Event</span>
                {describe(event)}
              </td>
              <td className={td}>
                <span className={mobileLabel}>Result</span>
                <AuditResultBadge result={event.result} />
              </td>
              <td className={`${td} font-mono text-xs break-all`}>
                <span className={`${mobileLabel} font-sans text-sm`}>Address</span>
                {event.ip ?? "unknown"}
              </td>
              <td className={`${td} max-w-64 truncate text-slate-600 max-md:max-w-none dark:text-slate-300`} title={event.userAgent ?? undefined}>
                <span className={mobileLabel}>Browser</span>
                {event.userAgent ?? "unknown"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
