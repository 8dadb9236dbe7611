import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { redirect, useNavigate } from "@tanstack/react-router";
import { forgetLiveState } from "../live/use-live-channel";
import { authMutationKey, logout, meQueryKey, meQueryOptions, refreshMe } from "./queries";

/** After login or signup: start from a clean cache, load the new session, then go where the user was headed. */
export function useFinishSignIn(next: string | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    // Data cached for whoever used this tab before must not show up for the new user.
    queryClient.removeQueries();
    forgetLiveState();
    await refreshMe(queryClient);
    await navigate({ href: next ?? "/", replace: true });
  };
}

/** Signs out and forgets every cached response; where to go afterwards is up to the caller. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...authMutationKey, "logout"],
    mutationFn: logout,
    onSuccess: () => {
      // Mark signed out before navigating so auth-aware routes see it.
      queryClient.setQueryData(meQueryKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      forgetLiveState();
    },
  });
}

/** The log-in and sign-up pages' guard: someone already signed in goes where they were headed instead. */
export async function redirectIfSignedIn({ context, search }: { context: { queryClient: QueryClient }; search: { next?: string } }): Promise<void> {
  const me = await context.queryClient.ensureQueryData(meQueryOptions);
  if (me) throw redirect({ href: search.next ?? "/", replace: true });
}
