import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { orgRoute } from "./org";

export const dockDetailRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "docks/$dockId",
  component: lazyRouteComponent(() => import("./dock-detail.page"), "DockDetailPage"),
});
