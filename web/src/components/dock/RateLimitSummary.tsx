import type { RateLimitState } from "../../../../shared/docks";
import { RelativeTime } from "../RelativeTime";
import { formatNumber } from "../../lib/format";

/** Below this share of the limit the remaining requests are highlighted: the next sync may have to wait. */
const LOW_SHARE = 0.1;

/** The provider's rate limit as last reported: requests left, when it resets, and how old that news is. */
export function RateLimitSummary({ rateLimit }: { rateLimit: RateLimitState | null }) {
  if (!rateLimit) return <span className="text-slate-500 dark:text-slate-400">Not reported yet</span>;
  const { limit, remaining, resetAt, observedAt } = rateLimit;
  const low = remaining !== null && (remaining === 0 || (limit !== null && limit > 0 && remaining / limit < LOW_SHARE));
  const resetInFuture = resetAt !== null && Date.parse(resetAt) > Date.now();

  return (
    <span className="space-y-0.5">
      <span className={`block tabular-nums ${low ? "font-medium text-amber-700 dark:text-amber-300" : ""}`}>
        {remaining !== null && limit !== null
          ? `${formatNumber(remaining)} of ${formatNumber(limit)} requests left`
          : remaining !== null
            ? `${formatNumber(remaining)} requests left`
            : limit !== null
              ? `Limit of ${formatNumber(limit)} requests`
              : "The provider does not report its limit"}
      </span>
      <span className="block text-xs text-slate-500 dark:text-slate-400">
        {resetAt !== null ? (
          <>
            {resetInFuture ? "Resets " : "Was reset "}
            <RelativeTime iso={resetAt} />
            {" · "}
          </>
        ) : null}
        as of <RelativeTime iso={observedAt} />
      </span>
    </span>
  );
}
