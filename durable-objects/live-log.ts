import type { SequencedMessage } from "../shared/live";
import type { KindArea } from "../shared/resources";
import { migrate } from "./hub/migrations";
import type { ModuleSchema } from "./hub/migrations";

/**
 * Who may see a message: a resource change by its kind's declared area (resources or monitoring), docks for
 * dock status and sync progress, members and organization for settings changes.
 */
export type LiveArea = KindArea | "docks" | "members" | "organization";

/** Kept at least this many messages, and everything from the last 24 hours, for clients that resume. */
export const LOG_MIN_MESSAGES = 10_000;
export const LOG_MIN_AGE_MS = 24 * 3600 * 1000;
const PRUNE_EVERY = 500;

type Sql = SqlStorage;

const SCHEMA: ModuleSchema = {
  module: "live_log",
  steps: [
    (sql) => {
      sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      sql.exec("CREATE TABLE IF NOT EXISTS live_log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, area TEXT NOT NULL, message TEXT NOT NULL)");
    },
  ],
};

/**
 * The organization's sequence counter and its bounded log of live messages, in the hub's SQLite. Resource
 * events in D1 and live messages draw from the same counter, so numbers never repeat; the log holds only
 * live messages, and `pruned_through` says below which sequence a resuming client must start over.
 */
export class LiveLog {
  private appended = 0;
  /**
   * The counter as stored, read once: this object is its only writer, and every write goes to storage too, so
   * a sync's thousands of allocations cost one UPSERT each and no SELECT.
   */
  private seq: number | null = null;

  constructor(private readonly sql: Sql) {
    migrate(sql, SCHEMA);
  }

  private meta(key: string): number {
    return this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? 0;
  }

  private setMeta(key: string, value: number): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }

  currentSeq(): number {
    this.seq ??= this.meta("seq");
    return this.seq;
  }

  /** Reserves `count` consecutive numbers and returns the first. Synchronous storage: no two callers share one. */
  allocate(count: number): number {
    const first = this.currentSeq() + 1;
    this.seq = first + count - 1;
    this.setMeta("seq", this.seq);
    return first;
  }

  append<M extends SequencedMessage>(area: LiveArea, build: (seq: number) => M, now = Date.now()): M {
    const message = build(this.allocate(1));
    this.sql.exec("INSERT INTO live_log (seq, at, area, message) VALUES (?, ?, ?, ?)", message.seq, now, area, JSON.stringify(message));
    if (++this.appended % PRUNE_EVERY === 0) this.prune(now);
    return message;
  }

  /** Drops what is both older than 24 hours and beyond the newest 10,000 messages. */
  prune(now = Date.now()): void {
    const keepFrom = this.sql
      .exec<{ seq: number }>("SELECT seq FROM live_log ORDER BY seq DESC LIMIT 1 OFFSET ?", LOG_MIN_MESSAGES - 1)
      .toArray()[0]?.seq;
    if (keepFrom === undefined) return;
    const doomed = this.sql
      .exec<{ top: number | null }>("SELECT MAX(seq) AS top FROM live_log WHERE seq < ? AND at < ?", keepFrom, now - LOG_MIN_AGE_MS)
      .toArray()[0]?.top;
    if (doomed === null || doomed === undefined) return;
    this.sql.exec("DELETE FROM live_log WHERE seq <= ?", doomed);
    this.setMeta("pruned_through", Math.max(doomed, this.meta("pruned_through")));
  }

  /** Everything after `lastSeq`, in order; or `resync` when part of it has been pruned (or the client is ahead of us). */
  since(lastSeq: number): { area: LiveArea; message: SequencedMessage }[] | "resync" {
    if (lastSeq < this.meta("pruned_through") || lastSeq > this.currentSeq()) return "resync";
    return this.sql
      .exec<{ area: string; message: string }>("SELECT area, message FROM live_log WHERE seq > ? ORDER BY seq", lastSeq)
      .toArray()
      .map((r) => ({ area: r.area as LiveArea, message: JSON.parse(r.message) as SequencedMessage }));
  }
}
