import type { Connection, ConnectionContext, WSMessage } from "partyserver";
import { credentialKey, credentialStanding, credentialStandings, resolveAccess } from "../../core/access";
import type { Db } from "../../core/db/client";
import { accessFromRequest, connectionAccessSchema, credentialOf, endedReason, expired, mayEnd } from "../../core/live-access";
import type { ConnectionAccess } from "../../core/live-access";
import { clientMessageSchema, CLOSE_ACCESS_REVOKED, CLOSE_SESSION_ENDED } from "../../shared/live";
import type { OrgChange, ResourceChange, SequencedMessage, ServerMessage } from "../../shared/live";
import { allows } from "../../shared/permissions";
import type { Permissions } from "../../shared/permissions";
import { areaOfKind } from "../../shared/resources";
import type { ChangeRecord } from "../sync/resource-store";
import { LiveLog } from "../live-log";
import type { LiveArea } from "../live-log";

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

const mayRead = (permissions: Permissions, area: LiveArea) => allows(permissions, area, "read");

/** What the live channel needs from the hub that holds it. */
export interface LiveHost {
  sql: SqlStorage;
  orgId: string;
  db(): Db;
  connections(tag?: string): Iterable<Connection<ConnectionAccess>>;
  /** Brings the hub's one alarm forward to `at` (never back): the next credential check. */
  wakeBy(at: number): Promise<void>;
}

/**
 * The organization's live channel: sockets opened through the Worker (which stamps the caller's access on
 * the upgrade), the log clients resume from, publishing filtered by each socket's permissions, and ending
 * sockets whose session, token or membership ended.
 */
export class LiveChannel {
  private readonly log: LiveLog;

  constructor(private readonly host: LiveHost) {
    this.log = new LiveLog(host.sql);
  }

  tagsFor(ctx: ConnectionContext): string[] {
    const access = accessFromRequest(ctx.request);
    return access ? [`user:${access.userId}`] : [];
  }

  /** Reserves `count` event sequence numbers; synchronous storage, so no two batches share one. */
  allocateSeq(count: number): number {
    return this.log.allocate(count);
  }

  async connect(connection: Connection<ConnectionAccess>, ctx: ConnectionContext): Promise<void> {
    // Only the Worker reaches this object, and only after checking the caller; a request without its
    // stamp did not come through it.
    const access = accessFromRequest(ctx.request);
    if (!access || !mayRead(access.permissions, "resources")) {
      connection.close(1008, "unauthorized");
      return;
    }
    // Checked by the Worker a moment ago, but it may have lapsed on the way: no hello, no replay.
    if (expired(access, Date.now())) {
      connection.close(CLOSE_SESSION_ENDED, endedReason(access));
      return;
    }
    const helloSeq = this.log.currentSeq();
    send(connection, { type: "hello", seq: helloSeq });
    // Resuming in the handshake (`?lastSeq=`) replays before the socket joins the broadcast — all in this
    // one synchronous step — so the client sees what it missed, then what is new, in order, once each.
    const lastSeq = Number(new URL(ctx.request.url).searchParams.get("lastSeq") ?? Number.NaN);
    if (Number.isInteger(lastSeq) && lastSeq >= 0) this.replay(connection, access.permissions, lastSeq, helloSeq);
    connection.setState({ ...access, helloSeq });
    if (mayEnd(access)) await this.host.wakeBy(Math.min(access.expiresAt ?? Number.POSITIVE_INFINITY, Date.now() + CREDENTIAL_CHECK_MS));
  }

  async message(connection: Connection<ConnectionAccess>, message: WSMessage): Promise<void> {
    const access = accessOf(connection);
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
    if (expired(access, Date.now()) || (credential && !(await credentialStanding(this.host.db(), credential)))) {
      connection.close(CLOSE_SESSION_ENDED, endedReason(access));
      return;
    }
    // While D1 answered, the session may have been signed out (its socket closed) or the role narrowed: the
    // replay goes by what holds now, not by what held when the message arrived.
    const current = isOpen(connection) ? accessOf(connection) : null;
    if (!current) return;
    // Everything after `hello` already came live; the replay stops there so nothing arrives twice.
    this.replay(connection, current.permissions, parsed.data.lastSeq, current.helloSeq);
  }

  private replay(connection: Connection, permissions: Permissions, lastSeq: number, until: number): void {
    const missed = this.log.since(lastSeq);
    if (missed === "resync") {
      send(connection, { type: "resync", reason: "too far behind: reload the data, then follow the live channel again" });
      return;
    }
    for (const { area, message } of missed) if (message.seq <= until && mayRead(permissions, area)) send(connection, message);
  }

  /** Appends to the log and sends to every connection allowed to see it; the JSON is built once. */
  publish<M extends SequencedMessage>(area: LiveArea, build: (seq: number) => M): M {
    const message = this.log.append(area, build);
    const json = JSON.stringify(message);
    const now = Date.now();
    for (const connection of this.host.connections()) {
      if (connection.state && mayRead(connection.state.permissions, area)) {
        // An expiry can pass between two checks, and a long sync publishes in between: nothing after it is sent.
        if (expired(connection.state, now)) {
          connection.close(CLOSE_SESSION_ENDED, endedReason(connection.state));
          continue;
        }
        try {
          connection.send(json);
        } catch {
          // A socket that went away between listing and sending: its close handler cleans up.
        }
      }
    }
    return message;
  }

