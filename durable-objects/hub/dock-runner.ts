import { and, eq } from "drizzle-orm";
import { ProviderError } from "../../adapters/errors";
import { getAdapter } from "../../adapters/registry";
import type { Adapter } from "../../adapters/types";
import { auditInsert, SYSTEM_ACTOR } from "../../core/audit";
import type { Config } from "../../core/config";
import type { Db, DockRow } from "../../core/db/client";
import { dockKindListings, docks } from "../../core/db/schema";
import { openCredentials } from "../../core/dock-credentials";
import { newId } from "../../core/ids";
import { dockView } from "../../core/mappers/dock";
import { outboundPolicyOf } from "../../core/outbound";
import type { KindOutcome, RateLimitState } from "../../shared/docks";
import type { ResourceKind, SyncTrigger } from "../../shared/resources";
import { httpCacheFor } from "../http-cache";
import { hashIndexFor } from "../sync/hash-index";
import { pageMemoFor } from "../sync/page-memo";
import { freshContinuation, syncDock } from "../sync/sync-dock";
import type { Continuation, DockWriter } from "../sync/sync-dock";
import type { LiveChannel } from "./live-channel";
import { RunRecords } from "./run-records";
import type { RunResult } from "./run-records";
import { completedVerdict, failedVerdict } from "./run-verdict";
import type { Standing, Verdict } from "./run-verdict";
import { continuationOf, pendingKindsOf } from "./schedule-store";
import type { ScheduleRow, ScheduleStore } from "./schedule-store";

/** How long a run may hold a dock before another invocation may take it over (a crashed run's lease lapses). */
export const LEASE_MS = 15 * 60_000;
/** Rate-limit waits sat out inside a run; longer ones end the run and reschedule it. */
export const MAX_IN_RUN_RATE_LIMIT_WAIT_MS = 60_000;

/** What the runner needs from the hub that holds it. */
export interface RunnerHost {
  sql: SqlStorage;
  orgId: string;
  db(): Db;
  config(): Config;
  schedule: ScheduleStore;
  live: LiveChannel;
  /** Wall-clock budget of one invocation's work on one dock before it hands over to the next alarm. */
  sliceMs(): number;
  /** The dock is gone from D1: the hub forgets everything it kept for it. */
  forget(dockId: string): void;
}

/**
 * Runs docks' syncs: takes the lease, opens the run (or resumes the one a previous slice handed over), lists
 * through an adapter session, and records what the run decided for the dock — its row, the dock's status and
 * schedule — in one step.
 */
export class DockRunner {
  readonly runs: RunRecords;

  constructor(private readonly host: RunnerHost) {
    this.runs = new RunRecords(() => host.db(), host.orgId);
  }

