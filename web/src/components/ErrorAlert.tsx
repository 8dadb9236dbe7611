import type { ReactNode } from "react";
import { describeError } from "../api/client";

/** `role="alert"` so screen readers announce the message as soon as it appears. */
export function Alert({ children }: { children: ReactNode }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200"
    >
      {children}
    </div>
  );
}

/** An API failure in the server's own words, never as raw JSON; with `onRetry`, a way to ask again. */
export function ErrorAlert({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  return (
    <Alert>
      <p>{describeError(error)}</p>
      {children}
      {onRetry ? (
        <button
          type="button"
          className="mt-2 rounded font-medium underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
          onClick={onRetry}
        >
          Try again
        </button>
      ) : null}
    </Alert>
  );
}

/** Under a form: the form's own complaint if it has one, else the API's refusal of what was sent. */
export function FormError({ invalid, error }: { invalid: string | null; error: unknown }) {
  if (invalid) return <Alert>{invalid}</Alert>;
  return error ? <ErrorAlert error={error} /> : null;
}
