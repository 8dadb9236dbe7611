import { useQueryClient } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { WebSocket } from "partysocket";
import { useEffect } from "react";
import { CLOSE_ACCESS_REVOKED, CLOSE_SESSION_ENDED, serverMessageSchema } from "../../../shared/live";
import type { ServerMessage } from "../../../shared/live";
import { allows } from "../../../shared/permissions";
import { orgQueryKey, refreshMe, useMembership } from "../api/queries";
import { applyMessage, flushResourceRefresh, newCursor } from "./apply";
import type { OrgCursor } from "./apply";
import { clearLiveStores, clearOrgProgress, getConnection, updateConnection, useLiveConnection } from "./stores";
import type { LiveConnection, OfflineReason } from "./stores";

/** Per organization, for the whole page session: see `OrgCursor`. */
const cursors = new Map<string, OrgCursor>();

function cursorFor(orgId: string): OrgCursor {
  let cursor = cursors.get(orgId);
  if (!cursor) {
    cursor = newCursor();
    cursors.set(orgId, cursor);
  }
  return cursor;
}

/**
 * Forgets every organization's position and state. Called when the signed-in user changes: the next user
 * may see other messages (permissions filter them), so resuming from the previous user's position or
 * keeping their progress would be wrong.
 */
export function forgetLiveState(): void {
  cursors.clear();
  clearLiveStores();
}

/**
 * Follows the organization's live channel while mounted and keeps the query cache current from it.
 * Mount it once per organization (the organization layout does). The server only opens the channel to
 * members who may read resources; for anyone else it stays off and the pages keep polling.
 */
export function useLiveChannel(orgId: string): LiveConnection {
  const queryClient = useQueryClient();
  const membership = useMembership(orgId);
  const unavailable: OfflineReason | null = !membership
    ? "not-member"
    : allows(membership.role.permissions, "resources", "read")
      ? null
      : "no-permission";

  useEffect(() => {
    if (unavailable) {
      updateConnection(orgId, { state: "offline", reason: unavailable });
      return;
    }
    return openChannel(queryClient, orgId);
  }, [queryClient, orgId, unavailable]);

  return useLiveConnection(orgId);
}

// Reconnection: quick first retry (a deploy or a restart is over in a second or two), then backing off.
const RECONNECT_OPTIONS = {
  minReconnectionDelay: 1_000,
  maxReconnectionDelay: 15_000,
  reconnectionDelayGrowFactor: 1.5,
  // The session and the membership are checked on the handshake, which can wait on the database.
  connectionTimeout: 10_000,
} as const;
/** Random extra wait before a reconnect, so every open tab does not hit the server in the same instant. */
const RECONNECT_JITTER_MS = 1_000;
/** Handshakes refused in a row before asking whether the session or membership is the reason. */
const FAILURES_BEFORE_SESSION_CHECK = 2;
const SESSION_CHECK_INTERVAL_MS = 30_000;

let lastSessionCheck = 0;

/**
 * The channel's address. With a position to resume from it goes in the handshake (`?lastSeq=`): the
 * server then replays what was missed before any live message, so everything arrives in order, once.
 */
function liveUrl(orgId: string, lastSeq: number | null): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  const resume = lastSeq === null ? "" : `?lastSeq=${lastSeq}`;
  return `${protocol}//${window.location.host}/api/orgs/${encodeURIComponent(orgId)}/live${resume}`;
}

