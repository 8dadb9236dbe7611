import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { buttonStyles } from "../styles";
import { ErrorAlert } from "../ErrorAlert";

/** The next page on request, and the failure of loading it (or of a background refresh) with a retry. */
export function LoadMoreButton({ query, label }: { query: UseInfiniteQueryResult<InfiniteData<unknown>>; label: string }) {
  return (
    <>
      {query.isFetchNextPageError || query.isRefetchError ? (
        <ErrorAlert error={query.error} onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())} />
      ) : null}
      {query.hasNextPage ? (
        <div className="flex justify-center">
          <button type="button" className={buttonStyles.secondary} disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? "Loading…" : label}
          </button>
        </div>
      ) : null}
    </>
  );
}
