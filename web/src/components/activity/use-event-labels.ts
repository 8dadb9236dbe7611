import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo } from "react";
import type { Dock } from "../../../../shared/docks";
import { allows } from "../../../../shared/permissions";
import type { ResourceEvent } from "../../../../shared/resources";
import { DOCKS_POLL_MS, DOCKS_POLL_WHILE_LIVE_MS, docksQueryOptions, providersQueryOptions, useMembership } from "../../api/queries";
import { useLiveConnection } from "../../live/stores";

export interface EventLabels {
  /** Every dock of the organization, once all are loaded; empty for a role that cannot read docks. */
  docks: Dock[];
  /** All docks are loaded, so an id not among them is a dock that was disconnected. */
  docksKnown: boolean;
  docksPending: boolean;
  /** Why the docks could not be loaded, if they could not. */
  docksError: unknown;
  canReadDocks: boolean;
  dockName: (dockId: string) => string;
  providerName: (provider: string) => string;
  /** Where an event happened, as much as the role may know: "DigitalOcean · DO prod". */
  source: (event: ResourceEvent) => string;
}

/**
 * Names for the ids an event carries. Docks are few, so all of them are loaded (a feed names docks from
 * anywhere in the list). The live channel keeps them current; polling stands in while it is not up.
 */
export function useEventLabels(orgId: string): EventLabels {
  const membership = useMembership(orgId);
  const canReadDocks = membership ? allows(membership.role.permissions, "docks", "read") : false;
  const live = useLiveConnection(orgId).state === "live";
  const docks = useInfiniteQuery({ ...docksQueryOptions(orgId), enabled: canReadDocks, refetchInterval: live ? DOCKS_POLL_WHILE_LIVE_MS : DOCKS_POLL_MS });
  const providers = useQuery(providersQueryOptions);

  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = docks;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const dockList = useMemo(() => docks.data?.pages.flatMap((page) => page.items) ?? [], [docks.data]);
  const docksById = useMemo(() => new Map(dockList.map((dock) => [dock.id, dock])), [dockList]);
  const providerNames = useMemo(() => new Map(providers.data?.items.map((p) => [p.id, p.name])), [providers.data]);
  const docksKnown = docks.isSuccess && !hasNextPage;

  const providerName = useCallback((provider: string) => providerNames.get(provider) ?? provider, [providerNames]);
  const dockName = useCallback(
    (dockId: string) => docksById.get(dockId)?.name ?? (docksKnown ? "Disconnected dock" : "Dock"),
    [docksById, docksKnown],
  );
  const source = useCallback(
    (event: ResourceEvent) => {
      const dock = docksById.get(event.dockId);
      // A disconnected dock takes its row with it, so its old events no longer know their provider.
      if (event.provider === null) return "Disconnected dock";
      const parts = [providerName(event.provider)];
      if (dock) parts.push(dock.name);
      else if (docksKnown) parts.push("disconnected dock");
      return parts.join(" · ");
    },
    [docksById, docksKnown, providerName],
  );

  return {
    docks: dockList,
    docksKnown,
    docksPending: canReadDocks && (docks.isPending || hasNextPage),
    docksError: docks.error,
    canReadDocks,
    dockName,
    providerName,
    source,
  };
}
