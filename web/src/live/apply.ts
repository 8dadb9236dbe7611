import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type { Page } from "../../../shared/api";
import type { Dock } from "../../../shared/docks";
import type { OrgChange, SequencedMessage } from "../../../shared/live";
import {
  dockQueryKey,
  dockRunsQueryKey,
  docksQueryKey,
  invitationsQueryKey,
  meQueryKey,
  membersQueryKey,
  resourcesQueryKey,
  rolesQueryKey,
  summaryQueryKey,
} from "../api/queries";
import { auditQueryKey, tokensQueryKey } from "../api/settings-queries";
import { activityChanged } from "./activity";
import { setSyncProgress } from "./stores";

type DockPage = Page<Dock>;

/**
 * What the dashboard remembers of one organization's channel. Kept per organization for the whole page
 * session (not per socket), so switching organizations and back, or reconnecting, resumes where it stopped.
 */
export interface OrgCursor {
  /** The highest sequence number applied; `null` until the first `hello` gives a baseline. */
  lastSeq: number | null;
  /**
   * Sequence of the last `dock.status` applied per dock, and of the last progress or finish per dock.
   * Each change is applied only if it is newer than what is shown, so a message that arrives late can
   * never roll a dock back.
   */
  dockSeq: Map<string, number>;
  progressSeq: Map<string, number>;
}

export function newCursor(): OrgCursor {
  return { lastSeq: null, dockSeq: new Map(), progressSeq: new Map() };
}

/** Applies one sequenced message to the query cache and the progress store. Idempotent. */
export function applyMessage(queryClient: QueryClient, orgId: string, cursor: OrgCursor, message: SequencedMessage): void {
  switch (message.type) {
    case "dock.status": {
      const { dock, seq } = message;
      if ((cursor.dockSeq.get(dock.id) ?? -1) >= seq) return;
      cursor.dockSeq.set(dock.id, seq);
      replaceDock(queryClient, orgId, dock);
      return;
    }
    case "dock.removed": {
      cursor.dockSeq.set(message.dockId, message.seq);
      removeDock(queryClient, orgId, message.dockId);
      setSyncProgress(orgId, message.dockId, undefined);
      return;
    }
    case "sync.progress": {
      const { dockId, runId, pages, resources, seq } = message;
      if ((cursor.progressSeq.get(dockId) ?? -1) >= seq) return;
      cursor.progressSeq.set(dockId, seq);
      setSyncProgress(orgId, dockId, { runId, pages, resources });
      return;
    }
    case "sync.finished": {
      const { run, seq } = message;
      void queryClient.invalidateQueries({ queryKey: dockRunsQueryKey(orgId, run.dockId) });
      // A finish older than the progress shown belongs to an earlier run; the one now running stays.
      if ((cursor.progressSeq.get(run.dockId) ?? -1) >= seq) return;
      cursor.progressSeq.set(run.dockId, seq);
      setSyncProgress(orgId, run.dockId, undefined);
      return;
    }
    case "resource.changed":
      scheduleResourceRefresh(queryClient, orgId);
      activityChanged(queryClient, orgId, message.changes);
      return;
    case "org.changed":
      for (const queryKey of orgChangeKeys(orgId, message.what)) void queryClient.invalidateQueries({ queryKey });
      return;
  }
}

/**
 * What to refetch when someone changes the organization's settings. The session (`/api/me`) is among them
 * when the change can alter the member's own role or the organization's name, which the whole page reads;
 * the audit log, because every such change wrote an entry. Only queries on screen are fetched again.
 */
function orgChangeKeys(orgId: string, what: OrgChange): QueryKey[] {
  const audit = auditQueryKey(orgId);
  switch (what) {
    case "organization":
      return [meQueryKey, audit];
    case "members":
      return [membersQueryKey(orgId), invitationsQueryKey(orgId), meQueryKey, audit];
    case "invitations":
      return [invitationsQueryKey(orgId), audit];
    case "roles":
      // Members show their role's name; the member's own role may have changed its permissions.
      return [rolesQueryKey(orgId), membersQueryKey(orgId), meQueryKey, audit];
    case "tokens":
      return [tokensQueryKey(orgId), audit];
  }
}

