import type { Dock } from "../../../../shared/docks";
import { formatCount } from "../../lib/format";
import { UpcomingTime } from "./UpcomingTime";

/**
 * Why the dock is not syncing cleanly, in the provider's or the scheduler's words, and what happens next.
 * Shown only while there is a failure to explain (a successful sync clears `lastError`). A `partial` dock
 * synced what it could: only some kinds failed or may not be read, which the kinds table details.
 */
export function DockFailureNotice({ dock, canEdit }: { dock: Dock; canEdit: boolean }) {
  if (!dock.lastError && dock.status !== "error") return null;
  if (dock.status === "partial") return <PartialNotice dock={dock} canEdit={canEdit} />;
  const backingOff = dock.backoffUntil !== null && Date.parse(dock.backoffUntil) > Date.now();
  const stopped = dock.status === "error" && dock.nextSyncAt === null;

  return (
    <section
      aria-label="Sync failure"
      className="space-y-1 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100"
    >
      <h2 className="font-semibold">{dock.status === "error" ? "Syncing is failing" : "The last sync failed"}</h2>
      {dock.lastError ? <p className="break-words">{dock.lastError}</p> : null}
      <p className="text-red-800 dark:text-red-200">
        {dock.consecutiveFailures > 0 ? `${formatCount(dock.consecutiveFailures, "failure")} in a row. ` : null}
        {backingOff && dock.backoffUntil ? (
          <>
            Backing off: the next attempt is <UpcomingTime iso={dock.backoffUntil} />.
          </>
        ) : stopped ? (
          // The scheduler stops retrying credentials the provider refused; only new ones or a manual sync move it.
          canEdit ? (
            "EdgeDock will not try again on its own: replace the credentials below, or use Sync now once the problem is fixed."
          ) : (
            "EdgeDock will not try again on its own until someone with full access to docks replaces the credentials or syncs it."
          )
        ) : null}
      </p>
    </section>
  );
}

/** Some kinds synced, others not: what is missing, and that the rest of the dock is current. */
function PartialNotice({ dock, canEdit }: { dock: Dock; canEdit: boolean }) {
  const missing = dock.kinds.filter((k) => k.outcome === "permission_missing");
  const failed = dock.kinds.filter((k) => k.outcome === "failed");
  const backingOff = failed.length > 0 && dock.backoffUntil !== null && Date.parse(dock.backoffUntil) > Date.now();
  return (
    <section
      aria-label="Partly synced"
      className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h2 className="font-semibold">Some kinds were not synced</h2>
      {dock.lastError ? <p className="break-words">{dock.lastError}</p> : null}
      <p className="text-amber-800 dark:text-amber-200">
        The other kinds are up to date; those not listed keep what their last full listing found.{" "}
        {missing.length > 0
          ? canEdit
            ? "Grant the named permissions to the token (or replace the credentials below with a token that has them); the next sync picks them up. "
            : "Someone with access to the provider account can grant the named permissions to the token; the next sync picks them up. "
          : null}
        {backingOff && dock.backoffUntil ? (
          <>
            The failed kinds are tried again <UpcomingTime iso={dock.backoffUntil} />.
          </>
        ) : null}
      </p>
    </section>
  );
}
