import type { QueryClient, QueryKey } from "@tanstack/react-query";

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: {
      /**
       * When set, a failure of this mutation is shown as a toast with this title and the API's message.
       * Forms that show their error next to the fields leave it unset.
       */
      errorTitle?: string;
    };
  }
}

/**
 * Applies `update` at once to every cached query under `queryKey` (lists and details alike) and returns
 * the function that puts them back as they were, for when the server refuses the change.
 */
export async function applyOptimistically<T>(
  queryClient: QueryClient,
  queryKey: QueryKey,
  update: (current: T) => T,
): Promise<() => void> {
  // A refetch already in flight would land after this and overwrite the optimistic value with stale data.
  await queryClient.cancelQueries({ queryKey });
  const snapshot = queryClient.getQueriesData<T>({ queryKey });
  queryClient.setQueriesData<T>({ queryKey }, (current) => (current === undefined ? current : update(current)));
  return () => {
    for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
  };
}
