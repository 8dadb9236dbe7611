import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { DOCK_STATUSES } from "../../../shared/docks";
import { allows } from "../../../shared/permissions";
import { resourceStatusSchema } from "../../../shared/resources";
import { summaryQueryOptions, useMembership } from "../api/queries";
import { ApiError } from "../api/client";
import { RecentActivityCard } from "../components/activity/RecentActivityCard";
import { useEventLabels } from "../components/activity/use-event-labels";
import { DockStatusBadge } from "../components/DockStatusBadge";
import { Alert, ErrorAlert } from "../components/ErrorAlert";
import { ResourceStatusBadge } from "../components/ResourceStatusBadge";
import { Skeleton } from "../components/Skeleton";
import { buttonStyles, cardStyles, linkStyles } from "../components/styles";
import { formatCount, formatNumber } from "../lib/format";
import { KIND_LABELS, canReadKind, formatMoney, isResourceKind } from "../lib/resource-kinds";
import { overviewRoute } from "./overview";

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className={`p-4 ${cardStyles}`}>
      <h2 className="mb-3 text-sm font-semibold text-slate-700 dark:text-slate-200">{title}</h2>
      {children}
    </section>
  );
}

function Counts({ rows }: { rows: Array<[ReactNode, number, string]> }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">Nothing yet.</p>;
  return (
    <ul className="space-y-1.5 text-sm">
      {rows.map(([label, count, key]) => (
        <li key={key} className="flex items-center justify-between gap-3">
          <span className="min-w-0 truncate">{label}</span>
          <span className="font-medium tabular-nums">{formatNumber(count)}</span>
        </li>
      ))}
    </ul>
  );
}

export function OverviewPage() {
  const { orgId } = overviewRoute.useParams();
  const membership = useMembership(orgId);
  const permissions = membership?.role.permissions;
  const canResources = permissions ? allows(permissions, "resources", "read") || allows(permissions, "monitoring", "read") : false;
  const canDocks = permissions ? allows(permissions, "docks", "read") : false;
  const canConnect = permissions ? allows(permissions, "docks", "full") : false;
  const summary = useQuery({ ...summaryQueryOptions(orgId), enabled: canResources });
  // Every dock, not only the first page: the health counts are of all of them.
  const labels = useEventLabels(orgId);
  const dockItems = labels.docks;
  const s = summary.data;
  const sortDesc = (record: Record<string, number>) => Object.entries(record).sort((a, b) => b[1] - a[1]);

  return (
    <div className="space-y-6">
      <title>{`Overview · ${membership?.orgName ?? "Organization"} · EdgeDock`}</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Everything {membership?.orgName ?? "this organization"} runs, across its connected providers.
        </p>
      </div>

      {!canResources ? (
        <Alert>
          <p>Your role ({membership?.role.name ?? "unknown"}) cannot read resources, so there is no summary to show. Ask an organization owner or admin for access.</p>
        </Alert>
      ) : summary.isError ? (
        summary.error instanceof ApiError && summary.error.status === 403 ? (
          <Alert>
            <p>Your role cannot read this organization's resources. Ask an organization owner or admin for access.</p>
          </Alert>
        ) : (
          <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />
        )
      ) : null}

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {canResources && !summary.isError ? (
          <>
            <Card title="Resources">
              {s ? (
                <>
                  <p className="text-3xl font-semibold tabular-nums">{formatNumber(s.total)}</p>
                  <p className="text-sm text-slate-500 dark:text-slate-400">{formatCount(Object.keys(s.byKind).length, "kind")}</p>
                  {s.total === 0 && canConnect ? (
                    <Link to="/orgs/$orgId/docks/new" params={{ orgId }} className={`mt-3 ${buttonStyles.primary}`}>
                      Connect a provider
                    </Link>
                  ) : null}
                </>
              ) : (
                <Skeleton />
              )}
            </Card>
            <Card title="Monthly cost">
              {s ? (
                s.monthlyCost.length === 0 ? (
                  <p className="text-sm text-slate-500 dark:text-slate-400">No provider has reported prices yet.</p>
                ) : (
                  <ul className="space-y-1">
                    {s.monthlyCost.map((c) => (
                      <li key={c.currency}>
                        <span className="text-2xl font-semibold tabular-nums">{formatMoney(c.cents, c.currency)}</span>{" "}
                        <span className="text-sm text-slate-500 dark:text-slate-400">over {formatCount(c.resources, "priced resource")}</span>
                      </li>
                    ))}
                  </ul>
                )
              ) : (
                <Skeleton />
              )}
            </Card>
            <Card title="By kind">
              {s ? (
                <Counts
                  rows={sortDesc(s.byKind).map(([kind, count]) => [
                    isResourceKind(kind) && permissions && canReadKind(permissions, kind) ? (
                      <Link key={kind} to="/orgs/$orgId/resources/$kind" params={{ orgId, kind }} className={linkStyles}>
                        {KIND_LABELS[kind]}
                      </Link>
                    ) : isResourceKind(kind) ? (
                      KIND_LABELS[kind]
                    ) : (
                      kind
                    ),
                    count,
                    kind,
                  ])}
                />
              ) : (
                <Skeleton />
              )}
            </Card>
            <Card title="By provider">
              {s ? <Counts rows={sortDesc(s.byProvider).map(([p, count]) => [labels.providerName(p), count, p])} /> : <Skeleton />}
            </Card>
            <Card title="By status">
              {s ? (
                <Counts
                  rows={sortDesc(s.byStatus).map(([status, count]) => {
                    const parsed = resourceStatusSchema.safeParse(status);
                    return [parsed.success ? <ResourceStatusBadge key={status} status={parsed.data} /> : status, count, status];
                  })}
                />
              ) : (
                <Skeleton />
              )}
            </Card>
          </>
        ) : null}
        {canDocks ? (
          <Card title="Docks' health">
            {labels.docksError && !labels.docksKnown ? (
              <ErrorAlert error={labels.docksError} />
            ) : labels.docksPending ? (
              <Skeleton label="Loading docks" />
            ) : dockItems.length === 0 ? (
              <p className="text-sm text-slate-500 dark:text-slate-400">No docks connected yet.</p>
            ) : (
              <>
                <Counts
                  rows={DOCK_STATUSES.map((status) => [<DockStatusBadge key={status} status={status} />, dockItems.filter((d) => d.status === status).length, status] as [ReactNode, number, string]).filter(
                    (row) => row[1] > 0,
                  )}
                />
                <Link to="/orgs/$orgId/docks" params={{ orgId }} className={`mt-3 inline-block text-sm ${linkStyles}`}>
                  See {formatCount(dockItems.length, "dock")}
                </Link>
              </>
            )}
          </Card>
        ) : null}
        {canResources ? <RecentActivityCard orgId={orgId} labels={labels} className="sm:col-span-2 lg:col-span-3" /> : null}
      </div>
    </div>
  );
}
