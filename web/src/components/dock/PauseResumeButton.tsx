import type { Dock } from "../../../../shared/docks";
import { buttonStyles } from "../styles";
import { useOptimisticDockUpdate } from "./use-optimistic-dock-update";

/** Stops or restarts the dock's scheduled syncs; the badge changes at once and reverts if the server refuses. */
export function PauseResumeButton({ orgId, dock }: { orgId: string; dock: Dock }) {
  const paused = !dock.syncEnabled;
  const toggle = useOptimisticDockUpdate(orgId, dock.id, (input, before) =>
    input.syncEnabled ? `Could not resume ${before?.name ?? "the dock"}` : `Could not pause ${before?.name ?? "the dock"}`,
  );
  return (
    <button
      type="button"
      className={`${buttonStyles.secondary} px-2.5 py-1.5 text-xs`}
      // Pressed state for a toggle would read oddly ("Pause, pressed"); the label says what a press does.
      onClick={() => toggle.mutate({ syncEnabled: paused })}
      disabled={toggle.isPending}
    >
      {paused ? "Resume syncing" : "Pause syncing"}
    </button>
  );
}
