import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { toast } from "sonner";
import type { Dock } from "../../../../shared/docks";
import { deleteDock } from "../../api/dock-queries";
import { dockQueryKey, dockRunsQueryKey, dockRunsQueryOptions, docksQueryKey, resourcesQueryKey, summaryQueryKey } from "../../api/queries";
import { formatCount } from "../../lib/format";
import { ConfirmDialog } from "../ConfirmDialog";
import { buttonStyles } from "../styles";
import { SettingsCard } from "./SettingsCard";

/** Lets the page tell its own disconnect apart from one made elsewhere while the request is on its way. */
export function disconnectMutationKey(orgId: string, dockId: string) {
  return ["docks", "disconnect", orgId, dockId] as const;
}

interface DisconnectDockSectionProps {
  orgId: string;
  dock: Dock;
  providerName: string;
  /** Whether the provider delivers webhooks, which then stop being accepted. */
  webhooks: boolean;
}

/** Disconnecting, after a confirmation that says what goes with the dock; then back to the docks list. */
export function DisconnectDockSection({ orgId, dock, providerName, webhooks }: DisconnectDockSectionProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  // The last complete sync says how many resources go with the dock; the runs are already loaded below.
  const runs = useInfiniteQuery(dockRunsQueryOptions(orgId, dock.id));
  const lastComplete = runs.data?.pages.flatMap((page) => page.items).find((run) => run.status === "succeeded");
  const mutation = useMutation({
    mutationKey: disconnectMutationKey(orgId, dock.id),
    mutationFn: () => deleteDock(orgId, dock.id),
    onSuccess: async () => {
      toast.success(`${dock.name} disconnected`, {
        description: `Its credentials and resources were removed from EdgeDock. Nothing changed at ${providerName}.`,
      });
      await navigate({ to: "/orgs/$orgId/docks", params: { orgId } });
      queryClient.removeQueries({ queryKey: dockQueryKey(orgId, dock.id) });
      queryClient.removeQueries({ queryKey: dockRunsQueryKey(orgId, dock.id) });
      void queryClient.invalidateQueries({ queryKey: docksQueryKey(orgId) });
      void queryClient.invalidateQueries({ queryKey: resourcesQueryKey(orgId) });
      void queryClient.invalidateQueries({ queryKey: summaryQueryKey(orgId) });
    },
  });

  return (
    <SettingsCard
      title="Disconnect this dock"
      description={`EdgeDock stops syncing ${providerName}, forgets the credentials and removes every resource synced from this account, with its sync history. Nothing is changed at ${providerName} itself.`}
    >
      <div>
        <button type="button" className={buttonStyles.dangerSecondary} onClick={() => setConfirming(true)}>
          Disconnect dock…
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${dock.name}?`}
        confirmLabel="Disconnect"
        pendingLabel="Disconnecting…"
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={() => mutation.mutate()}
        onClose={() => {
          setConfirming(false);
          mutation.reset();
        }}
      >
        <p>
          EdgeDock deletes the stored {providerName} credentials and removes{" "}
          {lastComplete ? `the ${formatCount(lastComplete.seen, "resource")} synced from this account` : "every resource synced from this account"}{" "}
          along with the dock's sync history.{webhooks ? " Webhook deliveries to it are refused from then on." : null}
        </p>
        <p>
          Nothing is changed at {providerName}: the resources themselves stay as they are there. To see them in EdgeDock
          again, connect the account anew. This cannot be undone.
        </p>
      </ConfirmDialog>
    </SettingsCard>
  );
}
