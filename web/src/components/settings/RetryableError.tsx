import { ErrorAlert } from "../ErrorAlert";

export function RetryableError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <ErrorAlert error={error}>
      <button type="button" className="mt-2 rounded font-medium underline focus-visible:outline-2 focus-visible:outline-indigo-500" onClick={onRetry}>
        Try again
      </button>
    </ErrorAlert>
  );
}