  /** The dock's row in D1, if it is still this organization's. */
  async dock(dockId: string): Promise<DockRow | undefined> {
    return this.host.db().select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, this.host.orgId))).get();
  }

  /** Where every change of this dock goes, in runs and webhook writes alike. */
  writer(dock: DockRow, adapter: Adapter): DockWriter {
    return {
      db: this.host.db(),
      organizationId: this.host.orgId,
      dockId: dock.id,
      provider: dock.provider,
      baseUrl: dock.baseUrl ?? adapter.defaultBaseUrl,
      allocateSeq: (count) => this.host.live.allocateSeq(count),
      onChanges: (changes, firstSeq) => this.host.live.publishChanges(changes, firstSeq, dock.id),
      hashIndex: hashIndexFor(this.host.sql),
    };
  }

  async run(dockId: string): Promise<void> {
    const { schedule } = this.host;
    const started = Date.now();
    const lease = schedule.acquireLease(dockId, started, LEASE_MS);
    if (!lease) return;
    const dock = await this.dock(dockId);
    if (!dock) return this.host.forget(dockId);
    // A webhook's debounced re-sync lists only the kinds it named; any other run lists everything, which
    // covers them too. Either way the request is consumed here; deliveries during the run queue anew.
    const pendingKinds = lease.pending_kinds === null ? null : pendingKindsOf(lease);
    const scheduleDue = lease.next_run_at !== null && lease.next_run_at <= started;
    const targeted = pendingKinds !== null && !scheduleDue && lease.run_id === null && lease.continuation === null;
    schedule.clearQueuedKinds(dockId);
    const trigger: SyncTrigger = targeted ? "webhook" : ((lease.trigger as SyncTrigger | null) ?? "schedule");
    let runId = lease.run_id;
    let continuation: Continuation = continuationOf(lease);
    if (!runId) {
      runId = newId("run", started);
      await this.runs.open(runId, dockId, trigger, started);
      schedule.attachRun(dockId, runId, trigger);
      continuation = freshContinuation();
    }

    const adapter = getAdapter(dock.provider);
    let rateLimit: RateLimitState | null = dock.rateLimit ?? null;
    // Filled in place by the sync, so a run that ends part-way still records the kinds it did.
    const { counters, outcomes } = continuation;
    try {
      if (!adapter) throw new ProviderError(dock.provider, "request_failed", `provider ${dock.provider} is not supported by this installation`);
      const config = this.host.config();
      const db = this.host.db();
      const pageMemo = pageMemoFor(this.host.sql, dockId, config.CF_VERSION_METADATA?.id ?? null);
      const session = adapter.open(
        await openCredentials(config, dock),
        {
        baseUrl: dock.baseUrl ?? adapter.defaultBaseUrl,
        outbound: outboundPolicyOf(config),
        accounts: dock.scope ?? null,
        maxRateLimitWaitMs: MAX_IN_RUN_RATE_LIMIT_WAIT_MS,
        onRateLimit: (state) => (rateLimit = state),
        onRequest: () => counters.requests++,
        httpCache: httpCacheFor(this.host.sql, dockId),
        },
        { pageMemo: (kind) => pageMemo.forKind(kind) },
      );
      await db.batch([
        db.update(docks).set({ status: "syncing", updatedAt: new Date() }).where(eq(docks.id, dockId)),
        auditInsert(db, SYSTEM_ACTOR, { organizationId: this.host.orgId, action: "credential.decrypt", targetType: "dock", targetId: dockId, metadata: { reason: "sync", runId, trigger } }),
      ]);
      await this.publishDock(dockId);
      const progressRunId = runId;
      const outcome = await syncDock(
        {
          ...this.writer(dock, adapter),
          adapter,
          session,
          kinds: targeted ? pendingKinds : undefined,
          onPage: (c) => this.host.live.publish("docks", (seq) => ({ type: "sync.progress", seq, dockId, runId: progressRunId, pages: c.pages, resources: c.seen })),
          shouldYield: () => Date.now() - started > this.host.sliceMs(),
          checkpoint: (state) => schedule.saveContinuation(dockId, { ...state, counters }),
          pageMemo,
        },
        continuation,
      );
      if (outcome.state === "yielded") {
        // Hand over to the next alarm, keeping the run and its cursor.
        schedule.handOver(dockId, Date.now());
        await this.runs.record(runId, { status: "running", counters, kinds: outcomes, error: null });
        return;
      }
      const standing = targeted ? await this.kindStanding(dockId, adapter.resourceKinds, outcomes) : outcomes;
      const before = this.standingBefore(dock);
      await this.finish(dock, runId, before, completedVerdict(before, outcomes, standing, targeted, Date.now()), { counters, outcomes, rateLimit });
    } catch (err) {
      const before = this.standingBefore(dock);
      await this.finish(dock, runId, before, failedVerdict(before, err, Date.now()), { counters, outcomes, rateLimit });
    }
    await this.publishDock(dockId);
    await this.publishRun(runId);
  }

  private standingBefore(dock: DockRow): Standing {
    const row: ScheduleRow | undefined = this.host.schedule.get(dock.id);
    return {
      enabled: row ? row.enabled === 1 : dock.syncEnabled,
      consecutiveFailures: dock.consecutiveFailures,
      rejections: row?.rejections ?? 0,
      intervalMs: (row?.interval_s ?? dock.syncIntervalSeconds) * 1000,
      scheduledNextAt: row?.next_run_at ?? null,
    };
  }

  /** The verdict, written in one step: the hub's schedule, then the run and the dock (and an audit entry when it paused). */
  private async finish(
    dock: DockRow,
    runId: string,
    before: Standing,
    verdict: Verdict,
    run: { counters: RunResult["counters"]; outcomes: KindOutcome[]; rateLimit: RateLimitState | null },
  ): Promise<void> {
    const now = verdict.at;
    this.host.schedule.finishRun(dock.id, { rejections: verdict.rejections, nextRunAt: verdict.nextRunAt, enabled: before.enabled && !verdict.paused });
    const db = this.host.db();
    await db.batch([
      this.runs.record(runId, { status: verdict.runStatus, counters: run.counters, kinds: run.outcomes, error: verdict.runError }, now),
      db
        .update(docks)
        .set({
          status: verdict.dockStatus,
          ...(verdict.paused ? { syncEnabled: false } : {}),
          lastSyncAt: verdict.synced ? new Date(now) : dock.lastSyncAt,
          lastError: verdict.lastError,
          consecutiveFailures: verdict.consecutiveFailures,
          backoffUntil: verdict.backoffUntil === null ? null : new Date(verdict.backoffUntil),
          nextSyncAt: verdict.nextRunAt === null ? null : new Date(verdict.nextRunAt),
          rateLimit: run.rateLimit,
          updatedAt: new Date(now),
        })
        .where(eq(docks.id, dock.id)),
      ...(verdict.paused
        ? [auditInsert(db, SYSTEM_ACTOR, { organizationId: this.host.orgId, action: "dock.paused", targetType: "dock", targetId: dock.id, result: "failure", metadata: { reason: verdict.runError ?? "" } })]
        : []),
    ]);
  }

  /**
   * Where each of the provider's kinds stands after a targeted run: its outcome in this run, else its last
   * recorded one — so a webhook's re-sync of one kind neither hides nor invents another kind's trouble.
   */
  private async kindStanding(dockId: string, kinds: readonly ResourceKind[], outcomes: KindOutcome[]): Promise<KindOutcome[]> {
    const rows = await this.host.db().select().from(dockKindListings).where(eq(dockKindListings.dockId, dockId));
    const byKind = new Map<string, KindOutcome>(rows.map((r) => [r.kind, { kind: r.kind, outcome: r.outcome, reason: r.reason, scope: r.missingScope, count: r.count }]));
    for (const o of outcomes) byKind.set(o.kind, o);
    return kinds.flatMap((kind) => {
      const standing = byKind.get(kind);
      return standing ? [standing] : [];
    });
  }

  async publishDock(dockId: string): Promise<void> {
    const db = this.host.db();
    const dock = await db.select().from(docks).where(eq(docks.id, dockId)).get();
    if (!dock) return;
    const view = await dockView(db, dock);
    this.host.live.publish("docks", (seq) => ({ type: "dock.status", seq, dock: view }));
  }

  async publishRun(runId: string): Promise<void> {
    const run = await this.runs.read(runId);
    if (run) this.host.live.publish("docks", (seq) => ({ type: "sync.finished", seq, run }));
  }
}
