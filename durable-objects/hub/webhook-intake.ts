import { getAdapter } from "../../adapters/registry";
import type { WebhookAction } from "../../adapters/types";
import { newId } from "../../core/ids";
import type { ResourceKind } from "../../shared/resources";
import { applyDirect, emptyCounters } from "../sync/sync-dock";
import type { DockRunner } from "./dock-runner";
import { LEASE_MS } from "./dock-runner";
import type { ScheduleStore } from "./schedule-store";

/** Webhooks in a burst (a push touches many things) coalesce into one targeted re-sync this long after the first. */
export const WEBHOOK_DEBOUNCE_MS = 3_000;

/** A verified delivery's action that asks for work (`ignore` and `ack` never reach the hub). */
export type HubWebhookAction = Exclude<WebhookAction, { type: "ignore" } | { type: "ack" }>;

/**
 * Verified webhook deliveries for the organization's docks. Resources a payload carries are written at once,
 * as a `webhook` run, unless a sync of the dock is under way — then, like a payload that only says something
 * moved, it becomes a targeted re-sync of the kind, debounced.
 */
export class WebhookIntake {
  constructor(
    private readonly schedule: ScheduleStore,
    private readonly runner: DockRunner,
    /** Re-arms the hub's alarm after the schedule changed. */
    private readonly rearm: () => Promise<unknown>,
  ) {}

  async apply(dockId: string, action: HubWebhookAction): Promise<{ runId: string | null; resync: ResourceKind[] }> {
    const now = Date.now();
    const row = this.schedule.get(dockId);
    if (!row) throw new Error("dock not found");
    const busy = row.run_id !== null || (row.lease_until !== null && row.lease_until > now);
    if (action.type === "resync" || busy) {
      const resync = this.schedule.queueKinds(dockId, action.type === "resync" ? action.kinds : [action.kind], now + WEBHOOK_DEBOUNCE_MS);
      await this.rearm();
      return { runId: null, resync };
    }
    if (!this.schedule.acquireLease(dockId, now, LEASE_MS)) return { runId: null, resync: [] };
    const runId = newId("run", now);
    const { runs } = this.runner;
    try {
      const dock = await this.runner.dock(dockId);
      const adapter = dock ? getAdapter(dock.provider) : undefined;
      if (!dock || !adapter) throw new Error("dock not found");
      await runs.open(runId, dockId, "webhook", now);
      const counters = await applyDirect(
        this.runner.writer(dock, adapter),
        action.kind,
        action.type === "upsert" ? action.resources : [],
        action.type === "delete" ? action.externalIds : [],
        { createOnly: action.type === "upsert" && action.createOnly === true },
      );
      // Only the delivery's resources were written: no kind was listed, so none has an outcome.
      await runs.record(runId, { status: "succeeded", counters, kinds: [], error: null });
    } catch (err) {
      await runs.record(runId, { status: "failed", counters: emptyCounters(), kinds: [], error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
      throw err;
    } finally {
      this.schedule.releaseLease(dockId);
      await this.rearm();
    }
    await this.runner.publishRun(runId);
    return { runId, resync: [] };
  }
}
