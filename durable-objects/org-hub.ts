import { Server } from "partyserver";
import type { Connection, ConnectionContext, WSMessage } from "partyserver";
import { and, eq } from "drizzle-orm";
import { configFrom } from "../core/config";
import { createDb } from "../core/db/client";
import type { Db } from "../core/db/client";
import { docks } from "../core/db/schema";
import { newId } from "../core/ids";
import type { ConnectionAccess } from "../core/live-access";
import { dockView } from "../core/mappers/dock";
import type { OrgChange } from "../shared/live";
import type { ResourceKind, SyncTrigger } from "../shared/resources";
import { createHttpCacheTable, dropHttpCache } from "./http-cache";
import { DockRunner } from "./hub/dock-runner";
import { LiveChannel } from "./hub/live-channel";
import { ScheduleStore } from "./hub/schedule-store";
import { WebhookIntake } from "./hub/webhook-intake";
import type { HubWebhookAction } from "./hub/webhook-intake";
import { hashIndexFor } from "./sync/hash-index";
import { pageMemoFor } from "./sync/page-memo";

/** Docks synced at once by one alarm. */
export const SYNC_CONCURRENCY = 4;
/** When a run crashes outside the sync's own error handling (storage trouble), the dock is tried again after this. */
export const CRASH_RETRY_MS = 60_000;

/**
 * One per organization, addressed by the organization id. It is the only writer of the organization's
 * synced resources and the only place credentials are decrypted for a sync. It wires its parts, each owning
 * its tables in the hub's SQLite: the live channel (`hub/live-channel`), the schedule (`hub/schedule-store`),
 * the dock runner and its run records (`hub/dock-runner`, `hub/run-records`) and webhook intake
 * (`hub/webhook-intake`); and it keeps the one alarm, at the earliest moment any of them needs it.
 */
export class OrgHub extends Server<Env> {
  static override options = { hibernate: true };

  /** Wall-clock budget of one invocation's work on one dock before it hands over to the next alarm. */
  sliceMs = 20_000;

  private live!: LiveChannel;
  private schedule!: ScheduleStore;
  private runner!: DockRunner;
  private webhooks!: WebhookIntake;

  override onStart(): void {
    const sql = this.ctx.storage.sql;
    createHttpCacheTable(sql);
    this.schedule = new ScheduleStore(sql);
    const host = { sql, orgId: this.name, db: () => this.db };
    this.live = new LiveChannel({ ...host, connections: (tag) => this.getConnections<ConnectionAccess>(tag), wakeBy: (at) => this.wakeBy(at) });
    this.runner = new DockRunner({
      ...host,
      config: () => configFrom(this.env),
      schedule: this.schedule,
      live: this.live,
      sliceMs: () => this.sliceMs,
      forget: (dockId) => this.forget(dockId),
    });
    this.webhooks = new WebhookIntake(this.schedule, this.runner, () => this.armAlarm());
  }

  private get db(): Db {
    return createDb(this.env.DB);
  }

  // ---- the live channel ----

