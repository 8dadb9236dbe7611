import { createRouter } from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";
import { accountRoute } from "./routes/account";
import { appRoute } from "./routes/app";
import { docksRoute } from "./routes/docks";
import { homeRoute } from "./routes/home";
import { invitationRoute } from "./routes/invitation";
import { loginRoute } from "./routes/login";
import { activityRoute } from "./routes/activity";
import { dockDetailRoute } from "./routes/dock-detail";
import { settingsRouteTree } from "./routes/settings";
import { newDockRoute } from "./routes/new-dock";
import { orgIndexRoute, orgRoute } from "./routes/org";
import { overviewRoute } from "./routes/overview";
import { resourcesRoute } from "./routes/resources";
import { NotFoundPage, PendingPage, RouteErrorPage, rootRoute } from "./routes/root";
import { signupRoute } from "./routes/signup";
import { verifyEmailRoute } from "./routes/verify-email";

const routeTree = rootRoute.addChildren([
  loginRoute,
  signupRoute,
  verifyEmailRoute,
  invitationRoute,
  appRoute.addChildren([
    homeRoute,
    accountRoute,
    orgRoute.addChildren([
      orgIndexRoute,
      overviewRoute,
      resourcesRoute,
      activityRoute,
      docksRoute,
      newDockRoute,
      dockDetailRoute,
      // Settings (members, roles, API tokens, audit log) with its own layout and children.
      ...settingsRouteTree,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    // TanStack Query owns caching; the router should always ask it rather than keep its own copy.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PendingPage,
    defaultErrorComponent: RouteErrorPage,
    defaultNotFoundComponent: NotFoundPage,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
