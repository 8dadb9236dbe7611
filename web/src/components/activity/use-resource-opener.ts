import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import type { Resource } from "../../../../shared/resources";
import { ApiError, describeError } from "../../api/client";
import { resourceDetailQueryOptions } from "../../api/queries";

/**
 * Opens `ResourceDrawer` from an event, which knows only the resource's id: the detail is loaded first (the
 * drawer reads the same query, so it is fetched once) and the drawer opens when it is there.
 */
export function useResourceOpener(orgId: string) {
  const [resourceId, setResourceId] = useState<string | null>(null);
  const detail = useQuery({ ...resourceDetailQueryOptions(orgId, resourceId ?? ""), enabled: resourceId !== null });
  const failed = resourceId !== null && detail.isError && !detail.isFetching;

  useEffect(() => {
    if (!failed) return;
    const gone = detail.error instanceof ApiError && detail.error.status === 404;
    toast.error("Could not open this resource", {
      description: gone ? "It is no longer in EdgeDock: the dock it came from was disconnected." : describeError(detail.error),
    });
    setResourceId(null);
  }, [failed, detail.error]);

  const resource: Resource | null = resourceId !== null && detail.data ? detail.data : null;
  return {
    open: setResourceId,
    /** The resource being loaded to open, so its row can say so. */
    opening: resourceId !== null && !resource && !failed ? resourceId : null,
    resource,
    close: () => setResourceId(null),
  };
}
