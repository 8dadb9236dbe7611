import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { InfiniteData, QueryKey } from "@tanstack/react-query";
import type { z } from "zod";
import { MAX_PAGE_SIZE, pageOf } from "../../../shared/api";
import { resourceEventSchema } from "../../../shared/resources";
import type { eventsQuerySchema, ResourceEvent } from "../../../shared/resources";
import { api } from "./client";

/** Filters of the activity feed, as the API takes them (and as the Activity page keeps them in its URL). */
export type ActivityFilters = Pick<z.input<typeof eventsQuerySchema>, "dockId" | "kind" | "change">;

const eventPageSchema = pageOf(resourceEventSchema);
export type EventPage = z.infer<typeof eventPageSchema>;
export type FeedData = InfiniteData<EventPage, string | null>;

/** The feed's page size: a screenful or two, so the first paint is quick and scrolling loads the rest. */
export const ACTIVITY_PAGE_SIZE = 100;
/** The biggest page the API serves, for catching up on many new events at once. */
export const EVENTS_MAX_PAGE = MAX_PAGE_SIZE;
/** Events on the Overview's card. */
export const RECENT_ACTIVITY_COUNT = 8;

/**
 * Prefix of every activity query. The live channel keeps each one current itself (`web/src/live/activity.ts`),
 * so they never go stale on a timer; an organization-wide invalidation (a reconnect that could not resume)
 * still refetches them.
 */
export function activityQueryKey(orgId: string) {
  return ["orgs", orgId, "activity"] as const;
}

export function activityFeedQueryKey(orgId: string, filters: ActivityFilters) {
  return [...activityQueryKey(orgId), "feed", filters] as const;
}

export function recentActivityQueryKey(orgId: string) {
  return [...activityQueryKey(orgId), "recent"] as const;
}

/** What an activity query key holds, read back from a key found in the cache; `null` for anything else. */
export function readActivityKey(key: QueryKey): { orgId: string; type: "feed"; filters: ActivityFilters } | { orgId: string; type: "recent" } | null {
  const [orgs, orgId, area, type, filters] = key;
  if (orgs !== "orgs" || typeof orgId !== "string" || area !== "activity") return null;
  if (type === "recent") return { orgId, type };
  if (type === "feed" && typeof filters === "object" && filters !== null) return { orgId, type, filters: filters as ActivityFilters };
  return null;
}

interface EventsRequest {
  limit: number;
  /** Older than this page's last event (the previous page's `nextCursor`). */
  cursor?: string | null;
  /** Newer than this sequence number. */
  after?: number;
  signal?: AbortSignal;
}

export function fetchEvents(orgId: string, filters: ActivityFilters, request: EventsRequest): Promise<EventPage> {
  const params = new URLSearchParams({ limit: String(request.limit) });
  for (const [key, value] of Object.entries(filters)) if (typeof value === "string" && value) params.set(key, value);
  if (request.after !== undefined) params.set("after", String(request.after));
  if (request.cursor) params.set("cursor", request.cursor);
  return api(`/api/orgs/${encodeURIComponent(orgId)}/events?${params}`, eventPageSchema, { signal: request.signal });
}

/** The organization's events, newest first, with the page's filters. */
export function activityFeedQueryOptions(orgId: string, filters: ActivityFilters) {
  return infiniteQueryOptions({
    queryKey: activityFeedQueryKey(orgId, filters),
    queryFn: ({ pageParam, signal }) => fetchEvents(orgId, filters, { limit: ACTIVITY_PAGE_SIZE, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // Refetching on focus would reload every page scrolled through; new events arrive by catching up instead.
    staleTime: Infinity,
  });
}

/** The newest few events of the organization, for the Overview. */
export function recentActivityQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: recentActivityQueryKey(orgId),
    queryFn: async ({ signal }): Promise<ResourceEvent[]> => (await fetchEvents(orgId, {}, { limit: RECENT_ACTIVITY_COUNT, signal })).items,
    staleTime: Infinity,
  });
}
