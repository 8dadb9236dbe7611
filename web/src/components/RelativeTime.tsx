import { formatDateTime, formatRelative } from "../lib/format";

/** A timestamp read as "5 minutes ago", with the exact date on hover and in the markup. */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}
