import { hashKey, useQueryClient } from "@tanstack/react-query";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { Page } from "../../../shared/api";
import type { ResourceChange } from "../../../shared/live";
import type { ResourceEvent } from "../../../shared/resources";
import { EVENTS_MAX_PAGE, RECENT_ACTIVITY_COUNT, activityQueryKey, fetchEvents, readActivityKey } from "../api/activity-queries";
import type { ActivityFilters, FeedData } from "../api/activity-queries";
import { useLiveConnection } from "./stores";

// Keeps the activity feeds current. `resource.changed` carries the event rows, but a feed shows them through
// the API (provider names, the reader's filters and order), so a feed catches up from it: only the events newer than the newest it
// holds (`after=`), once per burst, and only when a change in the burst passes the feed's filters.

/** Wait after the first change of a burst, so a sync's stream of messages costs a request now and then, not one each. */
const CATCH_UP_DELAY_MS = 300;
/** Pages of new events one catch-up reads (1,000 events) before it takes the newest page as a fresh start instead. */
const CATCH_UP_PAGES = 5;
/** Without the live channel (a role without it, or while it is down) feeds look for new events this often. */
const POLL_MS = 30_000;

function matches(filters: ActivityFilters, change: ResourceChange): boolean {
  return (
    (filters.dockId === undefined || change.dockId === filters.dockId) &&
    (filters.kind === undefined || change.kind === filters.kind) &&
    (filters.change === undefined || change.change === filters.change)
  );
}

/** Called for every `resource.changed`: feeds on screen catch up; cached ones out of sight are marked stale. */
export function activityChanged(queryClient: QueryClient, orgId: string, changes: readonly ResourceChange[]): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: activityQueryKey(orgId) })) {
    const key = readActivityKey(query.queryKey);
    if (!key) continue;
    if (key.type === "feed" && !changes.some((change) => matches(key.filters, change))) continue;
    if (query.isActive()) scheduleCatchUp(queryClient, query.queryKey);
    else void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true, refetchType: "none" });
  }
}

// ---- one catch-up at a time per feed ----

interface CatchUp {
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  /** Something changed while a catch-up was on its way: run once more when it is done. */
  again: boolean;
}
const catchUps = new Map<string, CatchUp>();

export function scheduleCatchUp(queryClient: QueryClient, key: QueryKey, delay = CATCH_UP_DELAY_MS): void {
  const hash = hashKey(key);
  let state = catchUps.get(hash);
  if (!state) {
    state = { timer: null, running: false, again: false };
    catchUps.set(hash, state);
  }
  if (state.running) {
    state.again = true;
    return;
  }
  if (state.timer !== null) return;
  const current = state;
  current.timer = setTimeout(() => void runCatchUp(queryClient, key, hash, current), delay);
}

async function runCatchUp(queryClient: QueryClient, key: QueryKey, hash: string, state: CatchUp): Promise<void> {
  state.timer = null;
  state.running = true;
  state.again = false;
  let retry = false;
  try {
    retry = (await catchUp(queryClient, key)) === "retry";
  } catch (error) {
    // Not worth interrupting the reader for: the next change, poll or reconnect catches up from the same place.
    console.warn("Could not load new activity", error);
  } finally {
    state.running = false;
    if (state.again || retry) scheduleCatchUp(queryClient, key);
    else catchUps.delete(hash);
  }
}

async function catchUp(queryClient: QueryClient, key: QueryKey): Promise<"done" | "retry"> {
  const parsed = readActivityKey(key);
  const state = queryClient.getQueryState(key);
  if (!parsed || !state) return "done";
  // A load already on its way may or may not hold the newest events; look again once it has landed.
  if (state.fetchStatus === "fetching") return "retry";
  if (state.data === undefined) return "done";
  if (parsed.type === "recent") await catchUpRecent(queryClient, key, parsed.orgId);
  else await catchUpFeed(queryClient, key, parsed.orgId, parsed.filters);
  // A load that started while this one was under way (older events as the reader scrolls) builds on the
  // pages it started from and may put back the feed without what was just added; once it lands, look again.
  return queryClient.getQueryState(key)?.fetchStatus === "fetching" ? "retry" : "done";
}

const newestSeq = (events: readonly ResourceEvent[] | undefined) => events?.[0]?.seq ?? 0;

/** `fresh` (newest first) in front of `events`, skipping any already there. */
function mergeNewest(fresh: readonly ResourceEvent[], events: readonly ResourceEvent[]): ResourceEvent[] {
  const top = newestSeq(events);
  const newer = fresh.filter((event) => event.seq > top);
  return newer.length === 0 ? (events as ResourceEvent[]) : [...newer, ...events];
}