  /** A written batch of changes, as its event rows, to those who may read each kind's area. */
  publishChanges(changes: readonly ChangeRecord[], firstSeq: number, dockId: string): void {
    const byArea: Record<"resources" | "monitoring", ResourceChange[]> = { resources: [], monitoring: [] };
    changes.forEach((c, i) => {
      byArea[areaOfKind(c.kind)].push({ seq: firstSeq + i, resourceId: c.resourceId, dockId, kind: c.kind, name: c.name, change: c.change, diff: c.diff, parentExternalId: c.parentExternalId });
    });
    for (const area of ["resources", "monitoring"] as const) {
      const list = byArea[area];
      if (list.length > 0) this.publish(area, (seq) => ({ type: "resource.changed", seq, changes: list }));
    }
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

  /**
   * Re-reads the access of open sockets (all, or one user's) after a membership, role or token change:
   * sockets whose session or token ended are closed with 4401, those that lost access with 4403, the others
   * are re-filtered from their next message on.
   */
  async accessChanged(userId?: string): Promise<{ closed: number; updated: number }> {
    let closed = 0;
    let updated = 0;
    const db = this.host.db();
    const open = [...this.host.connections(userId ? `user:${userId}` : undefined)].flatMap((connection) => {
      const access = accessOf(connection);
      return access ? [{ connection, access, credential: credentialOf(access) }] : [];
    });
    const standings = await credentialStandings(db, open.flatMap((o) => (o.credential ? [o.credential] : [])));
    // One read per subject, however many tabs it has open.
    const resolved = new Map<string, ReturnType<typeof resolveAccess>>();
    for (const { connection, access: opened, credential } of open) {
      const standing = credential ? (standings.get(credentialKey(credential)) ?? null) : expired(opened, Date.now()) ? null : { expiresAt: opened.expiresAt };
      if (!isOpen(connection)) continue;
      if (!standing) {
        connection.close(CLOSE_SESSION_ENDED, endedReason(opened));
        closed++;
        continue;
      }
      const subject = `${opened.userId}\u0000${opened.tokenId ?? ""}`;
      let pending = resolved.get(subject);
      if (!pending) {
        pending = resolveAccess(db, this.host.orgId, { userId: opened.userId, tokenId: opened.tokenId });
        resolved.set(subject, pending);
      }
      const access = await pending;
      if (!isOpen(connection)) continue;
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
    for (const connection of this.host.connections(`user:${userId}`)) {
      if (accessOf(connection)?.sessionKey !== sessionKey) continue;
      connection.close(CLOSE_SESSION_ENDED, "signed out");
      closed++;
    }
    return { closed };
  }

  /**
   * Closes the sockets whose session or token has expired by what they were stamped with, and says when the
   * next check is due: the earliest expiry left, but no later than `CREDENTIAL_CHECK_MS` from now (null when
   * no open socket's credential can end). Reading the attachments does not wake hibernated sockets.
   */
  closeExpiredSockets(now = Date.now()): { closed: number; nextCheckAt: number | null } {
    let closed = 0;
    let nextCheckAt: number | null = null;
    for (const connection of this.host.connections()) {
      const access = accessOf(connection);
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
   * while such sockets are open, so that is the longest a socket outlives its credential.
   */
  async checkCredentials(now = Date.now()): Promise<{ closed: number }> {
    let { closed } = this.closeExpiredSockets(now);
    const open = [...this.host.connections()].flatMap((connection) => {
      const access = accessOf(connection);
      const credential = access && credentialOf(access);
      return access && credential ? [{ connection, access, credential }] : [];
    });
    if (open.length === 0) return { closed };
    let standings: Awaited<ReturnType<typeof credentialStandings>>;
    try {
      standings = await credentialStandings(this.host.db(), open.map((o) => o.credential), now);
    } catch (err) {
      // Not thrown: a throwing alarm would be retried for every dock's sync as well. The next alarm, at most
      // `CREDENTIAL_CHECK_MS` away, reads again.
      console.error(JSON.stringify({ level: "warn", msg: "live credential check failed", orgId: this.host.orgId, error: err instanceof Error ? err.message : String(err) }));
      return { closed };
    }
    for (const { connection, access, credential } of open) {
      if (!isOpen(connection)) continue;
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
}

/**
 * The access stored on a socket, checked against its schema: the attachment outlives the code that wrote it
 * (hibernation), and a socket whose attachment does not say which credential opened it could never be ended
 * with that credential. Such a socket is told to reconnect, which stamps it afresh. Null for both that and a
 * socket still in its handshake.
 */
function accessOf(connection: Connection<ConnectionAccess>): ConnectionAccess | null {
  const state: unknown = connection.state;
  if (state === null) return null;
  const parsed = connectionAccessSchema.safeParse(state);
  if (parsed.success) return parsed.data;
  connection.close(CLOSE_RECONNECT, "reconnect");
  return null;
}

const isOpen = (connection: Connection) => connection.readyState === WebSocket.READY_STATE_OPEN;

function send(connection: Connection, message: ServerMessage): void {
  try {
    connection.send(JSON.stringify(message));
  } catch {
    // As in `publish`.
  }
}
