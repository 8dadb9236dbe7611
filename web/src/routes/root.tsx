import type { QueryClient } from "@tanstack/react-query";
import { Link, Outlet, createRootRouteWithContext, useRouter } from "@tanstack/react-router";
import type { ErrorComponentProps } from "@tanstack/react-router";
import { describeError } from "../api/client";
import { PageMessage } from "../components/PageMessage";
import { Toasts } from "../components/Toasts";
import { buttonStyles } from "../components/styles";

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
});

function RootLayout() {
  return (
    <>
      <Outlet />
      <Toasts />
    </>
  );
}

export function NotFoundPage() {
  return (
    <div className="px-4 py-10">
      <title>Page not found · EdgeDock</title>
      <PageMessage title="Page not found">
        <p>There is nothing at this address.</p>
        <Link to="/" className={buttonStyles.secondary}>
          Go to your dashboard
        </Link>
      </PageMessage>
    </div>
  );
}

export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <div className="px-4 py-10">
      <PageMessage title="This page could not be loaded">
        <p role="alert">{describeError(error)}</p>
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => {
            reset();
            void router.invalidate();
          }}
        >
          Try again
        </button>
      </PageMessage>
    </div>
  );
}

export function PendingPage() {
  return (
    <p role="status" className="px-4 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
      Loading…
    </p>
  );
}
