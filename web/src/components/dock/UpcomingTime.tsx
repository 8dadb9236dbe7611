import { formatDateTime } from "../../lib/format";
import { RelativeTime } from "../RelativeTime";

/**
 * A moment expected soon. Relative times round anything within a minute to "now", which for a retry that
 * is seconds away reads as if it were happening already; those say "in a few seconds" instead.
 */
export function UpcomingTime({ iso }: { iso: string }) {
  const ms = Date.parse(iso) - Date.now();
  if (ms > 0 && ms < 60_000) {
    return (
      <time dateTime={iso} title={formatDateTime(iso)}>
        in a few seconds
      </time>
    );
  }
  return <RelativeTime iso={iso} />;
}
