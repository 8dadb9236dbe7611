import { Server } from "partyserver";
import type { Connection, ConnectionContext, WSMessage } from "partyserver";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ProviderError } from "../adapters/errors";
import { getAdapter } from "../adapters/registry";
import type { WebhookAction } from "../adapters/types";
import type { DockStatus, KindOutcome, RateLimitState } from "../shared/docks";
import { cleanErrorText } from "../shared/error-text";
import { clientMessageSchema, CLOSE_ACCESS_REVOKED, CLOSE_SESSION_ENDED } from "../shared/live";
import type { OrgChange, ResourceChange, SequencedMessage, ServerMessage } from "../shared/live";
import { allows, permissionsSchema } from "../shared/permissions";
import type { Permissions } from "../shared/permissions";
import { areaOfKind } from "../shared/resources";
import type { ResourceKind, SyncTrigger } from "../shared/resources";
import { createDb } from "../worker/db/client";
import type { Db, DockRow } from "../worker/db/client";
import { dockKindListings, docks, syncRuns } from "../worker/db/schema";
import { configFrom } from "../worker/env";
import { newId } from "../worker/lib/ids";
import { credentialKey, credentialStanding, credentialStandings, resolveAccess } from "../worker/services/access";
import type { LiveCredential } from "../worker/services/access";
import { auditInsert, SYSTEM_ACTOR } from "../worker/services/audit";
import { outboundPolicyOf } from "../worker/services/base-url-policy";
import { openCredentials } from "../worker/services/dock-credentials";
import { dockView } from "../worker/services/docks";
import { toSyncRun } from "../worker/services/sync-runs";
import { backoffDelayMs, MAX_CREDENTIAL_REJECTIONS } from "./backoff";
import { createHttpCacheTable, dropHttpCache, httpCacheFor } from "./http-cache";
import { LiveLog } from "./live-log";
import type { LiveArea } from "./live-log";
import type { ChangeRecord } from "./sync/resource-store";
import { hashIndexFor } from "./sync/hash-index";
import { applyDirect, freshContinuation, syncDock } from "./sync/sync-dock";
import type { Continuation, SyncCounters } from "./sync/sync-dock";

/** How long a run may hold a dock before another invocation may take it over (a crashed run's lease lapses). */
export const LEASE_MS = 15 * 60_000;
/** Docks synced at once by one alarm. */
export const SYNC_CONCURRENCY = 4;
/** When a run crashes outside the sync's own error handling (storage trouble), the dock is tried again after this. */
export const CRASH_RETRY_MS = 60_000;
/** Rate-limit waits sat out inside a run; longer ones end the run and reschedule it. */
export const MAX_IN_RUN_RATE_LIMIT_WAIT_MS = 60_000;

interface ScheduleRow {
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

/** Webhooks in a burst (a push touches many things) coalesce into one targeted re-sync this long after the first. */
export const WEBHOOK_DEBOUNCE_MS = 3_000;

/**
 * While sockets whose session or token can end are open, the alarm comes at least this often (and at the
 * earliest expiry) and reads their credentials again, so a socket never outlives its session or token by
 * more than this, even when the hub was not told of the end.
 */
export const CREDENTIAL_CHECK_MS = 60_000;
/**
 * "Service restart": the client reconnects by itself and the Worker authenticates it afresh. For a socket
 * whose stored access cannot be read, which could otherwise never be ended with its credential.
 */
const CLOSE_RECONNECT = 1012;

/** Set by the Worker after it authenticated the socket; survives hibernation in the socket's attachment. */
export const connectionAccessSchema = z.object({
  userId: z.string(),
  tokenId: z.string().nullable(),
  /** The hash of the session that opened the socket (D1's key for it), never the cookie; null for a token. */
  sessionKey: z.string().max(128).nullable(),
  /** When that session or token stops working, in ms since the epoch; null when it does not expire. */
  expiresAt: z.number().int().nullable(),
  permissions: permissionsSchema,
  /** The sequence number sent in `hello`: everything after it reached this socket live. */
  helloSeq: z.number().int().default(0),
});
export type ConnectionAccess = z.infer<typeof connectionAccessSchema>;
/** What the Worker stamps on the upgrade request. */
export type AccessStamp = z.input<typeof connectionAccessSchema>;
export const ACCESS_HEADER = "x-edgedock-access";

function mayRead(permissions: Permissions, area: LiveArea): boolean {
  return allows(permissions, area, "read");
}

/** The session or token behind a socket; null for an identity-provider token, which D1 does not hold. */
function credentialOf(access: ConnectionAccess): LiveCredential | null {
  if (access.tokenId) return { kind: "token", tokenId: access.tokenId };
  if (access.sessionKey) return { kind: "session", sessionKey: access.sessionKey };
  return null;
}

const expired = (access: Pick<ConnectionAccess, "expiresAt">, now: number) => typeof access.expiresAt === "number" && access.expiresAt <= now;
/** Whether the socket's credential can stop working, so the periodic check must keep coming while it is open. */
const mayEnd = (access: ConnectionAccess) => access.expiresAt !== null || credentialOf(access) !== null;
const endedReason = (access: ConnectionAccess) => (access.tokenId ? "API token expired or revoked" : "session expired or signed out");

/**
 * One per organization, addressed by the organization id. It is the only writer of the organization's
 * synced resources: it keeps each dock's schedule, lease, backoff and resume cursor in its own SQLite,
 * drives syncs from its alarm, and is the only place credentials are decrypted for a sync.
 */
export class OrgHub extends Server<Env> {
  static override options = { hibernate: true };

