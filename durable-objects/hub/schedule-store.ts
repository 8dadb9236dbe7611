import type { DockRow } from "../../core/db/client";
import { z } from "zod";
import { resourceKindSchema } from "../../shared/resources";
import type { ResourceKind, SyncTrigger } from "../../shared/resources";
import { freshContinuation } from "../sync/sync-dock";
import type { Continuation } from "../sync/sync-dock";
import { columnsOf, migrate } from "./migrations";
import type { ModuleSchema } from "./migrations";

/** One dock's schedule, lease, backoff count and resume state, as the hub keeps it. */
export interface ScheduleRow {
  dock_id: string;
  enabled: number;
  interval_s: number;
  next_run_at: number | null;
  lease_until: number | null;
  run_id: string | null;
  trigger: string | null;
  continuation: string | null;
  rejections: number;
  /** Kinds a webhook asked to list again, as JSON, and when (debounced); cleared by any run that starts. */
  pending_kinds: string | null;
  webhook_due_at: number | null;
  [key: string]: SqlStorageValue;
}

const SCHEMA: ModuleSchema = {
  module: "schedule",
  steps: [
    (sql) =>
      sql.exec(`CREATE TABLE IF NOT EXISTS schedule (
        dock_id TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL,
        interval_s INTEGER NOT NULL,
        next_run_at INTEGER,
        lease_until INTEGER,
        run_id TEXT,
        trigger TEXT,
        continuation TEXT,
        rejections INTEGER NOT NULL DEFAULT 0
      )`),
    // Webhook-requested re-syncs.
    (sql) => {
      sql.exec("ALTER TABLE schedule ADD COLUMN pending_kinds TEXT");
      sql.exec("ALTER TABLE schedule ADD COLUMN webhook_due_at INTEGER");
    },
  ],
  adopt: (sql) => {
    const columns = columnsOf(sql, "schedule");
    return columns.size === 0 ? 0 : columns.has("webhook_due_at") ? 2 : 1;
  },
};

/** How a finished run leaves the dock's schedule. */
export interface ScheduleAfterRun {
  rejections: number;
  nextRunAt: number | null;
  /** Absent: unchanged. */
  enabled?: boolean;
}

/**
 * Each dock's schedule in the hub's SQLite: when it is due, who holds it (the lease, so one run at a time
 * survives overlapping alarms), the run under way and where it resumes, and webhook-requested re-syncs. D1's
 * dock row is the source of truth for the settings (`upsert` takes them from it); this is the working state.
 * Every method is synchronous, so nothing interleaves between a read and the write that depends on it.
 */
export class ScheduleStore {
  constructor(private readonly sql: SqlStorage) {
    migrate(sql, SCHEMA);
  }

  get(dockId: string): ScheduleRow | undefined {
    return this.sql.exec<ScheduleRow>("SELECT * FROM schedule WHERE dock_id = ?", dockId).toArray()[0];
  }

  dockIds(): string[] {
    return this.sql
      .exec<{ dock_id: string }>("SELECT dock_id FROM schedule")
      .toArray()
      .map((r) => r.dock_id);
  }

  /** Takes the dock's settings from its D1 row, keeping the working state. */
  upsert(dock: DockRow): void {
    const existing = this.get(dock.id);
    const nextRunAt = dock.syncEnabled ? (dock.nextSyncAt?.getTime() ?? null) : null;
    // New credentials reset the rejection count: the dock deserves a fresh start.
    const rejections = existing && dock.status !== "pending" ? existing.rejections : 0;
    this.sql.exec(
      `INSERT INTO schedule (dock_id, enabled, interval_s, next_run_at, rejections) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(dock_id) DO UPDATE SET enabled = excluded.enabled, interval_s = excluded.interval_s,
         next_run_at = CASE WHEN schedule.run_id IS NOT NULL AND schedule.trigger = 'manual' THEN schedule.next_run_at ELSE excluded.next_run_at END,
         rejections = excluded.rejections`,
      dock.id,
      dock.syncEnabled ? 1 : 0,
      dock.syncIntervalSeconds,
      nextRunAt,
      rejections,
    );
  }

  remove(dockId: string): boolean {
    const known = this.get(dockId) !== undefined;
    this.sql.exec("DELETE FROM schedule WHERE dock_id = ?", dockId);
    return known;
  }

  /** The earliest moment a dock is due, a lease lapses or a webhook re-sync is due; null when none is. */
  nextWakeAt(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>(
        `SELECT MIN(CASE WHEN lease_until IS NOT NULL THEN lease_until
                         WHEN webhook_due_at IS NOT NULL AND (next_run_at IS NULL OR webhook_due_at < next_run_at) THEN webhook_due_at
                         ELSE next_run_at END) AS at FROM schedule
         WHERE (enabled = 1 OR run_id IS NOT NULL) AND (next_run_at IS NOT NULL OR lease_until IS NOT NULL OR webhook_due_at IS NOT NULL)`,
      )
      .toArray()[0];
    return row?.at ?? null;
  }

