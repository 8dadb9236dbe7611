import type { Dock } from "../../../../shared/docks";
import { formatCount } from "../../lib/format";
import { RelativeTime } from "../RelativeTime";
import { Fact, FactCard } from "./FactList";
import { NextSync } from "./NextSync";
import { RateLimitSummary } from "./RateLimitSummary";
import { UpcomingTime } from "./UpcomingTime";
import { SyncIntervalSelect, intervalLabel } from "./SyncIntervalSelect";

interface DockScheduleFactsProps {
  orgId: string;
  dock: Dock;
  canEdit: boolean;
  defaultIntervalSeconds: number | undefined;
}

/** When the dock synced, when it will next, how often, and what is holding it back. */
export function DockScheduleFacts({ orgId, dock, canEdit, defaultIntervalSeconds }: DockScheduleFactsProps) {
  return (
    <FactCard title="Schedule">
      <Fact label="Last sync">
        {dock.lastSyncAt ? <RelativeTime iso={dock.lastSyncAt} /> : <span className="text-slate-500 dark:text-slate-400">Never</span>}
      </Fact>
      <Fact label="Next sync">
        <NextSync dock={dock} />
      </Fact>
      <Fact label="Interval" stackOnPhones={canEdit}>
        {canEdit ? (
          <SyncIntervalSelect orgId={orgId} dock={dock} defaultSeconds={defaultIntervalSeconds} />
        ) : (
          intervalLabel(dock.syncIntervalSeconds)
        )}
      </Fact>
      <Fact label="Failures in a row">
        {dock.consecutiveFailures === 0 ? (
          <span className="text-slate-500 dark:text-slate-400">None</span>
        ) : (
          <span className="font-medium text-red-700 dark:text-red-300">{formatCount(dock.consecutiveFailures, "failure")}</span>
        )}
      </Fact>
      <Fact label="Backoff">
        {dock.backoffUntil && Date.parse(dock.backoffUntil) > Date.now() ? (
          <>
            Retrying <UpcomingTime iso={dock.backoffUntil} />
          </>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">None</span>
        )}
      </Fact>
      <Fact label="Rate limit">
        <RateLimitSummary rateLimit={dock.rateLimit} />
      </Fact>
    </FactCard>
  );
}
