import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { allows } from "../../../shared/permissions";
import { DOCKS_POLL_MS, DOCKS_POLL_WHILE_LIVE_MS, docksQueryOptions, providersQueryOptions, useMembership } from "../api/queries";
import { DockTable } from "../components/DockTable";
import { ErrorAlert } from "../components/ErrorAlert";
import { Skeleton } from "../components/Skeleton";
import { buttonStyles, cardStyles } from "../components/styles";
import { useLiveConnection } from "../live/stores";
import { docksRoute } from "./docks";

export function DocksPage() {
  const { orgId } = docksRoute.useParams();
  const membership = useMembership(orgId);
  const canConnect = membership ? allows(membership.role.permissions, "docks", "full") : false;
  // "docks: full" both connects providers and starts syncs.
  const canSync = canConnect;
  const live = useLiveConnection(orgId).state === "live";
  const docks = useInfiniteQuery({
    ...docksQueryOptions(orgId),
    // Status changes arrive over the live channel while it is up; polling only stands in when it is not.
    refetchInterval: live ? DOCKS_POLL_WHILE_LIVE_MS : DOCKS_POLL_MS,
  });
  // Only for display names; the table falls back to provider ids while this loads or if it fails.
  const providers = useQuery(providersQueryOptions);

  const items = docks.data?.pages.flatMap((page) => page.items) ?? [];
  const providerNames = new Map(providers.data?.items.map((p) => [p.id, p.name]));
  const connectButton = (
    <Link to="/orgs/$orgId/docks/new" params={{ orgId }} className={buttonStyles.primary}>
      Connect a provider
    </Link>
  );

  return (
    <div className="space-y-6">
      <title>{`Docks · ${membership?.orgName ?? "Organization"} · EdgeDock`}</title>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Docks</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Provider accounts connected to {membership?.orgName ?? "this organization"} and how their syncs are going.
          </p>
        </div>
        {canConnect && items.length > 0 ? connectButton : null}
      </div>

      {docks.isPending ? (
        <Skeleton label="Loading docks" lines={4} />
      ) : docks.isError && !docks.data ? (
        <ErrorAlert error={docks.error} onRetry={() => void docks.refetch()} />
      ) : items.length === 0 ? (
        <section className={`space-y-3 px-6 py-10 text-center ${cardStyles}`}>
          <h2 className="text-base font-semibold">No docks yet</h2>
          {canConnect ? (
            <>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Connect a provider to start syncing its resources into EdgeDock. You will need an API token or key from
                the provider.
              </p>
              {connectButton}
            </>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Your role ({membership?.role.name ?? "unknown"}) cannot connect providers. Ask an organization owner or
              admin to connect one.
            </p>
          )}
        </section>
      ) : (
        <>
          <DockTable orgId={orgId} docks={items} providerNames={providerNames} canSync={canSync} />
          {docks.isFetchNextPageError || docks.isRefetchError ? <ErrorAlert error={docks.error} /> : null}
          {docks.hasNextPage ? (
            <div className="flex justify-center">
              <button
                type="button"
                className={buttonStyles.secondary}
                disabled={docks.isFetchingNextPage}
                onClick={() => void docks.fetchNextPage()}
              >
                {docks.isFetchingNextPage ? "Loading…" : "Load more docks"}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