  /** Wall-clock budget of one invocation's work on one dock before it hands over to the next alarm. */
  sliceMs = 20_000;

  override onStart(): void {
    this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS schedule (
      dock_id TEXT PRIMARY KEY,
      enabled INTEGER NOT NULL,
      interval_s INTEGER NOT NULL,
      next_run_at INTEGER,
      lease_until INTEGER,
      run_id TEXT,
      trigger TEXT,
      continuation TEXT,
      rejections INTEGER NOT NULL DEFAULT 0,
      pending_kinds TEXT,
      webhook_due_at INTEGER
    )`);
    // Hubs created before webhooks existed lack these columns.
    const columns = new Set(this.ctx.storage.sql.exec<{ name: string }>("PRAGMA table_info(schedule)").toArray().map((c) => c.name));
    if (!columns.has("pending_kinds")) this.ctx.storage.sql.exec("ALTER TABLE schedule ADD COLUMN pending_kinds TEXT");
    if (!columns.has("webhook_due_at")) this.ctx.storage.sql.exec("ALTER TABLE schedule ADD COLUMN webhook_due_at INTEGER");
    createHttpCacheTable(this.ctx.storage.sql);
    this.live = new LiveLog(this.ctx.storage.sql);
  }

  private live!: LiveLog;

  private get db(): Db {
    return createDb(this.env.DB);
  }

  private get orgId(): string {
    return this.name;
  }

  private schedule(dockId: string): ScheduleRow | undefined {
    return this.ctx.storage.sql.exec<ScheduleRow>("SELECT * FROM schedule WHERE dock_id = ?", dockId).toArray()[0];
  }

  // ---- the live channel ----

  override getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    const access = this.accessFrom(ctx.request);
    return access ? [`user:${access.userId}`] : [];
  }

  private accessFrom(request: Request): ConnectionAccess | null {
    const raw = request.headers.get(ACCESS_HEADER);
    if (!raw) return null;
    try {
      const parsed = connectionAccessSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  override async onConnect(connection: Connection<ConnectionAccess>, ctx: ConnectionContext): Promise<void> {
    // Only the Worker reaches this object, and only after checking the caller; a request without its
    // stamp did not come through it.
    const access = this.accessFrom(ctx.request);
    if (!access || !mayRead(access.permissions, "resources")) {
      connection.close(1008, "unauthorized");
      return;
    }
    // Checked by the Worker a moment ago, but it may have lapsed on the way: no hello, no replay.
    if (expired(access, Date.now())) {
      connection.close(CLOSE_SESSION_ENDED, endedReason(access));
      return;
    }
    const helloSeq = this.live.currentSeq();
    this.sendTo(connection, { type: "hello", seq: helloSeq });
    // Resuming in the handshake (`?lastSeq=`) replays before the socket joins the broadcast — all in this
    // one synchronous step — so the client sees what it missed, then what is new, in order, once each.
    const lastSeq = Number(new URL(ctx.request.url).searchParams.get("lastSeq") ?? Number.NaN);
    if (Number.isInteger(lastSeq) && lastSeq >= 0) this.replay(connection, access.permissions, lastSeq, helloSeq);
    connection.setState({ ...access, helloSeq });
    if (mayEnd(access)) await this.armLiveCheck(Math.min(access.expiresAt ?? Number.POSITIVE_INFINITY, Date.now() + CREDENTIAL_CHECK_MS));
  }

  /**
   * The access stored on a socket, checked against its schema: the attachment outlives the code that wrote it
   * (hibernation), and a socket whose attachment does not say which credential opened it could never be ended
   * with that credential. Such a socket is told to reconnect, which stamps it afresh. Null for both that and a
   * socket still in its handshake.
   */
  private accessOf(connection: Connection<ConnectionAccess>): ConnectionAccess | null {
    const state: unknown = connection.state;
    if (state === null) return null;
    const parsed = connectionAccessSchema.safeParse(state);
    if (parsed.success) return parsed.data;
    connection.close(CLOSE_RECONNECT, "reconnect");
    return null;
  }

  private isOpen(connection: Connection): boolean {
    return connection.readyState === WebSocket.READY_STATE_OPEN;
  }

  override async onMessage(connection: Connection<ConnectionAccess>, message: WSMessage): Promise<void> {
    const access = this.accessOf(connection);
    if (!access || typeof message !== "string") return;
    let parsed: ReturnType<typeof clientMessageSchema.safeParse>;
    try {
      parsed = clientMessageSchema.safeParse(JSON.parse(message));
    } catch {
      return;
    }
    if (!parsed.success) return;
    // A resume hands out history, so the credential is checked first — against D1 too, since a session can
    // end without this hub being told (a failed notification, a revocation elsewhere).
    const credential = credentialOf(access);
    if (expired(access, Date.now()) || (credential && !(await credentialStanding(this.db, credential)))) {
      connection.close(CLOSE_SESSION_ENDED, endedReason(access));
      return;
    }
    // While D1 answered, the session may have been signed out (its socket closed) or the role narrowed: the
    // replay goes by what holds now, not by what held when the message arrived.
    const current = this.isOpen(connection) ? this.accessOf(connection) : null;
    if (!current) return;
    // Everything after `hello` already came live; the replay stops there so nothing arrives twice.
    this.replay(connection, current.permissions, parsed.data.lastSeq, current.helloSeq);
  }

  private replay(connection: Connection, permissions: Permissions, lastSeq: number, until: number): void {
    const missed = this.live.since(lastSeq);
    if (missed === "resync") {
      this.sendTo(connection, { type: "resync", reason: "too far behind: reload the data, then follow the live channel again" });
      return;
    }
    for (const { area, message } of missed) if (message.seq <= until && mayRead(permissions, area)) this.sendTo(connection, message);
  }

  private sendTo(connection: Connection, message: ServerMessage): void {
    try {
      connection.send(JSON.stringify(message));
    } catch {
      // A socket that went away between listing and sending: its close handler cleans up.
    }
  }

  /** Appends to the log and sends to every connection allowed to see it; the JSON is built once. */
  private publish<M extends SequencedMessage>(area: LiveArea, build: (seq: number) => M): M {
    const message = this.live.append(area, build);
    const json = JSON.stringify(message);
    const now = Date.now();
    for (const connection of this.getConnections<ConnectionAccess>()) {
      if (connection.state && mayRead(connection.state.permissions, area)) {
        // An expiry can pass between two checks, and a long sync publishes in between: nothing after it is sent.
        if (expired(connection.state, now)) {
          connection.close(CLOSE_SESSION_ENDED, endedReason(connection.state));
          continue;
        }
        try {
          connection.send(json);
        } catch {
          // as above
        }
      }
    }
    return message;
  }

  private publishChanges(changes: ChangeRecord[]): void {
    const byArea: Record<"resources" | "monitoring", ResourceChange[]> = { resources: [], monitoring: [] };
    for (const c of changes) {
      byArea[areaOfKind(c.kind)].push({ resourceId: c.resourceId, kind: c.kind, change: c.change, resource: c.resource });
    }
    for (const area of ["resources", "monitoring"] as const) {
      const list = byArea[area];
      if (list.length > 0) this.publish(area, (seq) => ({ type: "resource.changed", seq, changes: list }));
    }
  }

  private async publishDock(dockId: string): Promise<void> {
    const db = this.db;
    const dock = await db.select().from(docks).where(eq(docks.id, dockId)).get();
    if (!dock) return;
    const view = await dockView(db, dock);
    this.publish("docks", (seq) => ({ type: "dock.status", seq, dock: view }));
  }

  private async publishRun(runId: string): Promise<void> {
    const run = await this.db.select().from(syncRuns).where(eq(syncRuns.id, runId)).get();
    if (run) this.publish("docks", (seq) => ({ type: "sync.finished", seq, run: toSyncRun(run) }));
  }

  /**
   * Re-reads the access of open sockets (all, or one user's) after a membership, role or token change:
   * sockets whose session or token ended are closed with 4401, those that lost access with 4403, the others
   * are re-filtered from their next message on.
   */
  async accessChanged(userId?: string): Promise<{ closed: number; updated: number }> {
    let closed = 0;
    let updated = 0;
    const db = this.db;
    const open = [...this.getConnections<ConnectionAccess>(userId ? `user:${userId}` : undefined)].flatMap((connection) => {
      const access = this.accessOf(connection);
      return access ? [{ connection, access, credential: credentialOf(access) }] : [];
    });
    const standings = await credentialStandings(db, open.flatMap((o) => (o.credential ? [o.credential] : [])));
    // One read per subject, however many tabs it has open.
    const resolved = new Map<string, ReturnType<typeof resolveAccess>>();
    for (const { connection, access: opened, credential } of open) {
      const standing = credential ? (standings.get(credentialKey(credential)) ?? null) : expired(opened, Date.now()) ? null : { expiresAt: opened.expiresAt };
      if (!this.isOpen(connection)) continue;
      if (!standing) {
        connection.close(CLOSE_SESSION_ENDED, endedReason(opened));
        closed++;
        continue;
      }
      const subject = `${opened.userId}\u0000${opened.tokenId ?? ""}`;
      let pending = resolved.get(subject);
      if (!pending) {
        pending = resolveAccess(db, this.orgId, { userId: opened.userId, tokenId: opened.tokenId });
        resolved.set(subject, pending);
      }
      const access = await pending;
      if (!this.isOpen(connection)) continue;
      if (!access || !mayRead(access.permissions, "resources")) {
        connection.close(CLOSE_ACCESS_REVOKED, "access revoked");
        closed++;
      } else {
        // Merged into what the socket holds now: a concurrent change to it (its hello, a check) is kept.
        connection.setState((current) => ({ ...(current ?? opened), permissions: access.permissions, expiresAt: standing.expiresAt }));
        updated++;
      }
    }
    return { closed, updated };
  }

  /** A session was signed out: its sockets close now, in this organization as in the user's others. */
  sessionEnded(userId: string, sessionKey: string): { closed: number } {
    let closed = 0;
    for (const connection of this.getConnections<ConnectionAccess>(`user:${userId}`)) {
      if (this.accessOf(connection)?.sessionKey !== sessionKey) continue;
      connection.close(CLOSE_SESSION_ENDED, "signed out");
      closed++;
    }
    return { closed };
  }

  /**
   * Closes the sockets whose session or token has expired by what they were stamped with, and says when the
   * next check is due: the earliest expiry left, but no later than `CREDENTIAL_CHECK_MS` from now (null when
   * no open socket's credential can end).
   */
  closeExpiredSockets(now = Date.now()): { closed: number; nextCheckAt: number | null } {
    let closed = 0;
    let nextCheckAt: number | null = null;
    for (const connection of this.getConnections<ConnectionAccess>()) {
      const access = this.accessOf(connection);
      if (!access || !mayEnd(access)) continue;
      if (expired(access, now)) {
        connection.close(CLOSE_SESSION_ENDED, endedReason(access));
        closed++;
        continue;
      }
      const due = Math.min(access.expiresAt ?? Number.POSITIVE_INFINITY, now + CREDENTIAL_CHECK_MS);
      nextCheckAt = nextCheckAt === null ? due : Math.min(nextCheckAt, due);
    }
    return { closed, nextCheckAt };
  }

  /**
   * The alarm's check of open sockets, before any sync publishes to them. Those past their stamped expiry
   * close at once; then every socket's session or token is read again from D1 (a few statements, however
   * many sockets), so one whose expiry moved, or that was removed without this hub being told (a lost
   * notification, a revocation elsewhere), ends too. The alarm comes at least every `CREDENTIAL_CHECK_MS`
   * while such sockets are open (`armAlarm`), so that is the longest a socket outlives its credential.
   */
  async checkLiveCredentials(now = Date.now()): Promise<{ closed: number }> {
    let { closed } = this.closeExpiredSockets(now);
    const open = [...this.getConnections<ConnectionAccess>()].flatMap((connection) => {
      const access = this.accessOf(connection);
      const credential = access && credentialOf(access);
      return access && credential ? [{ connection, access, credential }] : [];
    });
    if (open.length === 0) return { closed };
    let standings: Awaited<ReturnType<typeof credentialStandings>>;
    try {
      standings = await credentialStandings(this.db, open.map((o) => o.credential), now);
    } catch (err) {
      // Not thrown: a throwing alarm would be retried for every dock's sync as well. The next alarm, at most
      // `CREDENTIAL_CHECK_MS` away, reads again.
      console.error(JSON.stringify({ level: "warn", msg: "live credential check failed", orgId: this.orgId, error: err instanceof Error ? err.message : String(err) }));
      return { closed };
    }
    for (const { connection, access, credential } of open) {
      if (!this.isOpen(connection)) continue;
      const standing = standings.get(credentialKey(credential)) ?? null;
      if (!standing) {
        connection.close(CLOSE_SESSION_ENDED, endedReason(access));
        closed++;
      } else if (standing.expiresAt !== access.expiresAt) {
        connection.setState((current) => ({ ...(current ?? access), expiresAt: standing.expiresAt }));
      }
    }
    return { closed };
  }

  /** Brings the one alarm forward to `at` when it is set later (or not at all); never pushes it back. */
  private async armLiveCheck(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * Announces a change to the organization's settings (members, invitations, roles, tokens, its name) so open
   * dashboards refresh them. Only those who may read that area are told.
   */
  orgChanged(what: OrgChange): void {
    // Tokens are listed under `organization: read`, as the API lists them; the rest under `members: read`.
    const area: LiveArea = what === "organization" || what === "tokens" ? "organization" : "members";
    this.publish(area, (seq) => ({ type: "org.changed", seq, what }));
  }

  /** Reserves `count` event sequence numbers; synchronous storage, so no two batches share one. */
  allocateSeq(count: number): number {
    return this.live.allocate(count);
  }

  /** Re-reads one dock from D1 after it was created, edited, paused or resumed, and re-arms the alarm. */
  async refreshDock(dockId: string): Promise<void> {
    const dock = await this.db.select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, this.orgId))).get();
    if (!dock) return this.removeDock(dockId);
    this.upsertSchedule(dock);
    await this.armAlarm();
    const view = await dockView(this.db, dock);
    this.publish("docks", (seq) => ({ type: "dock.status", seq, dock: view }));
  }

  async removeDock(dockId: string): Promise<void> {
    const known = this.schedule(dockId) !== undefined;
    this.ctx.storage.sql.exec("DELETE FROM schedule WHERE dock_id = ?", dockId);
    dropHttpCache(this.ctx.storage.sql, dockId);
    hashIndexFor(this.ctx.storage.sql).dropDock(dockId);
    await this.armAlarm();
    if (known) this.publish("docks", (seq) => ({ type: "dock.removed", seq, dockId }));
  }

  private upsertSchedule(dock: DockRow): void {
    const existing = this.schedule(dock.id);
    const nextRunAt = dock.syncEnabled ? (dock.nextSyncAt?.getTime() ?? null) : null;
    // New credentials reset the rejection count: the dock deserves a fresh start.
    const rejections = existing && dock.status !== "pending" ? existing.rejections : 0;
    this.ctx.storage.sql.exec(
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

  /**
   * Starts a sync of the dock now, even during a backoff, but never beside a running sync of the same
   * dock: then the running one's id is returned.
   */
  async syncNow(dockId: string, trigger: SyncTrigger = "manual"): Promise<{ runId: string; alreadyRunning: boolean }> {
    let row = this.schedule(dockId);
    if (!row) {
      await this.refreshDock(dockId);
      row = this.schedule(dockId);
      if (!row) throw new Error("dock not found");
    }
    if (row.run_id) return { runId: row.run_id, alreadyRunning: true };
    const runId = newId("run");
    const now = Date.now();
    await this.db.insert(syncRuns).values({ id: runId, organizationId: this.orgId, dockId, trigger, status: "running", startedAt: new Date(now) });
    this.ctx.storage.sql.exec("UPDATE schedule SET run_id = ?, trigger = ?, next_run_at = ?, continuation = NULL WHERE dock_id = ?", runId, trigger, now, dockId);
    await this.ctx.storage.setAlarm(now);
    return { runId, alreadyRunning: false };
  }

  /** The cron's call: reload the schedule from D1 (it is the source of truth) and re-arm the alarm. */
  async rearm(): Promise<{ docks: number; nextAlarm: number | null }> {
    const rows = await this.db.select().from(docks).where(eq(docks.organizationId, this.orgId));
    const ids = new Set(rows.map((d) => d.id));
    for (const dock of rows) this.upsertSchedule(dock);
    for (const row of this.ctx.storage.sql.exec<ScheduleRow>("SELECT * FROM schedule").toArray()) {
      if (!ids.has(row.dock_id)) {
        this.ctx.storage.sql.exec("DELETE FROM schedule WHERE dock_id = ?", row.dock_id);
        dropHttpCache(this.ctx.storage.sql, row.dock_id);
        hashIndexFor(this.ctx.storage.sql).dropDock(row.dock_id);
      }
    }
    return { docks: rows.length, nextAlarm: await this.armAlarm() };
  }

  /**
   * One alarm for the whole organization, at the earliest moment any dock is due (or a lease lapses) or an
   * open socket's credential must be checked.
   */
  private async armAlarm(): Promise<number | null> {
    const row = this.ctx.storage.sql
      .exec<{ at: number | null }>(
        `SELECT MIN(CASE WHEN lease_until IS NOT NULL THEN lease_until
                         WHEN webhook_due_at IS NOT NULL AND (next_run_at IS NULL OR webhook_due_at < next_run_at) THEN webhook_due_at
                         ELSE next_run_at END) AS at FROM schedule
         WHERE (enabled = 1 OR run_id IS NOT NULL) AND (next_run_at IS NOT NULL OR lease_until IS NOT NULL OR webhook_due_at IS NOT NULL)`,
      )
      .toArray()[0];
    const dockAt = row?.at ?? null;
    // Reading the attachments does not wake hibernated sockets; expired ones are closed here as well.
    const liveAt = this.closeExpiredSockets().nextCheckAt;
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
    await this.checkLiveCredentials(now);
    const due = this.ctx.storage.sql
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
    const queue = [...due];
    const workers = Array.from({ length: Math.min(SYNC_CONCURRENCY, queue.length) }, async () => {
      for (let dockId = queue.shift(); dockId; dockId = queue.shift()) {
        // One dock's failure is that dock's; a throwing alarm would be retried for everyone.
        try {
          await this.runDock(dockId);
        } catch (err) {
          console.error(JSON.stringify({ level: "error", msg: "sync run crashed", dockId, error: err instanceof Error ? err.message : String(err) }));
          // Retried, but not at once: a crash that repeats must not spin the alarm.
          this.ctx.storage.sql.exec("UPDATE schedule SET lease_until = NULL, next_run_at = ?, webhook_due_at = NULL WHERE dock_id = ?", Date.now() + CRASH_RETRY_MS, dockId);
        }
      }
    });
    await Promise.all(workers);
    await this.armAlarm();
  }

  /** Takes the lease; false when another invocation holds it. Synchronous, so two callers cannot both win. */
  private acquireLease(dockId: string, now: number): ScheduleRow | null {
    const row = this.schedule(dockId);
    if (!row || (row.lease_until !== null && row.lease_until > now)) return null;
    this.ctx.storage.sql.exec("UPDATE schedule SET lease_until = ? WHERE dock_id = ?", now + LEASE_MS, dockId);
    return row;
  }

  /**
   * A verified webhook delivery for one of this organization's docks. Resources the payload carries are
   * written at once (as a `webhook` run) unless a sync of the dock is under way — then, like a payload that
   * only says something moved, it becomes a targeted re-sync of the kind, debounced.
   */
  async applyWebhook(dockId: string, action: Exclude<WebhookAction, { type: "ignore" } | { type: "ack" }>): Promise<{ runId: string | null; resync: ResourceKind[] }> {
    const now = Date.now();
    if (!this.schedule(dockId)) await this.refreshDock(dockId);
    const row = this.schedule(dockId);
    if (!row) throw new Error("dock not found");
    const busy = row.run_id !== null || (row.lease_until !== null && row.lease_until > now);
    if (action.type === "resync" || busy) {
      const kinds = action.type === "resync" ? action.kinds : [action.kind];
      const pending = new Set<ResourceKind>([...(row.pending_kinds ? (JSON.parse(row.pending_kinds) as ResourceKind[]) : []), ...kinds]);
      this.ctx.storage.sql.exec(
        "UPDATE schedule SET pending_kinds = ?, webhook_due_at = COALESCE(webhook_due_at, ?) WHERE dock_id = ?",
        JSON.stringify([...pending]),
        now + WEBHOOK_DEBOUNCE_MS,
        dockId,
      );
      await this.armAlarm();
      return { runId: null, resync: [...pending] };
    }
    const lease = this.acquireLease(dockId, now);
    if (!lease) return { runId: null, resync: [] };
    const db = this.db;
    const runId = newId("run", now);
    try {
      const dock = await db.select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, this.orgId))).get();
      const adapter = dock ? getAdapter(dock.provider) : undefined;
      if (!dock || !adapter) throw new Error("dock not found");
      await db.insert(syncRuns).values({ id: runId, organizationId: this.orgId, dockId, trigger: "webhook", status: "running", startedAt: new Date(now) });
      const counters = await applyDirect(
        {
          db,
          organizationId: this.orgId,
          dockId,
          provider: dock.provider,
          adapter,
          credentials: {},
          providerContext: { baseUrl: dock.baseUrl ?? adapter.defaultBaseUrl, outbound: outboundPolicyOf(configFrom(this.env)) },
          allocateSeq: (count) => this.allocateSeq(count),
          onChanges: (changes) => this.publishChanges(changes),
          shouldYield: () => false,
          checkpoint: () => undefined,
          hashIndex: hashIndexFor(this.ctx.storage.sql),
        },
        action.kind,
        action.type === "upsert" ? action.resources : [],
        action.type === "delete" ? action.externalIds : [],
        { createOnly: action.type === "upsert" && action.createOnly === true },
      );
      // Only the delivery's resources were written: no kind was listed, so none has an outcome.
      await this.recordRun(db, runId, counters, null, "succeeded", []);
    } catch (err) {
      await this.recordRun(db, runId, { pages: 0, requests: 0, seen: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 }, err instanceof Error ? err.message : String(err), "failed", []).catch(() => undefined);
      throw err;
    } finally {
      this.ctx.storage.sql.exec("UPDATE schedule SET lease_until = NULL WHERE dock_id = ?", dockId);
      await this.armAlarm();
    }
    await this.publishRun(runId);
    return { runId, resync: [] };
  }

  async runDock(dockId: string): Promise<void> {
    const started = Date.now();
    const lease = this.acquireLease(dockId, started);
    if (!lease) return;
    const db = this.db;
    const dock = await db.select().from(docks).where(and(eq(docks.id, dockId), eq(docks.organizationId, this.orgId))).get();
    if (!dock) {
      this.ctx.storage.sql.exec("DELETE FROM schedule WHERE dock_id = ?", dockId);
      dropHttpCache(this.ctx.storage.sql, dockId);
      hashIndexFor(this.ctx.storage.sql).dropDock(dockId);
      return;
    }
    // A webhook's debounced re-sync lists only the kinds it named; any other run lists everything, which
    // covers them too. Either way the request is consumed here; deliveries during the run queue anew.
    const pendingKinds = lease.pending_kinds ? (JSON.parse(lease.pending_kinds) as ResourceKind[]) : null;
    const scheduleDue = lease.next_run_at !== null && lease.next_run_at <= started;
    const webhookOnly = pendingKinds !== null && !scheduleDue && lease.run_id === null && lease.continuation === null;
    this.ctx.storage.sql.exec("UPDATE schedule SET pending_kinds = NULL, webhook_due_at = NULL WHERE dock_id = ?", dockId);
    const trigger = webhookOnly ? "webhook" : ((lease.trigger as SyncTrigger | null) ?? "schedule");
    let runId = lease.run_id;
    // Continuations saved before outcomes were kept carry none; the kinds they finished are simply not named.
    let continuation: Continuation = lease.continuation ? { ...freshContinuation(), ...(JSON.parse(lease.continuation) as Partial<Continuation>) } : freshContinuation();
    if (!runId) {
      runId = newId("run", started);
      await db.insert(syncRuns).values({ id: runId, organizationId: this.orgId, dockId, trigger, status: "running", startedAt: new Date(started) });
      this.ctx.storage.sql.exec("UPDATE schedule SET run_id = ?, trigger = ? WHERE dock_id = ?", runId, trigger, dockId);
      continuation = freshContinuation();
    }

    const adapter = getAdapter(dock.provider);
    let rateLimit: RateLimitState | null = dock.rateLimit ?? null;
    const counters = continuation.counters;
    // Filled in place by the sync, so a run that ends part-way still records the kinds it did.
    const outcomes: KindOutcome[] = continuation.outcomes;
    try {
      if (!adapter) throw new ProviderError(dock.provider, "request_failed", `provider ${dock.provider} is not supported by this installation`);
      const config = configFrom(this.env);
      const credentials = await openCredentials(config, dock);
      await db.batch([
        db.update(docks).set({ status: "syncing", updatedAt: new Date() }).where(eq(docks.id, dockId)),
        auditInsert(db, SYSTEM_ACTOR, { organizationId: this.orgId, action: "credential.decrypt", targetType: "dock", targetId: dockId, metadata: { reason: "sync", runId, trigger } }),
      ]);
      await this.publishDock(dockId);
      const progressRunId = runId;
      const outcome = await syncDock(
        {
          db,
          organizationId: this.orgId,
          dockId,
          provider: dock.provider,
          adapter,
          credentials,
          kinds: webhookOnly ? pendingKinds : undefined,
          providerContext: {
            baseUrl: dock.baseUrl ?? adapter.defaultBaseUrl,
            outbound: outboundPolicyOf(config),
            maxRateLimitWaitMs: MAX_IN_RUN_RATE_LIMIT_WAIT_MS,
            onRateLimit: (state) => (rateLimit = state),
            onRequest: () => counters.requests++,
            httpCache: httpCacheFor(this.ctx.storage.sql, dockId),
          },
          allocateSeq: (count) => this.allocateSeq(count),
          onChanges: (changes) => this.publishChanges(changes),
          onPage: (c) => this.publish("docks", (seq) => ({ type: "sync.progress", seq, dockId, runId: progressRunId, pages: c.pages, resources: c.seen })),
          shouldYield: () => Date.now() - started > this.sliceMs,
          checkpoint: (state) => this.ctx.storage.sql.exec("UPDATE schedule SET continuation = ? WHERE dock_id = ?", JSON.stringify({ ...state, counters }), dockId),
          hashIndex: hashIndexFor(this.ctx.storage.sql),
        },
        { ...continuation, counters, outcomes },
      );
      if (outcome.state === "yielded") {
        // Hand over to the next alarm, keeping the run and its cursor.
        this.ctx.storage.sql.exec("UPDATE schedule SET lease_until = NULL, next_run_at = ? WHERE dock_id = ?", Date.now(), dockId);
        await this.recordRun(db, runId, counters, null, "running", outcomes);
        return;
      }
      await this.finishCompleted(db, dock, adapter.resourceKinds, runId, counters, rateLimit, outcomes, webhookOnly);
    } catch (err) {
      await this.finishFailure(db, dock, runId, counters, rateLimit, err, outcomes);
    }
    await this.publishDock(dockId);
    await this.publishRun(runId);
  }

  private async recordRun(db: Db, runId: string, c: SyncCounters, error: string | null, status: "running" | "succeeded" | "failed", kinds: KindOutcome[]) {
    await db
      .update(syncRuns)
      .set({ ...c, error: error === null ? null : cleanErrorText(error), status, kinds, finishedAt: status === "running" ? null : new Date() })
      .where(eq(syncRuns.id, runId));
  }

  /**
   * A run that went through every kind it was to list; how each fared decides the run and the dock:
   * - every kind listed: run `succeeded`, dock `ok`;
   * - some kinds the credentials may not read, none failed: run and dock `partial`, `lastError` naming what
   *   to grant. That is how the token was made, not a failure: no backoff, no step towards pausing, the next
   *   run at the usual interval;
   * - some kinds failed, others not: run and dock `partial`, `lastError` naming them and why, and the next run
   *   after the failure backoff;
   * - every kind failed: run `failed`, dock `error`, backoff — as a run that ends by throwing.
   * `targeted`: a webhook's re-sync of some kinds, which leaves the regular schedule where it was.
   */
  private async finishCompleted(
    db: Db,
    dock: DockRow,
    kindsOfProvider: readonly ResourceKind[],
    runId: string,
    counters: SyncCounters,
    rateLimit: RateLimitState | null,
    outcomes: KindOutcome[],
    targeted: boolean,
  ) {
    const now = Date.now();
    const row = this.schedule(dock.id);
    const interval = (row?.interval_s ?? dock.syncIntervalSeconds) * 1000;
    const enabled = row ? row.enabled === 1 : dock.syncEnabled;
    const failed = outcomes.some((o) => o.outcome === "failed");
    const allFailed = outcomes.length > 0 && outcomes.every((o) => o.outcome === "failed");
    const status = allFailed ? "failed" : outcomes.every((o) => o.outcome === "listed") ? "succeeded" : "partial";
    const failures = failed ? dock.consecutiveFailures + 1 : 0;
    let next: number | null = failed ? now + backoffDelayMs(failures) : targeted ? (row?.next_run_at ?? now + interval) : now + interval;
    if (!enabled) next = null;
    // A provider that answered any kind with data or a refusal of that kind took the credentials.
    const rejections = allFailed ? (row?.rejections ?? 0) : 0;
    const standing = targeted ? await this.kindStanding(db, dock.id, kindsOfProvider, outcomes) : outcomes;
    const dockStatus: DockStatus = allFailed ? "error" : !enabled ? "paused" : standing.every((o) => o.outcome === "listed") ? "ok" : "partial";
    // Every kind failed: told as a run that stopped at its first failure was, the rest counted; the kinds say each.
    const failedError = allFailed ? allFailedText(outcomes) : null;
    this.ctx.storage.sql.exec(
      "UPDATE schedule SET lease_until = NULL, run_id = NULL, trigger = NULL, continuation = NULL, rejections = ?, next_run_at = ? WHERE dock_id = ?",
      rejections,
      next,
      dock.id,
    );
    await db.batch([
      db.update(syncRuns).set({ ...counters, status, kinds: outcomes, finishedAt: new Date(now), error: failedError ?? describeKinds(outcomes) }).where(eq(syncRuns.id, runId)),
      db
        .update(docks)
        .set({
          status: dockStatus,
          lastSyncAt: allFailed || targeted ? dock.lastSyncAt : new Date(now),
          lastError: failedError ?? describeKinds(standing),
          consecutiveFailures: failures,
          backoffUntil: failed && next !== null ? new Date(next) : null,
          nextSyncAt: next === null ? null : new Date(next),
          rateLimit,
          updatedAt: new Date(now),
        })
        .where(eq(docks.id, dock.id)),
    ]);
  }

  /**
   * Where each of the provider's kinds stands after a targeted run: its outcome in this run, else its last
   * recorded one — so a webhook's re-sync of one kind neither hides nor invents another kind's trouble.
   */
  private async kindStanding(db: Db, dockId: string, kinds: readonly ResourceKind[], outcomes: KindOutcome[]): Promise<KindOutcome[]> {
    const rows = await db.select().from(dockKindListings).where(eq(dockKindListings.dockId, dockId));
    const byKind = new Map<string, KindOutcome>(rows.map((r) => [r.kind, { kind: r.kind, outcome: r.outcome, reason: r.reason, scope: r.missingScope, count: r.count }]));
    for (const o of outcomes) byKind.set(o.kind, o);
    return kinds.flatMap((kind) => {
      const standing = byKind.get(kind);
      return standing ? [standing] : [];
    });
  }

  /** A run ended by a failure that stops every kind (rejected credentials, a refused destination, a rate limit, a crash). */
  private async finishFailure(db: Db, dock: DockRow, runId: string, counters: SyncCounters, rateLimit: RateLimitState | null, err: unknown, outcomes: KindOutcome[]) {
    const now = Date.now();
    const failure = err instanceof ProviderError ? err : null;
    // Shown to every member and stored: provider text is capped and stripped wherever it came from.
    const message = cleanErrorText(failure ? failure.message : `sync failed: ${err instanceof Error ? err.message : String(err)}`);
    const failures = dock.consecutiveFailures + 1;
    const row = this.schedule(dock.id);
    let rejections = row?.rejections ?? 0;
    let next: number | null;
    let paused = false;
    if (failure?.kind === "credentials_rejected") {
      // Retrying rejected credentials on a schedule only burns the provider's patience; wait for new ones.
      rejections += 1;
      next = null;
      paused = rejections >= MAX_CREDENTIAL_REJECTIONS;
    } else if (failure?.kind === "rate_limited" && failure.retryAt) {
      next = Math.max(failure.retryAt.getTime(), now + 1000);
    } else {
      next = now + backoffDelayMs(failures);
    }
    const enabled = (row ? row.enabled === 1 : dock.syncEnabled) && !paused;
    if (!enabled) next = null;
    this.ctx.storage.sql.exec(
      "UPDATE schedule SET lease_until = NULL, run_id = NULL, trigger = NULL, continuation = NULL, rejections = ?, enabled = ?, next_run_at = ? WHERE dock_id = ?",
      rejections,
      enabled ? 1 : 0,
      next,
      dock.id,
    );
    const lastError = cleanErrorText(paused ? `Paused after ${rejections} credential rejections: ${message}` : message);
    await db.batch([
      db.update(syncRuns).set({ ...counters, status: "failed", kinds: outcomes, finishedAt: new Date(now), error: message }).where(eq(syncRuns.id, runId)),
      db
        .update(docks)
        .set({
          status: paused ? "paused" : "error",
          ...(paused ? { syncEnabled: false } : {}),
          lastError,
          consecutiveFailures: failures,
          backoffUntil: next === null ? null : new Date(next),
          nextSyncAt: next === null ? null : new Date(next),
          rateLimit,
          updatedAt: new Date(now),
        })
        .where(eq(docks.id, dock.id)),
      ...(paused
        ? [auditInsert(db, SYSTEM_ACTOR, { organizationId: this.orgId, action: "dock.paused", targetType: "dock", targetId: dock.id, result: "failure", metadata: { reason: message } })]
        : []),
    ]);
  }
}

/** A run in which every kind failed, in the first failure's words, as a run that stopped there would read. */
function allFailedText(outcomes: readonly KindOutcome[]): string {
  const first = outcomes[0]?.reason ?? "every kind failed";
  const others = outcomes.length - 1;
  return cleanErrorText(others > 0 ? `${first} (and ${others} more kind${others === 1 ? "" : "s"} failed)` : first);
}

/**
 * What a member should know about the kinds not listed in full, for `lastError` and a run's error; null when
 * every kind was. Missing permissions come first: they are short and say exactly what to grant.
 */
export function describeKinds(outcomes: readonly KindOutcome[]): string | null {
  const missing = outcomes.flatMap((o) =>
    o.outcome !== "permission_missing" ? [] : [o.scope ? `${o.kind}: the credentials lack the permission ${o.scope}` : `${o.kind}: the credentials may not read it (${o.reason ?? "refused"})`],
  );
  const failed = outcomes.flatMap((o) => (o.outcome === "failed" ? [`${o.kind} not listed: ${o.reason ?? "it failed"}`] : []));
  const parts = [...missing, ...failed];
  return parts.length === 0 ? null : cleanErrorText(parts.join("; "));
}
