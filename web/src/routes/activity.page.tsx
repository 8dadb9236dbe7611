import type { ReactNode } from "react";
import { Link, useNavigate } from "@tanstack/react-router";
import { allows } from "../../../shared/permissions";
import { RESOURCE_KINDS } from "../../../shared/resources";
import type { ActivityFilters as Filters } from "../api/activity-queries";
import { useMembership } from "../api/queries";
import { ActivityFeed } from "../components/activity/ActivityFeed";
import { ActivityFilters } from "../components/activity/ActivityFilters";
import { useEventLabels } from "../components/activity/use-event-labels";
import type { EventLabels } from "../components/activity/use-event-labels";
import { Alert } from "../components/ErrorAlert";
import { buttonStyles, cardStyles } from "../components/styles";
import { KIND_LABELS, areaOfKind, canReadKind } from "../lib/resource-kinds";
import { activityRoute } from "./activity";

export function ActivityPage() {
  const { orgId } = activityRoute.useParams();
  const filters = activityRoute.useSearch();
  const navigate = useNavigate({ from: activityRoute.fullPath });
  const membership = useMembership(orgId);
  const permissions = membership?.role.permissions;
  const kinds = permissions ? RESOURCE_KINDS.filter((kind) => canReadKind(permissions, kind)) : [];
  const labels = useEventLabels(orgId);
  const setFilters = (patch: Partial<Filters>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const orgName = membership?.orgName ?? "this organization";

  return (
    <div className="space-y-4">
      <title>{`Activity · ${membership?.orgName ?? "Organization"} · EdgeDock`}</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Activity</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every resource created, changed or removed across {orgName}'s connected providers, as it happens.
        </p>
      </div>

      {kinds.length === 0 ? (
        <Alert>
          <p className="font-medium">Your role cannot see any resources</p>
          <p>
            Activity needs “resources: read” or “monitoring: read” access{membership ? `, which your role (${membership.role.name}) does not have` : ""}.
            Ask an organization owner or admin for a role that includes one.
          </p>
        </Alert>
      ) : (
        <>
          <ActivityFilters filters={filters} onChange={setFilters} kinds={kinds} docks={labels.canReadDocks ? labels.docks : null} />
          {filters.kind && !kinds.includes(filters.kind) ? (
            <Alert>
              <p className="font-medium">Your role cannot see {KIND_LABELS[filters.kind].toLowerCase()}</p>
              <p>
                Their activity needs “{areaOfKind(filters.kind)}: read” access. Choose another kind, or ask an organization owner or admin for
                access.
              </p>
              <button type="button" className="mt-2 font-medium underline" onClick={() => setFilters({ kind: undefined })}>
                Show every kind you can see
              </button>
            </Alert>
          ) : (
            // Keyed by the filters, so another selection starts at its own top with its own "new events".
            <ActivityFeed
              key={JSON.stringify(filters)}
              orgId={orgId}
              filters={filters}
              labels={labels}
              empty={<NoActivity orgId={orgId} filtered={Object.values(filters).some(Boolean)} labels={labels} onClear={() => setFilters({ dockId: undefined, kind: undefined, change: undefined })} />}
            />
          )}
        </>
      )}
    </div>
  );
}

function NoActivity({ orgId, filtered, labels, onClear }: { orgId: string; filtered: boolean; labels: EventLabels; onClear: () => void }) {
  const membership = useMembership(orgId);
  const canConnect = membership ? allows(membership.role.permissions, "docks", "full") : false;
  const noDocks = labels.canReadDocks && labels.docksKnown && labels.docks.length === 0;

  let body: ReactNode;
  if (filtered) {
    body = (
      <>
        <h2 className="text-base font-semibold">No events match these filters</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">New ones that match will appear here as they happen. Clear the filters to see everything.</p>
        <button type="button" className={buttonStyles.secondary} onClick={onClear}>
          Clear filters
        </button>
      </>
    );
  } else if (noDocks) {
    body = (
      <>
        <h2 className="text-base font-semibold">Nothing has happened yet</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {canConnect
            ? "Connect a provider: its first sync lists every resource here, and from then on each one created, changed or removed."
            : "No provider is connected yet. Ask an organization owner or admin to connect one; its resources' changes will show up here."}
        </p>
        {canConnect ? (
          <Link to="/orgs/$orgId/docks/new" params={{ orgId }} className={buttonStyles.primary}>
            Connect a provider
          </Link>
        ) : null}
      </>
    );
  } else {
    body = (
      <>
        <h2 className="text-base font-semibold">No changes recorded yet</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Events appear here, as they happen, when a sync finds a resource created, changed or removed.
          {labels.canReadDocks ? " The docks page shows how each sync is going." : ""}
        </p>
        {labels.canReadDocks ? (
          <Link to="/orgs/$orgId/docks" params={{ orgId }} className={buttonStyles.secondary}>
            Go to docks
          </Link>
        ) : null}
      </>
    );
  }
  return <section className={`space-y-3 px-6 py-10 text-center ${cardStyles}`}>{body}</section>;
}
