import { infiniteQueryOptions, queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { QueryClient } from "@tanstack/react-query";
import {
  acceptInvitationResponseSchema,
  authResponseSchema,
  createdInvitationSchema,
  invitationSchema,
  MAX_PAGE_SIZE,
  meResponseSchema,
  memberSchema,
  orgSchema,
  pageOf,
  providersResponseSchema,
  roleSchema,
  securityEventSchema,
  signupResponseSchema,
} from "../../../shared/api";
import type { CreateInvitationInput, CreateOrgInput, LoginInput, Me, Page, Role, SignupInput } from "../../../shared/api";
import { discoveredAccountsSchema, dockSchema } from "../../../shared/docks";
import type { CreateDockInput, DiscoverAccountsInput } from "../../../shared/docks";
import { resourceDetailSchema, resourceSchema, summarySchema, syncRunSchema, syncStartedSchema } from "../../../shared/resources";
import type { ResourceKind, resourcesQuerySchema, SyncStarted } from "../../../shared/resources";
import { sortRoles } from "../lib/roles";
import { ApiError, api } from "./client";

export type Membership = Me["memberships"][number];

// ---- session ----

export const meQueryKey = ["me"] as const;

/** The signed-in user and their organizations, or `null` when nobody is signed in. */
export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await api("/api/me", meResponseSchema, { signal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

/** Only for components below a route that has already loaded the session. */
export function useMe(): Me | null {
  return useSuspenseQuery(meQueryOptions).data;
}

export function useMembership(orgId: string): Membership | null {
  return useMe()?.memberships.find((m) => m.orgId === orgId) ?? null;
}

/** Fetches the session again, ignoring the cache: used right after anything that changes it. */
export function refreshMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.fetchQuery({ ...meQueryOptions, staleTime: 0 });
}

/** Mutations under this key get 401 for wrong credentials, not for an expired session. */
export const authMutationKey = ["auth"] as const;

/** Creates the account; nobody is signed in until the emailed link is followed (`verifyEmail`). */
export function signup(input: SignupInput) {
  return api("/api/auth/signup", signupResponseSchema, { method: "POST", body: input });
}

/** Confirms the address with the token from the emailed link, which also signs in. */
export function verifyEmail(token: string) {
  return api("/api/auth/verify-email", authResponseSchema, { method: "POST", body: { token } });
}

export function login(input: LoginInput) {
  return api("/api/auth/login", authResponseSchema, { method: "POST", body: input });
}

export async function logout(): Promise<void> {
  try {
    await api("/api/auth/logout", null, { method: "POST" });
  } catch (error) {
    // An expired session is already the outcome the user asked for.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
}

const securityEventPageSchema = pageOf(securityEventSchema);

/**
 * The signed-in user's own sign-in history. Not under `["me"]`: signing out keeps that key (set to null) and
 * drops every other, and this must not outlive the session it belongs to.
 */
export const securityEventsQueryKey = ["account", "security-events"] as const;

export const securityEventsQueryOptions = infiniteQueryOptions({
  queryKey: securityEventsQueryKey,
  queryFn: ({ pageParam, signal }) => {
    const query = pageParam === null ? "" : `?${new URLSearchParams({ cursor: pageParam })}`;
    return api(`/api/me/security-events${query}`, securityEventPageSchema, { signal });
  },
  initialPageParam: null as string | null,
  getNextPageParam: (lastPage) => lastPage.nextCursor,
});

// ---- organizations and invitations ----

export function createOrg(input: CreateOrgInput) {
  return api("/api/orgs", orgSchema, { method: "POST", body: input });
}

export function acceptInvitation(token: string) {
  return api("/api/invitations/accept", acceptInvitationResponseSchema, { method: "POST", body: { token } });
}

// ---- providers and docks ----

export const providersQueryOptions = queryOptions({
  queryKey: ["providers"],
  queryFn: ({ signal }) => api("/api/providers", providersResponseSchema, { signal }),
  // The provider catalogue only changes with a deploy.
  staleTime: 10 * 60_000,
});

const dockPageSchema = pageOf(dockSchema);
const runPageSchema = pageOf(syncRunSchema);

// Query keys of an organization all start with `["orgs", orgId]`, so the live channel can refresh everything
// of one organization at once (`orgQueryKey`). Under it each area has its own prefix, and every key below a
// prefix names what it holds as its next element ("list", "runs", ...), so a prefix match never hands one
// kind of data to an updater written for another.

export function orgQueryKey(orgId: string) {
  return ["orgs", orgId] as const;
}

export function docksQueryKey(orgId: string) {
  return ["orgs", orgId, "docks", "list"] as const;
}

/** A single dock (`GET …/docks/:dockId`), for pages that show one; kept current by the live channel. */
export function dockQueryKey(orgId: string, dockId: string) {
  return ["orgs", orgId, "docks", "one", dockId] as const;
}

export function dockRunsQueryKey(orgId: string, dockId: string) {
  return ["orgs", orgId, "docks", "runs", dockId] as const;
}

/** Prefix of every resource query (lists with any filters, details): invalidated on `resource.changed`. */
export function resourcesQueryKey(orgId: string) {
  return ["orgs", orgId, "resources"] as const;
}

/** The organization's summary (`GET …/summary`): invalidated on `resource.changed`. */
export function summaryQueryKey(orgId: string) {
  return ["orgs", orgId, "summary"] as const;
}

/** Polling for when the live channel is not delivering changes (role without it, connection down). */
export const DOCKS_POLL_MS = 30_000;
/** While the live channel is up it carries every status change; a slow poll only guards against a missed one. */
export const DOCKS_POLL_WHILE_LIVE_MS = 5 * 60_000;

export function docksQueryOptions(orgId: string) {
  return infiniteQueryOptions({
    queryKey: docksQueryKey(orgId),
    queryFn: ({ pageParam, signal }) => {
      const query = pageParam === null ? "" : `?${new URLSearchParams({ cursor: pageParam })}`;
      return api(`/api/orgs/${encodeURIComponent(orgId)}/docks${query}`, dockPageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // Statuses and sync times move on their own as the scheduler runs; pages lower this while live.
    refetchInterval: DOCKS_POLL_MS,
  });
}

export function dockQueryOptions(orgId: string, dockId: string) {
  return queryOptions({
    queryKey: dockQueryKey(orgId, dockId),
    queryFn: ({ signal }) => api(orgPath(orgId, "docks", dockId), dockSchema, { signal }),
  });
}

/** A dock's sync runs, newest first. */
export function dockRunsQueryOptions(orgId: string, dockId: string) {
  return infiniteQueryOptions({
    queryKey: dockRunsQueryKey(orgId, dockId),
    queryFn: ({ pageParam, signal }) =>
      api(`${orgPath(orgId, "docks", dockId, "runs")}${pageQuery(pageParam)}`, runPageSchema, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Starts a sync now; a sync already running is reported (`alreadyRunning`) rather than started twice. */
export function syncDock(orgId: string, dockId: string): Promise<SyncStarted> {
  return api(orgPath(orgId, "docks", dockId, "sync"), syncStartedSchema, { method: "POST" });
}

/** The accounts credentials see (checked with the provider; nothing is stored), for a dock to cover one or all of. */
export function discoverAccounts(orgId: string, input: DiscoverAccountsInput) {
  return api(orgPath(orgId, "docks", "accounts"), discoveredAccountsSchema, { method: "POST", body: input });
}

export function createDock(orgId: string, input: CreateDockInput) {
  // The created dock is not read back: the list is refetched right after, so its shape is not relied on here.
  return api(`/api/orgs/${encodeURIComponent(orgId)}/docks`, null, { method: "POST", body: input });
}

// ---- members, roles and invitations ----

/** `/api/orgs/:orgId/...` with every caller-supplied segment encoded. */
function orgPath(orgId: string, ...segments: string[]): string {
  return ["/api/orgs", orgId, ...segments].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}

function pageQuery(cursor: string | null, limit?: number): string {
  const params = new URLSearchParams();
  if (limit !== undefined) params.set("limit", String(limit));
  if (cursor !== null) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `?${query}` : "";
}

const memberPageSchema = pageOf(memberSchema);

export function membersQueryKey(orgId: string) {
  return ["orgs", orgId, "members"] as const;
}

export function membersQueryOptions(orgId: string) {
  return infiniteQueryOptions({
    queryKey: membersQueryKey(orgId),
    queryFn: ({ pageParam, signal }) => api(`${orgPath(orgId, "members")}${pageQuery(pageParam)}`, memberPageSchema, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function updateMemberRole(orgId: string, userId: string, roleId: string) {
  return api(orgPath(orgId, "members", userId), memberSchema, { method: "PATCH", body: { roleId } });
}

/** Removes someone else, or leaves the organization when `userId` is the caller's own. */
export function removeMember(orgId: string, userId: string) {
  return api(orgPath(orgId, "members", userId), null, { method: "DELETE" });
}

const rolePageSchema = pageOf(roleSchema);

export function rolesQueryKey(orgId: string) {
  return ["orgs", orgId, "roles"] as const;
}

/** Every role of the organization (there are only ever a handful), built-in first. */
export function rolesQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: rolesQueryKey(orgId),
    queryFn: async ({ signal }): Promise<Role[]> => {
      const roles: Role[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Role> = await api(`${orgPath(orgId, "roles")}${pageQuery(cursor, MAX_PAGE_SIZE)}`, rolePageSchema, { signal });
        roles.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return sortRoles(roles);
    },
    staleTime: 60_000,
  });
}

const invitationPageSchema = pageOf(invitationSchema);

export function invitationsQueryKey(orgId: string) {
  return ["orgs", orgId, "invitations"] as const;
}

/** Invitations that are neither accepted nor expired. */
export function invitationsQueryOptions(orgId: string) {
  return infiniteQueryOptions({
    queryKey: invitationsQueryKey(orgId),
    queryFn: ({ pageParam, signal }) =>
      api(`${orgPath(orgId, "invitations")}${pageQuery(pageParam)}`, invitationPageSchema, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function createInvitation(orgId: string, input: CreateInvitationInput) {
  return api(orgPath(orgId, "invitations"), createdInvitationSchema, { method: "POST", body: input });
}

export function revokeInvitation(orgId: string, invitationId: string) {
  return api(orgPath(orgId, "invitations", invitationId), null, { method: "DELETE" });
}

// ---- resources ----

const resourcePageSchema = pageOf(resourceSchema);

/**
 * Filters and order of a resource list, as the API takes them (and as the page keeps them in its URL): the
 * API's own query, less what the page sets itself. The API sorts the whole list: a page's cursor belongs to
 * its sort, so a new sort starts from the first page.
 */
export type ResourceFilters = Pick<z.input<typeof resourcesQuerySchema>, "provider" | "dockId" | "status" | "region" | "parentId" | "q" | "sort" | "order">;

/** The biggest page the API serves. */
export const RESOURCE_PAGE_SIZE = MAX_PAGE_SIZE;

/** One kind's list with its filters; under `resourcesQueryKey`, so `resource.changed` refreshes it. */
export function resourceListQueryOptions(orgId: string, kind: ResourceKind, filters: ResourceFilters, pageSize = RESOURCE_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...resourcesQueryKey(orgId), "list", kind, filters, pageSize] as const,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ kind, limit: String(pageSize) });
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      if (pageParam !== null) params.set("cursor", pageParam);
      return api(`${orgPath(orgId, "resources")}?${params}`, resourcePageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // The live channel marks lists stale the moment something changes; without this, the page's mount right
    // after the route's prefetch would ask for the same rows again.
    staleTime: 30_000,
  });
}

/** One resource with its change timeline (newest first). */
export function resourceDetailQueryOptions(orgId: string, resourceId: string) {
  return queryOptions({
    queryKey: [...resourcesQueryKey(orgId), "one", resourceId] as const,
    queryFn: ({ signal }) => api(orgPath(orgId, "resources", resourceId), resourceDetailSchema, { signal }),
  });
}

export function summaryQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: [...summaryQueryKey(orgId), "totals"] as const,
    queryFn: ({ signal }) => api(orgPath(orgId, "summary"), summarySchema, { signal }),
  });
}
