import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import type { ResourceEvent } from "../../../../shared/resources";
import { activityFeedQueryKey, activityFeedQueryOptions } from "../../api/activity-queries";
import type { ActivityFilters } from "../../api/activity-queries";
import { releaseFeed, setFeedFollowing, useActivityPolling, usePendingNewest } from "../../live/activity";
import { formatCount } from "../../lib/format";
import { ErrorAlert } from "../ErrorAlert";
import { ResourceDrawer } from "../ResourceDrawer";
import { Skeleton } from "../Skeleton";
import { cardStyles } from "../styles";
import { EventLine } from "./EventLine";
import { useClock } from "./use-clock";
import type { EventLabels } from "./use-event-labels";
import { useResourceOpener } from "./use-resource-opener";

/** Rows have fixed heights (every line truncates), so positions are exact and nothing is measured while scrolling. */
const ROW_HEIGHT = 66;
const ROW_WITH_DIFF_HEIGHT = 86;
const rowHeight = (event: ResourceEvent) => (event.change === "updated" && event.diff.length > 0 ? ROW_WITH_DIFF_HEIGHT : ROW_HEIGHT);
/** Start loading older events this many rows before the end of the loaded ones. */
const PREFETCH_ROWS = 30;
/** Within this many pixels of the top the reader is "at the top", where new events may appear in place. */
const TOP_SLACK_PX = 8;
/** Screen readers hear how many events arrived at most this often, never one announcement per event. */
const ANNOUNCE_EVERY_MS = 5_000;
const FIRST_ANNOUNCE_DELAY_MS = 1_000;

/** How many events at the top are newer than `seq` (events are newest first). */
function countNewer(events: readonly ResourceEvent[], seq: number): number {
  const index = events.findIndex((event) => event.seq <= seq);
  return index === -1 ? events.length : index;
}

interface ActivityFeedProps {
  orgId: string;
  filters: ActivityFilters;
  labels: EventLabels;
  /** What to show when the feed has no events at all: what to do next depends on the page's filters and role. */
  empty: ReactNode;
}

/**
 * The organization's events, newest first, virtualized. New events appear at the top while the reader is
 * there; once they scroll down, new events wait above (counted on a button) so what they are reading never moves.
 */
export function ActivityFeed({ orgId, filters, labels, empty }: ActivityFeedProps) {
  const queryClient = useQueryClient();
  const key = useMemo(() => activityFeedQueryKey(orgId, filters), [orgId, filters]);
  const feed = useInfiniteQuery(activityFeedQueryOptions(orgId, filters));
  const pending = usePendingNewest(key);
  const opener = useResourceOpener(orgId);
  useActivityPolling(orgId, key);
  useEffect(() => () => releaseFeed(queryClient, key), [queryClient, key]);

  const all = useMemo(() => feed.data?.pages.flatMap((page) => page.items) ?? [], [feed.data]);
  const pendingItems = pending?.pages[0]?.items ?? [];
  // The newest event the reader had at the top when they scrolled away; `null` while they are at the top.
  const [anchor, setAnchor] = useState<number | null>(null);
  const hidden = anchor === null ? 0 : countNewer(all, anchor);
  const rows = useMemo(() => (hidden === 0 ? all : all.slice(hidden)), [all, hidden]);
  const waiting = hidden + pendingItems.length;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => rowHeight(rows[index]!),
    getItemKey: (index) => rows[index]!.seq,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();

  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = feed;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError && lastIndex >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const atTop = element.scrollTop <= TOP_SLACK_PX;
    if (atTop === (anchor === null)) return;
    setAnchor(atTop ? null : (rows[0]?.seq ?? 0));
    setFeedFollowing(queryClient, key, atTop);
  };

  // Focus follows the reader to another event (Page Down/Up, "new events"), once the virtualizer has rendered it.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: items is the trigger: the row to focus may exist only after the virtualizer's next render.
  useEffect(() => {
    if (focusIndex === null) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${focusIndex}"] button`);
    if (!button) return;
    button.focus({ preventScroll: true });
    // The whole event, not only its name, and the page too when the feed's edge is off screen.
    button.closest("article")?.scrollIntoView({ block: "nearest" });
    setFocusIndex(null);
  }, [focusIndex, items]);

  const showNewest = () => {
    setAnchor(null);
    setFeedFollowing(queryClient, key, true);
    virtualizer.scrollToOffset(0);
    // The button goes away with the events it counted; the reader continues from the newest one.
    setFocusIndex(0);
  };

  // The feed pattern's keys: Page Down and Page Up move between events.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "PageDown" && event.key !== "PageUp") return;
    const article = (event.target as HTMLElement).closest<HTMLElement>("[data-index]");
    if (!article) return;
    event.preventDefault();
    const next = Number(article.dataset.index) + (event.key === "PageDown" ? 1 : -1);
    if (next < 0 || next >= rows.length) return;
    virtualizer.scrollToIndex(next);
    setFocusIndex(next);
  };

  const announcement = useArrivalAnnouncement(all, pendingItems, feed.isSuccess, anchor !== null);
  useClock();
  const helpId = useId();

  if (feed.isPending) return <Skeleton label="Loading activity" lines={8} lineClassName="h-10" card />;
  if (feed.isError && !feed.data) {
    return (
      <ErrorAlert error={feed.error} onRetry={() => void feed.refetch()} />
    );
  }

  return (
    <>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {all.length === 0 && pendingItems.length === 0 ? (
        empty
      ) : (
        <div className="space-y-2">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Newest first · {formatCount(all.length, "event")} loaded{hasNextPage ? ", older ones load as you scroll" : ""}
          </p>
          <div className="relative">
            {anchor !== null && waiting > 0 ? (
              <button
                type="button"
                onClick={showNewest}
                className="absolute top-3 left-1/2 z-10 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-indigo-600 px-4 py-1.5 text-sm font-medium whitespace-nowrap text-white shadow-lg hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400"
              >
                <span aria-hidden="true">↑</span>
                {pending ? `${formatCount(waiting, "new event")} or more` : formatCount(waiting, "new event")}
              </button>
            ) : null}
            {/* biome-ignore lint/a11y/noStaticElementInteractions: Page Up/Down bubble here from the feed's focusable events (the ARIA feed pattern); the container itself takes no focus. */}
            <div
              ref={scrollRef}
              onScroll={onScroll}
              onKeyDown={onKeyDown}
              className={`h-[min(70vh,48rem)] overflow-auto overscroll-contain ${cardStyles}`}
            >
              <p id={helpId} className="sr-only">
                Newest first; new events appear at the top as they happen. Choose an event to open its resource. Page Down and Page Up move
                between events.
              </p>
              <div
                role="feed"
                aria-label="Activity"
                aria-describedby={helpId}
                aria-busy={isFetchingNextPage}
                className="relative"
                style={{ height: virtualizer.getTotalSize() }}
              >
                {items.map((item) => {
                  const event = rows[item.index];
                  if (!event) return null;
                  return (
                    <FeedRow
                      key={item.key}
                      event={event}
                      index={item.index}
                      setSize={hasNextPage ? -1 : rows.length}
                      start={item.start}
                      height={item.size}
                      source={labels.source(event)}
                      opening={opener.opening === event.resourceId}
                      onOpen={opener.open}
                    />
                  );
                })}
              </div>
              {isFetchingNextPage ? (
                <p role="status" className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">
                  Loading older events…
                </p>
              ) : !hasNextPage ? (
                <p className="px-4 py-3 text-center text-xs text-slate-500 dark:text-slate-400">The beginning of this organization's activity.</p>
              ) : null}
            </div>
          </div>
          {isFetchNextPageError ? (
            <ErrorAlert error={feed.error} onRetry={() => void fetchNextPage()} />
          ) : null}
        </div>
      )}
      <ResourceDrawer orgId={orgId} resource={opener.resource} dockName={labels.dockName} providerName={labels.providerName} onClose={opener.close} />
    </>
  );
}

