import { infiniteQueryOptions, queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import {
  acceptInvitationResponseSchema,
  authResponseSchema,
  meResponseSchema,
  orgSchema,
  pageOf,
  providersResponseSchema,
} from "../../../shared/api";
import type { Me } from "../../../shared/api";
import { dockSchema } from "../../../shared/docks";
import type { CreateDockInput } from "../../../shared/docks";
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
