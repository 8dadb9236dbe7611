import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { securityEventsQueryOptions } from "../api/queries";
import { appRoute } from "./app";

/** `/account`: the signed-in person's own page, outside any organization. */
export const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "account",
  // The history starts loading alongside the page's code.
  loader: ({ context }) => void context.queryClient.prefetchInfiniteQuery(securityEventsQueryOptions),
  component: lazyRouteComponent(() => import("./account.page"), "AccountPage"),
});
