import type { Dock } from "../../../../shared/docks";
import { formatCount } from "../../lib/format";
import { useSyncProgress } from "../../live/stores";

/**
 * How far the running sync has got, from the live channel. Not a live region: it changes with every page
 * the sync fetches, and announcing each would drown everything else; the status badge's change is what
 * matters.
 */
export function SyncProgressLine({ orgId, dock, className = "" }: { orgId: string; dock: Dock; className?: string }) {
  const progress = useSyncProgress(orgId, dock.id);
  // Progress can outlive its run by a moment (messages race the status change); only a syncing dock shows it.
  if (dock.status !== "syncing" || !progress) return null;
  return (
    <p className={`text-xs whitespace-nowrap text-sky-800 tabular-nums dark:text-sky-300 ${className}`}>
      Syncing… {formatCount(progress.resources, "resource")}, page {progress.pages}
    </p>
  );
}
