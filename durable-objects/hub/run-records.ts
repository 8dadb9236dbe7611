import { eq } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { syncRuns } from "../../core/db/schema";
import { toSyncRun } from "../../core/mappers/sync-run";
import type { KindOutcome, RunStatus } from "../../shared/docks";
import { cleanErrorText } from "../../shared/error-text";
import type { SyncRun, SyncTrigger } from "../../shared/resources";
import type { SyncCounters } from "../sync/sync-dock";

/** How a run ended (or where it stands, while `running`). */
export interface RunResult {
  status: RunStatus;
  counters: SyncCounters;
  /** Per kind, for runs that listed; empty for a webhook's direct write, which lists nothing. */
  kinds: readonly KindOutcome[];
  error: string | null;
}

/**
 * The `sync_runs` rows of one organization: the one way a run is opened and finished, whether a sync lists
 * the provider or a webhook delivery writes what it carried.
 */
export class RunRecords {
  constructor(
    private readonly db: () => Db,
    private readonly orgId: string,
  ) {}

  async open(runId: string, dockId: string, trigger: SyncTrigger, at: number): Promise<void> {
    await this.db().insert(syncRuns).values({ id: runId, organizationId: this.orgId, dockId, trigger, status: "running", startedAt: new Date(at) });
  }

  /**
   * The statement recording the result, to put in the same `batch()` as what it decided for the dock. A
   * `running` result records progress: the run stays open.
   */
  record(runId: string, result: RunResult, at = Date.now()) {
    const { counters, status, kinds, error } = result;
    return this.db()
      .update(syncRuns)
      .set({ ...counters, status, kinds: [...kinds], error: error === null ? null : cleanErrorText(error), finishedAt: status === "running" ? null : new Date(at) })
      .where(eq(syncRuns.id, runId));
  }

  async read(runId: string): Promise<SyncRun | null> {
    const row = await this.db().select().from(syncRuns).where(eq(syncRuns.id, runId)).get();
    return row ? toSyncRun(row) : null;
  }
}
