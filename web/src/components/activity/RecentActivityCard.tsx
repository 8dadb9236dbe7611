import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId } from "react";
import type { ResourceEvent } from "../../../../shared/resources";
import { RECENT_ACTIVITY_COUNT, recentActivityQueryKey, recentActivityQueryOptions } from "../../api/activity-queries";
import { useActivityPolling } from "../../live/activity";
import { ErrorAlert } from "../ErrorAlert";
import { ResourceDrawer } from "../ResourceDrawer";
import { Skeleton } from "../Skeleton";
import { cardStyles, linkStyles } from "../styles";
import { EventLine } from "./EventLine";
import { useClock } from "./use-clock";
import type { EventLabels } from "./use-event-labels";
import { useResourceOpener } from "./use-resource-opener";

/** The newest few events of the organization, kept current by the live channel, with the way to the full feed. */
export function RecentActivityCard({ orgId, labels, className = "" }: { orgId: string; labels: EventLabels; className?: string }) {
  const recent = useQuery(recentActivityQueryOptions(orgId));
  const opener = useResourceOpener(orgId);
  const titleId = useId();
  useActivityPolling(orgId, recentActivityQueryKey(orgId));
  useClock();

  return (
    <section aria-labelledby={titleId} className={`p-4 ${cardStyles} ${className}`}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 id={titleId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
          Recent activity
        </h2>
        <Link to="/orgs/$orgId/activity" params={{ orgId }} className={`text-sm ${linkStyles}`}>
          See all activity <span aria-hidden="true">→</span>
        </Link>
      </div>
      {recent.isPending ? (
        <Skeleton label="Loading recent activity" lines={4} />
      ) : recent.isError ? (
        <ErrorAlert error={recent.error} onRetry={() => void recent.refetch()} />
      ) : recent.data.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No changes recorded yet. Each resource a sync finds created, changed or removed will show up here.
        </p>
      ) : (
        <ol aria-label={`The ${RECENT_ACTIVITY_COUNT} newest events`} className="divide-y divide-slate-100 dark:divide-slate-800">
          {recent.data.map((event) => (
            <RecentItem key={event.seq} event={event} source={labels.source(event)} opening={opener.opening === event.resourceId} onOpen={opener.open} />
          ))}
        </ol>
      )}
      <ResourceDrawer orgId={orgId} resource={opener.resource} dockName={labels.dockName} providerName={labels.providerName} onClose={opener.close} />
    </section>
  );
}

function RecentItem({ event, source, opening, onOpen }: { event: ResourceEvent; source: string; opening: boolean; onOpen: (resourceId: string) => void }) {
  const id = useId();
  return (
    <li aria-busy={opening || undefined} className="relative -mx-2 rounded-md px-2 py-2 hover:bg-indigo-50/60 aria-busy:opacity-70 dark:hover:bg-slate-800/60">
      <EventLine event={event} id={id} source={source} onOpen={onOpen} stretch diffMax={2} />
    </li>
  );
}
