import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import type { Dock, UpdateDockInput } from "../../../../shared/docks";
import { ApiError, describeError } from "../../api/client";
import { updateDock } from "../../api/dock-queries";
import { applyOptimistically } from "../../api/optimistic";
import { dockQueryKey, docksQueryKey } from "../../api/queries";

/** The dock as the server will return it after `input`, as far as the page can tell in advance. */
export function withUpdate(dock: Dock, input: UpdateDockInput): Dock {
  const next = { ...dock };
  if (input.name !== undefined) next.name = input.name;
  if (input.syncIntervalSeconds !== undefined) next.syncIntervalSeconds = input.syncIntervalSeconds;
  if (input.syncEnabled !== undefined && input.syncEnabled !== dock.syncEnabled) {
    next.syncEnabled = input.syncEnabled;
    // Mirrors the API: pausing parks the dock, resuming queues a sync at once.
    next.status = input.syncEnabled ? "pending" : "paused";
    if (input.syncEnabled) next.nextSyncAt = new Date().toISOString();
  }
  return next;
}

/**
 * A PATCH of the member's own edit (rename, pause or resume, interval) shown at once. If the server refuses,
 * the dock is put back and a toast gives `failureTitle` with the server's reason.
 *
 * The toast is raised here rather than through `meta.errorTitle`: a mutation's meta is re-read from the
 * latest render, which already shows the optimistic state, so a title built from the dock would name the
 * change that failed as if it were the current state ("Could not resume" for a failed pause).
 * `failureTitle` gets the dock as it was before the edit instead.
 */
export function useOptimisticDockUpdate(
  orgId: string,
  dockId: string,
  failureTitle: (input: UpdateDockInput, before: Dock | undefined) => string,
) {
  const queryClient = useQueryClient();
  const key = dockQueryKey(orgId, dockId);
  return useMutation({
    mutationFn: (input: UpdateDockInput) => updateDock(orgId, dockId, input),
    onMutate: async (input) => {
      const before = queryClient.getQueryData<Dock>(key);
      const rollback = await applyOptimistically<Dock>(queryClient, key, (dock) => withUpdate(dock, input));
      return { before, rollback };
    },
    onError: (error, input, context) => {
      context?.rollback();
      // An ended session is handled (and explained) by the global handler, which sends the user to log in.
      if (error instanceof ApiError && error.status === 401) return;
      toast.error(failureTitle(input, context?.before), { description: describeError(error) });
    },
    onSettled: () => {
      // The server's answer is the truth either way (a refusal may also mean the dock is gone); the docks
      // list is refreshed too, as it holds its own copy of this dock.
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
      void queryClient.invalidateQueries({ queryKey: docksQueryKey(orgId) });
    },
  });
}
