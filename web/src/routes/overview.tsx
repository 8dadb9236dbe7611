import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { orgRoute } from "./org";

export const overviewRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "overview",
  component: lazyRouteComponent(() => import("./overview.page"), "OverviewPage"),
});