interface FeedRowProps {
  event: ResourceEvent;
  index: number;
  /** -1 while older events remain to be loaded (the feed pattern's "unknown"). */
  setSize: number;
  start: number;
  height: number;
  source: string;
  opening: boolean;
  onOpen: (resourceId: string) => void;
}

function FeedRow({ event, index, setSize, start, height, source, opening, onOpen }: FeedRowProps) {
  const id = useId();
  return (
    <article
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-labelledby={`${id}-change ${id}-name`}
      aria-describedby={`${id}-meta`}
      aria-busy={opening || undefined}
      className="absolute inset-x-0 top-0 border-b border-slate-100 px-4 py-2.5 hover:bg-indigo-50/60 aria-busy:opacity-70 dark:border-slate-800 dark:hover:bg-slate-800/60"
      style={{ height, transform: `translateY(${start}px)` }}
    >
      <EventLine event={event} id={id} source={source} onOpen={onOpen} stretch />
    </article>
  );
}

/**
 * A polite summary of what arrived ("12 new events"), at most every few seconds, so a sync of thousands reads
 * as a handful of sentences rather than thousands. The first load is not news.
 */
function useArrivalAnnouncement(all: readonly ResourceEvent[], pending: readonly ResourceEvent[], loaded: boolean, reading: boolean): string {
  const [message, setMessage] = useState("");
  const newest = Math.max(all[0]?.seq ?? 0, pending[0]?.seq ?? 0);
  const baseline = useRef<number | null>(null);
  const lastAnnounced = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ all, pending, reading });
  useEffect(() => {
    latest.current = { all, pending, reading };
  });

  useEffect(() => {
    if (!loaded) return;
    if (baseline.current === null) {
      baseline.current = newest;
      return;
    }
    if (newest <= baseline.current || timer.current !== null) return;
    const delay = Math.max(FIRST_ANNOUNCE_DELAY_MS, lastAnnounced.current + ANNOUNCE_EVERY_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      const since = baseline.current ?? 0;
      const { all, pending, reading } = latest.current;
      const count = countNewer(all, since) + countNewer(pending, since);
      baseline.current = Math.max(since, all[0]?.seq ?? 0, pending[0]?.seq ?? 0);
      if (count === 0) return;
      lastAnnounced.current = Date.now();
      const what = `${formatCount(count, "new event")}${pending.length > 0 ? " or more" : ""}`;
      setMessage(reading ? `${what} above the ones you are reading.` : `${what} at the top of the feed.`);
    }, delay);
  }, [newest, loaded]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return message;
}
