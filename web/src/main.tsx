import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { toast } from "sonner";
import { ApiError, describeError } from "./api/client";
import "./api/optimistic";
import { authMutationKey, meQueryKey } from "./api/queries";
import { createAppRouter } from "./router";
import { appRoute } from "./routes/app";
import "./index.css";

const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;

// A session can end behind the page's back (expiry, sign-out in another tab). Any 401 then marks the
// user signed out and re-runs the route guards, which send them to /login and back here afterwards.
function sessionLost() {
  queryClient.setQueryData(meQueryKey, null);
  void router.invalidate();
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      if (isUnauthorized(error)) sessionLost();
    },
    onSuccess: (data, query) => {
      // /api/me answers null instead of 401; only a page that needs a user has to react to it.
      if (query.queryKey[0] === meQueryKey[0] && data === null && router.state.matches.some((m) => m.routeId === appRoute.id)) {
        void router.invalidate();
      }
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => {
      // For login and signup a 401 means wrong credentials, not a lost session.
      if (isUnauthorized(error) && mutation.options.mutationKey?.[0] !== authMutationKey[0]) {
        sessionLost();
        return;
      }
      const title = mutation.meta?.errorTitle;
      if (title) toast.error(title, { description: describeError(error) });
    },
  }),
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network and 5xx failures might.
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

const router = createAppRouter(queryClient);

const container = document.getElementById("root");
if (!container) throw new Error("index.html must contain #root");

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