/** Puts the dock's new state into every cached docks list and its own query, without asking the server. */
function replaceDock(queryClient: QueryClient, orgId: string, dock: Dock): void {
  queryClient.setQueryData<Dock>(dockQueryKey(orgId, dock.id), (old) => (old === undefined ? undefined : dock));

  const stale: QueryKey[] = [];
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<DockPage>>({ queryKey: docksQueryKey(orgId) })) {
    if (!data) continue;
    let found = false;
    const pages = data.pages.map((page) => {
      const index = page.items.findIndex((d) => d.id === dock.id);
      if (index === -1) return page;
      found = true;
      return { ...page, items: page.items.with(index, dock) };
    });
    if (found) queryClient.setQueryData<InfiniteData<DockPage>>(key, { ...data, pages });
    // A fetch already on its way may carry the state from before this change and would overwrite it;
    // invalidating restarts it, and a fetch started now reads the server after the change.
    if (found && queryClient.getQueryState(key)?.fetchStatus === "fetching") stale.push(key);
    // Not in the list: a dock someone just connected. Docks are listed newest (highest id) first, so a
    // dock older than the first one shown is merely on a page not loaded yet, and needs nothing.
    if (!found && (data.pages.at(-1)?.nextCursor === null || dock.id > (data.pages[0]?.items[0]?.id ?? ""))) stale.push(key);
  }
  for (const key of stale) void queryClient.invalidateQueries({ queryKey: key, exact: true });
}

/** Drops a disconnected dock from every cached docks list and forgets its own queries. */
function removeDock(queryClient: QueryClient, orgId: string, dockId: string): void {
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<DockPage>>({ queryKey: docksQueryKey(orgId) })) {
    if (!data) continue;
    queryClient.setQueryData<InfiniteData<DockPage>>(key, { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((d) => d.id !== dockId) })) });
  }
  queryClient.removeQueries({ queryKey: dockQueryKey(orgId, dockId) });
  queryClient.removeQueries({ queryKey: dockRunsQueryKey(orgId, dockId) });
  scheduleResourceRefresh(queryClient, orgId);
}

// ---- resource changes, coalesced ----

/**
 * A sync writes thousands of resources as a stream of `resource.changed` messages; refetching resource
 * lists and the summary for each would flood the API. Changes within one 100 ms burst share one refresh,
 * and while a refresh is on its way the next waits for it: restarting it on every message of a long sync
 * would cancel each before it landed, and the lists would stand still until the sync ended.
 */
const RESOURCE_REFRESH_DELAY_MS = 100;
/** A refresh that hangs (a request that never answers) must not hold back every later one. */
const RESOURCE_REFRESH_TIMEOUT_MS = 15_000;

interface ResourceRefresh {
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  again: boolean;
  run: () => void;
}
const resourceRefreshes = new Map<string, ResourceRefresh>();

function scheduleResourceRefresh(queryClient: QueryClient, orgId: string): void {
  const existing = resourceRefreshes.get(orgId);
  if (existing?.running) {
    existing.again = true;
    return;
  }
  if (existing) return;
  const refresh: ResourceRefresh = {
    timer: null,
    running: false,
    again: false,
    run: () => {
      if (refresh.running) return;
      if (refresh.timer !== null) clearTimeout(refresh.timer);
      refresh.timer = null;
      refresh.running = true;
      const done = Promise.all([
        queryClient.invalidateQueries({ queryKey: resourcesQueryKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: summaryQueryKey(orgId) }),
      ]);
      const timeout = new Promise((resolve) => setTimeout(resolve, RESOURCE_REFRESH_TIMEOUT_MS));
      void Promise.race([done, timeout]).finally(() => {
        resourceRefreshes.delete(orgId);
        if (refresh.again) scheduleResourceRefresh(queryClient, orgId);
      });
    },
  };
  refresh.timer = setTimeout(refresh.run, RESOURCE_REFRESH_DELAY_MS);
  resourceRefreshes.set(orgId, refresh);
}

/** Runs a refresh still waiting for its burst to end, e.g. when the channel closes. */
export function flushResourceRefresh(orgId: string): void {
  resourceRefreshes.get(orgId)?.run();
}
