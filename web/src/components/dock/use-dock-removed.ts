import { hashKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { dockQueryKey } from "../../api/queries";

/**
 * Whether the dock's query was dropped from the cache while the page was open: the live channel does that
 * when the dock is disconnected anywhere (`dock.removed`). Without this the page would quietly refetch,
 * get a 404 and claim the dock never existed.
 */
export function useDockRemoved(orgId: string, dockId: string): boolean {
  const queryClient = useQueryClient();
  const [removed, setRemoved] = useState(false);
  useEffect(() => {
    const hash = hashKey(dockQueryKey(orgId, dockId));
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "removed" && event.query.queryHash === hash) setRemoved(true);
    });
  }, [queryClient, orgId, dockId]);
  return removed;
}