  override getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    return this.live.tagsFor(ctx);
  }

  override onConnect(connection: Connection<ConnectionAccess>, ctx: ConnectionContext): Promise<void> {
    return this.live.connect(connection, ctx);
  }

  override onMessage(connection: Connection<ConnectionAccess>, message: WSMessage): Promise<void> {
    return this.live.message(connection, message);
  }

  accessChanged(userId?: string): Promise<{ closed: number; updated: number }> {
    return this.live.accessChanged(userId);
  }

  sessionEnded(userId: string, sessionKey: string): { closed: number } {
    return this.live.sessionEnded(userId, sessionKey);
  }

  closeExpiredSockets(now = Date.now()): { closed: number; nextCheckAt: number | null } {
    return this.live.closeExpiredSockets(now);
  }

  checkLiveCredentials(now = Date.now()): Promise<{ closed: number }> {
    return this.live.checkCredentials(now);
  }

  orgChanged(what: OrgChange): void {
    this.live.orgChanged(what);
  }

  /** Reserves `count` event sequence numbers; synchronous storage, so no two batches share one. */
  allocateSeq(count: number): number {
    return this.live.allocateSeq(count);
  }

  // ---- docks and their schedule ----

  /** Re-reads one dock from D1 after it was created, edited, paused or resumed, and re-arms the alarm. */
  async refreshDock(dockId: string): Promise<void> {
    const dock = await this.db.select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, this.name))).get();
    if (!dock) return this.removeDock(dockId);
    this.schedule.upsert(dock);
    await this.armAlarm();
    const view = await dockView(this.db, dock);
    this.live.publish("docks", (seq) => ({ type: "dock.status", seq, dock: view }));
  }

  async removeDock(dockId: string): Promise<void> {
    const known = this.forget(dockId);
    await this.armAlarm();
    if (known) this.live.publish("docks", (seq) => ({ type: "dock.removed", seq, dockId }));
  }

  /** Drops everything the hub keeps for a dock; whether it knew the dock. */
  private forget(dockId: string): boolean {
    const sql = this.ctx.storage.sql;
    dropHttpCache(sql, dockId);
    hashIndexFor(sql).dropDock(dockId);
    pageMemoFor(sql, dockId, null).dropDock();
    return this.schedule.remove(dockId);
  }

  /**
   * Starts a sync of the dock now, even during a backoff, but never beside a running sync of the same
   * dock: then the running one's id is returned.
   */
  async syncNow(dockId: string, trigger: SyncTrigger = "manual"): Promise<{ runId: string; alreadyRunning: boolean }> {
    if (!this.schedule.get(dockId)) await this.refreshDock(dockId);
    const row = this.schedule.get(dockId);
    if (!row) throw new Error("dock not found");
    if (row.run_id) return { runId: row.run_id, alreadyRunning: true };
    const runId = newId("run");
    const now = Date.now();
    await this.runner.runs.open(runId, dockId, trigger, now);
    this.schedule.requestRun(dockId, runId, trigger, now);
    await this.ctx.storage.setAlarm(now);
    return { runId, alreadyRunning: false };
  }

  /** The cron's call: reload the schedule from D1 (it is the source of truth) and re-arm the alarm. */
  async rearm(): Promise<{ docks: number; nextAlarm: number | null }> {
    const rows = await this.db.select().from(docks).where(eq(docks.organizationId, this.name));
    const ids = new Set(rows.map((d) => d.id));
    for (const dock of rows) this.schedule.upsert(dock);
    for (const dockId of this.schedule.dockIds()) if (!ids.has(dockId)) this.forget(dockId);
    return { docks: rows.length, nextAlarm: await this.armAlarm() };
  }

  /** A verified webhook delivery for one of this organization's docks (see `WebhookIntake`). */
  async applyWebhook(dockId: string, action: HubWebhookAction): Promise<{ runId: string | null; resync: ResourceKind[] }> {
    if (!this.schedule.get(dockId)) await this.refreshDock(dockId);
    return this.webhooks.apply(dockId, action);
  }

  runDock(dockId: string): Promise<void> {
    return this.runner.run(dockId);
  }

  // ---- the alarm ----

  /** Brings the one alarm forward to `at` when it is set later (or not at all); never pushes it back. */
  private async wakeBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * One alarm for the whole organization, at the earliest moment any dock is due (or a lease lapses) or an
   * open socket's credential must be checked.
   */
  private async armAlarm(): Promise<number | null> {
    const dockAt = this.schedule.nextWakeAt();
    // Expired sockets are closed here as well.
    const liveAt = this.live.closeExpiredSockets().nextCheckAt;
    const at = dockAt === null ? liveAt : liveAt === null ? dockAt : Math.min(dockAt, liveAt);
    if (at === null) {
      await this.ctx.storage.deleteAlarm();
      return null;
    }
    const when = Math.max(at, Date.now());
    await this.ctx.storage.setAlarm(when);
    return when;
  }

  override async onAlarm(): Promise<void> {
    const now = Date.now();
    // First, before any sync can publish to them: sockets whose session or token ran out or was removed.
    await this.live.checkCredentials(now);
    const queue = this.schedule.due(now);
    const workers = Array.from({ length: Math.min(SYNC_CONCURRENCY, queue.length) }, async () => {
      for (let dockId = queue.shift(); dockId; dockId = queue.shift()) {
        // One dock's failure is that dock's; a throwing alarm would be retried for everyone.
        try {
          await this.runner.run(dockId);
        } catch (err) {
          console.error(JSON.stringify({ level: "error", msg: "sync run crashed", dockId, error: err instanceof Error ? err.message : String(err) }));
          // Retried, but not at once: a crash that repeats must not spin the alarm.
          this.schedule.crashed(dockId, Date.now() + CRASH_RETRY_MS);
        }
      }
    });
    await Promise.all(workers);
    await this.armAlarm();
  }
}