/** Opens the channel and returns what closes it. Plain TypeScript: React only decides when. */
function openChannel(queryClient: QueryClient, orgId: string): () => void {
  const cursor = cursorFor(orgId);
  const listeners = new AbortController();
  const on = { signal: listeners.signal };

  let openedThisAttempt = false;
  let refusedInARow = 0;
  /** The server ended the channel for a reason asking again cannot change (access revoked, session ended). */
  let ended = false;

  updateConnection(orgId, { state: "connecting", reason: null });

  const socket: WebSocket = new WebSocket(
    // A function, so every reconnect resumes from the newest position and, but the first, waits a
    // little extra at random.
    async (): Promise<string> => {
      if (socket.retryCount > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * RECONNECT_JITTER_MS));
      return liveUrl(orgId, cursor.lastSeq);
    },
    undefined,
    {
      ...RECONNECT_OPTIONS,
      // Access that was revoked, or a session that ended, does not come back by asking again: the handshake
      // would be refused over and over.
      shouldReconnectOnClose: (event) => event.code !== CLOSE_ACCESS_REVOKED && event.code !== CLOSE_SESSION_ENDED,
    },
  );

  socket.addEventListener(
    "open",
    () => {
      openedThisAttempt = true;
      refusedInARow = 0;
    },
    on,
  );

  socket.addEventListener(
    "message",
    (event) => {
      const message = parse(event.data);
      if (message) handle(message);
    },
    on,
  );

  function handle(message: ServerMessage): void {
    switch (message.type) {
      case "hello":
        updateConnection(orgId, { state: "live", reason: null, revoked: false });
        if (cursor.lastSeq === null) {
          // First contact (or after a resync): this is the baseline. What the pages loaded before it may
          // be older, and the changes in between will never be sent, so everything is fetched once more.
          cursor.lastSeq = message.seq;
          void queryClient.invalidateQueries({ queryKey: orgQueryKey(orgId) });
        }
        return;
      case "resync":
        // Too far behind to catch up message by message. Start over: forget the position, and reconnect
        // so the next `hello` is the new baseline and refreshes the organization's queries.
        Object.assign(cursor, newCursor());
        clearOrgProgress(orgId);
        socket.reconnect(1000, "resync");
        return;
      default:
        applyMessage(queryClient, orgId, cursor, message);
        cursor.lastSeq = Math.max(cursor.lastSeq ?? -1, message.seq);
        return;
    }
  }

  socket.addEventListener(
    "close",
    (event) => {
      const opened = openedThisAttempt;
      openedThisAttempt = false;
      flushResourceRefresh(orgId);

      if (event.code === CLOSE_SESSION_ENDED) {
        ended = true;
        updateConnection(orgId, { state: "offline", reason: "signed-out" });
        // /api/me says whether this browser is still signed in. Null (the usual case: signed out here or in
        // another tab, or expired) marks the user signed out, and the route guards send them to sign in.
        // A user means the browser holds a newer session than the one that opened the socket: follow it.
        void refreshMe(queryClient)
          .then((me) => {
            if (!me || listeners.signal.aborted) return;
            ended = false;
            updateConnection(orgId, { state: "reconnecting", reason: null });
            socket.reconnect();
          })
          .catch(() => undefined);
        return;
      }
      if (event.code === CLOSE_ACCESS_REVOKED) {
        ended = true;
        updateConnection(orgId, { state: "offline", reason: "revoked", revoked: true });
        // The session says what is left: no membership (the layout then says so) or a role without this.
        void refreshMe(queryClient).catch(() => undefined);
        return;
      }
      if (!navigator.onLine) {
        updateConnection(orgId, { state: "offline", reason: "browser-offline" });
        return;
      }
      updateConnection(orgId, { state: "reconnecting", reason: null });

      // A refused handshake is a bare failure to the browser (no status). Refusals in a row may mean the
      // session expired or the membership changed, which /api/me tells; a 401 there signs the user out.
      if (!opened && ++refusedInARow >= FAILURES_BEFORE_SESSION_CHECK && Date.now() - lastSessionCheck > SESSION_CHECK_INTERVAL_MS) {
        lastSessionCheck = Date.now();
        void refreshMe(queryClient).catch(() => undefined);
      }
    },
    on,
  );

  // The browser knows before the socket does: say so at once, and reconnect at once when it is back
  // instead of waiting out the backoff.
  window.addEventListener(
    "offline",
    () => {
      if (!ended) updateConnection(orgId, { state: "offline", reason: "browser-offline" });
    },
    on,
  );
  window.addEventListener(
    "online",
    () => {
      if (ended || getConnection(orgId).revoked) return;
      updateConnection(orgId, { state: "reconnecting", reason: null });
      socket.reconnect();
    },
    on,
  );

  return () => {
    listeners.abort();
    socket.close(1000, "leaving");
    flushResourceRefresh(orgId);
    updateConnection(orgId, { state: "offline", reason: "closed" });
  };
}

function parse(data: unknown): ServerMessage | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = serverMessageSchema.safeParse(JSON.parse(data));
    // Anything else (a newer server's message, a malformed frame) is ignored rather than acted on.
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
