import { infiniteQueryOptions, queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import {
  acceptInvitationResponseSchema,
  authResponseSchema,
  createdInvitationSchema,
  invitationSchema,
  meResponseSchema,
  memberSchema,
  orgSchema,
  pageOf,
  providersResponseSchema,
  roleSchema,
} from "../../../shared/api";
import type { Me, Role } from "../../../shared/api";
import { dockSchema } from "../../../shared/docks";
import type { CreateDockInput } from "../../../shared/docks";
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

export interface SignupInput {
  email: string;
  password: string;
  name: string;
}

export function signup(input: SignupInput) {
  return api("/api/auth/signup", authResponseSchema, { method: "POST", body: input });
}

export function login(input: { email: string; password: string }) {
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

// ---- organizations and invitations ----

export function createOrg(input: { name: string }) {
  return api("/api/orgs", orgSchema, { method: "POST", body: input });
}

export function acceptInvitation(token: string) {
  return api(`/api/invitations/${encodeURIComponent(token)}/accept`, acceptInvitationResponseSchema, { method: "POST" });
}

// ---- providers and docks ----

export const providersQueryOptions = queryOptions({
  queryKey: ["providers"],
  queryFn: ({ signal }) => api("/api/providers", providersResponseSchema, { signal }),
  // The provider catalogue only changes with a deploy.
  staleTime: 10 * 60_000,
});

const dockPageSchema = pageOf(dockSchema);

export function docksQueryKey(orgId: string) {
  return ["orgs", orgId, "docks"] as const;
}

export function docksQueryOptions(orgId: string) {
  return infiniteQueryOptions({
    queryKey: docksQueryKey(orgId),
    queryFn: ({ pageParam, signal }) => {
      const query = pageParam === null ? "" : `?${new URLSearchParams({ cursor: pageParam })}`;
      return api(`/api/orgs/${encodeURIComponent(orgId)}/docks${query}`, dockPageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // Statuses and sync times move on their own as the scheduler runs.
    refetchInterval: 30_000,
  });
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
        const page: { items: Role[]; nextCursor: string | null } = await api(`${orgPath(orgId, "roles")}${pageQuery(cursor, 200)}`, rolePageSchema, { signal });
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

export function createInvitation(orgId: string, input: { email: string; roleId: string }) {
  return api(orgPath(orgId, "invitations"), createdInvitationSchema, { method: "POST", body: input });
}

export function revokeInvitation(orgId: string, invitationId: string) {
  return api(orgPath(orgId, "invitations", invitationId), null, { method: "DELETE" });
}
