import { useCallback, useSyncExternalStore } from "react";

/**
 * Small stores outside React for what the live channel knows but the query cache does not hold: the
 * connection's state and each dock's sync progress. The channel is mounted in the organization layout,
 * while the top bar (above it) and the docks table (below it) read them, so they cannot live in one
 * component's state; module-level stores also survive the socket being torn down and rebuilt.
 */
function keyedStore<V>() {
  const values = new Map<string, V>();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    get: (key: string): V | undefined => values.get(key),
    /** `undefined` removes the key. Listeners only hear about actual changes. */
    set(key: string, value: V | undefined): void {
      if (value === undefined) {
        if (!values.delete(key)) return;
      } else {
        if (values.get(key) === value) return;
        values.set(key, value);
      }
      notify();
    },
    deleteWhere(predicate: (key: string) => boolean): void {
      let changed = false;
      for (const key of [...values.keys()]) {
        if (predicate(key)) changed = values.delete(key) || changed;
      }
      if (changed) notify();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// ---- connection state ----

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/** Why the channel is offline, when it is not simply between two attempts. */
export type OfflineReason = "revoked" | "signed-out" | "no-permission" | "not-member" | "browser-offline" | "closed";

export interface LiveConnection {
  state: ConnectionState;
  reason: OfflineReason | null;
  /**
   * The server closed the channel because the member lost access. Kept apart from `state` because it must
   * outlive the socket: the session refresh that follows may disable the channel or drop the membership,
   * and the page should still say why.
   */
  revoked: boolean;
}

const INITIAL: LiveConnection = { state: "connecting", reason: null, revoked: false };
const connections = keyedStore<LiveConnection>();

export function updateConnection(orgId: string, patch: Partial<LiveConnection>): void {
  const current = connections.get(orgId) ?? INITIAL;
  const next = { ...current, ...patch };
  if (next.state === current.state && next.reason === current.reason && next.revoked === current.revoked) return;
  connections.set(orgId, next);
}

export function getConnection(orgId: string): LiveConnection {
  return connections.get(orgId) ?? INITIAL;
}

/** The live channel's state for an organization (`undefined` outside one: reads as offline). */
export function useLiveConnection(orgId: string | undefined): LiveConnection {
  const getSnapshot = useCallback(() => (orgId === undefined ? OUTSIDE : getConnection(orgId)), [orgId]);
  return useSyncExternalStore(connections.subscribe, getSnapshot);
}

const OUTSIDE: LiveConnection = { state: "offline", reason: "closed", revoked: false };

// ---- sync progress ----

export interface SyncProgress {
  runId: string;
  pages: number;
  resources: number;
}

const SEPARATOR = "\u0000";
const progress = keyedStore<SyncProgress>();

export function setSyncProgress(orgId: string, dockId: string, value: SyncProgress | undefined): void {
  progress.set(`${orgId}${SEPARATOR}${dockId}`, value);
}

export function clearOrgProgress(orgId: string): void {
  progress.deleteWhere((key) => key.startsWith(`${orgId}${SEPARATOR}`));
}

export function useSyncProgress(orgId: string, dockId: string): SyncProgress | undefined {
  const getSnapshot = useCallback(() => progress.get(`${orgId}${SEPARATOR}${dockId}`), [orgId, dockId]);
  return useSyncExternalStore(progress.subscribe, getSnapshot);
}

/** Everything the live channel remembered, for when the signed-in user changes. */
export function clearLiveStores(): void {
  connections.deleteWhere(() => true);
  progress.deleteWhere(() => true);
}