  /** Docks due now and not leased, the longest-waiting first. */
  due(now: number): string[] {
    return this.sql
      .exec<{ dock_id: string }>(
        `SELECT dock_id FROM schedule
         WHERE (enabled = 1 OR run_id IS NOT NULL)
           AND ((next_run_at IS NOT NULL AND next_run_at <= ?) OR (webhook_due_at IS NOT NULL AND webhook_due_at <= ?))
           AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY MIN(COALESCE(next_run_at, webhook_due_at), COALESCE(webhook_due_at, next_run_at))`,
        now,
        now,
        now,
      )
      .toArray()
      .map((r) => r.dock_id);
  }

  /** A run asked for now (manual, or a new dock's first): due at once, resuming nothing. */
  requestRun(dockId: string, runId: string, trigger: SyncTrigger, now: number): void {
    this.sql.exec("UPDATE schedule SET run_id = ?, trigger = ?, next_run_at = ?, continuation = NULL WHERE dock_id = ?", runId, trigger, now, dockId);
  }

  /** Takes the lease; null when another invocation holds it. */
  acquireLease(dockId: string, now: number, leaseMs: number): ScheduleRow | null {
    const row = this.get(dockId);
    if (!row || (row.lease_until !== null && row.lease_until > now)) return null;
    this.sql.exec("UPDATE schedule SET lease_until = ? WHERE dock_id = ?", now + leaseMs, dockId);
    return row;
  }

  releaseLease(dockId: string): void {
    this.sql.exec("UPDATE schedule SET lease_until = NULL WHERE dock_id = ?", dockId);
  }

  /** A run crashed outside the sync's own handling: tried again at `retryAt`, not at once. */
  crashed(dockId: string, retryAt: number): void {
    this.sql.exec("UPDATE schedule SET lease_until = NULL, next_run_at = ?, webhook_due_at = NULL WHERE dock_id = ?", retryAt, dockId);
  }

  /** Adds kinds to the dock's debounced webhook re-sync; the kinds now pending. */
  queueKinds(dockId: string, kinds: readonly ResourceKind[], dueAt: number): ResourceKind[] {
    const pending = new Set<ResourceKind>([...pendingKindsOf(this.get(dockId)), ...kinds]);
    this.sql.exec("UPDATE schedule SET pending_kinds = ?, webhook_due_at = COALESCE(webhook_due_at, ?) WHERE dock_id = ?", JSON.stringify([...pending]), dueAt, dockId);
    return [...pending];
  }

  /** A run starting consumes the webhook's request; deliveries during the run queue anew. */
  clearQueuedKinds(dockId: string): void {
    this.sql.exec("UPDATE schedule SET pending_kinds = NULL, webhook_due_at = NULL WHERE dock_id = ?", dockId);
  }

  attachRun(dockId: string, runId: string, trigger: SyncTrigger): void {
    this.sql.exec("UPDATE schedule SET run_id = ?, trigger = ? WHERE dock_id = ?", runId, trigger, dockId);
  }

  saveContinuation(dockId: string, continuation: unknown): void {
    this.sql.exec("UPDATE schedule SET continuation = ? WHERE dock_id = ?", JSON.stringify(continuation), dockId);
  }

  /** The run yielded its slice: the next alarm picks it up where it stopped. */
  handOver(dockId: string, now: number): void {
    this.sql.exec("UPDATE schedule SET lease_until = NULL, next_run_at = ? WHERE dock_id = ?", now, dockId);
  }

  /** The run is over: no lease, no run, no cursor, and the schedule it leaves. */
  finishRun(dockId: string, after: ScheduleAfterRun): void {
    this.sql.exec(
      `UPDATE schedule SET lease_until = NULL, run_id = NULL, trigger = NULL, continuation = NULL, rejections = ?,
         enabled = COALESCE(?, enabled), next_run_at = ? WHERE dock_id = ?`,
      after.rejections,
      after.enabled === undefined ? null : after.enabled ? 1 : 0,
      after.nextRunAt,
      dockId,
    );
  }
}

const pendingKindsSchema = z.array(resourceKindSchema);

/** The kinds a webhook queued for a re-sync of this dock; kinds this code no longer knows are dropped. */
export function pendingKindsOf(row: ScheduleRow | undefined): ResourceKind[] {
  if (!row?.pending_kinds) return [];
  const parsed = pendingKindsSchema.safeParse(JSON.parse(row.pending_kinds));
  return parsed.success ? parsed.data : [];
}

/**
 * Where the dock's run resumes: the state the last slice handed over, else a fresh start. The hub wrote it
 * (it never leaves the hub); continuations saved before some field existed get that field's fresh value.
 */
export function continuationOf(row: ScheduleRow): Continuation {
  if (!row.continuation) return freshContinuation();
  return { ...freshContinuation(), ...(JSON.parse(row.continuation) as Partial<Continuation>) };
}
