import type { SyncRun } from "../../shared/resources";
import type { syncRuns } from "../db/schema";

export function toSyncRun(r: typeof syncRuns.$inferSelect): SyncRun {
  return {
    id: r.id,
    dockId: r.dockId,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    pages: r.pages,
    requests: r.requests,
    seen: r.seen,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    deleted: r.deleted,
    error: r.error,
    kinds: r.kinds ?? [],
  };
}
