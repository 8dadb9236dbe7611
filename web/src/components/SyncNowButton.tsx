import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Dock } from "../../../shared/docks";
import { ApiError } from "../api/client";
import { docksQueryKey, syncDock } from "../api/queries";
import { getConnection } from "../live/stores";
import { buttonStyles } from "./styles";

/** Starts a sync of one dock right away (needs `docks: full`; the caller only shows it to such members). */
export function SyncNowButton({ orgId, dock }: { orgId: string; dock: Dock }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => syncDock(orgId, dock.id),
    meta: { errorTitle: `Could not start a sync of ${dock.name}` },
    onSuccess: () => {
      // While live, the channel brings the status change to every open page, this one included; otherwise
      // the list is asked again so the user sees the sync start.
      if (getConnection(orgId).state !== "live") void queryClient.invalidateQueries({ queryKey: docksQueryKey(orgId) });
    },
    onError: (error) => {
      // The live channel announces no removals: a dock deleted elsewhere is only found out here. Refetching
      // drops its row (and this message with it), which is the answer to what happened.
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey: docksQueryKey(orgId) });
    },
  });
  const syncing = dock.status === "syncing";

  return (
    <div className="flex flex-col items-start gap-2">
      <button
        type="button"
        className={`${buttonStyles.secondary} px-2.5 py-1.5 text-xs`}
        // A second request while one runs would only be answered with `alreadyRunning` (the API never
        // starts two), so the button rests until the status moves on.
        disabled={syncing || mutation.isPending}
        onClick={() => mutation.mutate()}
        // Every row has one; the dock's name tells them apart, after the visible words (label in name).
        aria-label={mutation.isPending ? `Starting… ${dock.name}` : `Sync now: ${dock.name}`}
      >
        {mutation.isPending ? "Starting…" : "Sync now"}
      </button>
    </div>
  );
}
