import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef } from "react";
import type { Dock } from "../../../../shared/docks";
import { DOCKS_POLL_MS, DOCKS_POLL_WHILE_LIVE_MS, dockRunsQueryKey, dockRunsQueryOptions } from "../../api/queries";
import { ErrorAlert } from "../ErrorAlert";
import { buttonStyles, cardStyles } from "../styles";
import { SyncRunsTable } from "./SyncRunsTable";
import { Skeleton } from "../Skeleton";

interface SyncRunsSectionProps {
  orgId: string;
  dock: Dock;
  /** Whether the live channel is up (it refreshes the runs when one finishes); otherwise they are polled. */
  live: boolean;
  canEdit: boolean;
}

export function SyncRunsSection({ orgId, dock, live, canEdit }: SyncRunsSectionProps) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const runs = useInfiniteQuery({
    ...dockRunsQueryOptions(orgId, dock.id),
    refetchInterval: live ? DOCKS_POLL_WHILE_LIVE_MS : DOCKS_POLL_MS,
  });

  // The channel announces a run only when it finishes; a dock starting (or, without the channel, ending) a
  // sync is the cue to fetch the run list again so the running row appears and then settles.
  const previousStatus = useRef(dock.status);
  useEffect(() => {
    const previous = previousStatus.current;
    previousStatus.current = dock.status;
    if (previous !== dock.status && (previous === "syncing" || dock.status === "syncing")) {
      void queryClient.invalidateQueries({ queryKey: dockRunsQueryKey(orgId, dock.id) });
    }
  }, [dock.status, dock.id, orgId, queryClient]);

  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold">
        Sync history
      </h2>
      {runs.isPending ? (
        <Skeleton label="Loading sync runs" lines={4} lineClassName="h-6" card />
      ) : runs.isError && !runs.data ? (
        <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />
      ) : items.length === 0 ? (
        <div className={`px-6 py-8 text-center text-sm ${cardStyles}`}>
          <p className="font-medium">No syncs yet</p>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            {!dock.syncEnabled
              ? canEdit
                ? "The dock is paused. Resume it, or use Sync now, to run the first sync."
                : "The dock is paused, so no sync is scheduled."
              : "The first sync starts shortly; its results appear here as soon as it finishes."}
          </p>
        </div>
      ) : (
        <>
          <SyncRunsTable orgId={orgId} runs={items} />
          {runs.isFetchNextPageError || runs.isRefetchError ? <ErrorAlert error={runs.error} /> : null}
          {runs.hasNextPage ? (
            <div className="flex justify-center">
              <button
                type="button"
                className={buttonStyles.secondary}
                disabled={runs.isFetchingNextPage}
                onClick={() => void runs.fetchNextPage()}
              >
                {runs.isFetchingNextPage ? "Loading…" : "Load older runs"}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