function prepend(data: FeedData, fresh: readonly ResourceEvent[]): FeedData {
  const [first, ...rest] = data.pages;
  if (!first) return data;
  const items = mergeNewest(fresh, first.items);
  return items === first.items ? data : { ...data, pages: [{ ...first, items }, ...rest] };
}

async function catchUpRecent(queryClient: QueryClient, key: QueryKey, orgId: string): Promise<void> {
  const after = newestSeq(queryClient.getQueryData<ResourceEvent[]>(key));
  const page = await fetchEvents(orgId, {}, { limit: RECENT_ACTIVITY_COUNT, after });
  if (page.items.length > 0) {
    queryClient.setQueryData<ResourceEvent[]>(key, (current) => current && mergeNewest(page.items, current).slice(0, RECENT_ACTIVITY_COUNT));
  }
}

async function catchUpFeed(queryClient: QueryClient, key: QueryKey, orgId: string, filters: ActivityFilters): Promise<void> {
  const hash = hashKey(key);
  const base = views.get(hash)?.pending ?? queryClient.getQueryData<FeedData>(key);
  if (!base) return;
  const after = newestSeq(base.pages[0]?.items);

  // Newest first, paging down towards what the feed holds: complete when a page says there is no more.
  const fresh: ResourceEvent[] = [];
  let cursor: string | null = null;
  let complete = false;
  for (let i = 0; i < CATCH_UP_PAGES && !complete; i++) {
    const page: Page<ResourceEvent> = await fetchEvents(orgId, filters, { limit: EVENTS_MAX_PAGE, after, cursor });
    fresh.push(...page.items);
    cursor = page.nextCursor;
    complete = cursor === null;
  }
  const last = fresh.at(-1);
  const current = queryClient.getQueryData<FeedData>(key);
  if (!last || !current) return;

  const view = views.get(hash);
  if (complete) {
    if (view?.pending) setPending(hash, prepend(view.pending, fresh));
    else queryClient.setQueryData<FeedData>(key, prepend(current, fresh));
    return;
  }
  // More new events than is worth loading one by one (a first sync of thousands): start the feed afresh from
  // the newest page, whose cursor pages down through the rest. Someone reading further down keeps their
  // place until they ask for the newest.
  const newest: FeedData = { pages: [{ items: fresh, nextCursor: String(last.seq) }], pageParams: [null] };
  const reading = view?.following === false && current.pages.some((page) => page.items.length > 0);
  if (reading) setPending(hash, newest);
  else queryClient.setQueryData<FeedData>(key, newest);
}

// ---- where each feed's reader is ----

interface FeedView {
  /** The reader is at the top, where new events may appear in place. */
  following: boolean;
  /** The fresh start waiting for a reader who was scrolled down when it came. */
  pending: FeedData | null;
}
const views = new Map<string, FeedView>();
const viewListeners = new Set<() => void>();

function setPending(hash: string, pending: FeedData | null): void {
  const view = views.get(hash) ?? { following: true, pending: null };
  if (view.pending === pending) return;
  views.set(hash, { ...view, pending });
  for (const listener of viewListeners) listener();
}

/**
 * The feed page says whether its reader is at the top. Arriving there applies a waiting fresh start, and the
 * page shows the events above the ones it was reading.
 */
export function setFeedFollowing(queryClient: QueryClient, key: QueryKey, following: boolean): void {
  const hash = hashKey(key);
  const pending = views.get(hash)?.pending ?? null;
  if (following && pending) {
    queryClient.setQueryData<FeedData>(key, pending);
    setPending(hash, null);
  }
  views.set(hash, { following, pending: following ? null : pending });
}

/** The page showing a feed is gone: a fresh start it never applied leaves the cached feed stale. */
export function releaseFeed(queryClient: QueryClient, key: QueryKey): void {
  const hash = hashKey(key);
  const view = views.get(hash);
  views.delete(hash);
  if (view?.pending) void queryClient.invalidateQueries({ queryKey: key, exact: true, refetchType: "none" });
}

/** The fresh start waiting for this feed's reader, if any. */
export function usePendingNewest(key: QueryKey): FeedData | null {
  const hash = hashKey(key);
  const subscribe = useCallback((listener: () => void) => {
    viewListeners.add(listener);
    return () => viewListeners.delete(listener);
  }, []);
  const getSnapshot = useCallback(() => views.get(hash)?.pending ?? null, [hash]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** While the live channel is not delivering changes, an activity query on screen looks for new events now and then. */
export function useActivityPolling(orgId: string, key: QueryKey, enabled = true): void {
  const queryClient = useQueryClient();
  const live = useLiveConnection(orgId).state === "live";
  const hash = hashKey(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is a new array on every render; its hash says whether it is another query.
  useEffect(() => {
    if (live || !enabled) return;
    const timer = setInterval(() => scheduleCatchUp(queryClient, key, 0), POLL_MS);
    return () => clearInterval(timer);
  }, [live, enabled, hash, queryClient]);
}
