import type { QueryClient } from "@tanstack/react-query";
import { Link, Outlet, createRootRouteWithContext, useRouter } from "@tanstack/react-router";
import type { ErrorComponentProps } from "@tanstack/react-router";
import { describeError } from "../api/client";
import { PageMessage } from "../components/PageMessage";
import { skeletonBlock } from "../components/Skeleton";
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
  // The shape of a page (heading, intro, a few rows) so the layout does not jump when it arrives.
  return (
    <div className="space-y-4 py-2" role="status" aria-label="Loading page">
      <div aria-hidden="true" className={`h-8 w-48 ${skeletonBlock}`} />
      <div aria-hidden="true" className={`h-4 w-80 max-w-full ${skeletonBlock}`} />
      <div aria-hidden="true" className="mt-6 space-y-2">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className={`h-10 ${skeletonBlock}`} />
        ))}
      </div>
    </div>
  );
}
