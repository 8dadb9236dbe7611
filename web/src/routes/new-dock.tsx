import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { orgRoute } from "./org";

export const newDockRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "docks/new",
  component: lazyRouteComponent(() => import("./new-dock.page"), "NewDockPage"),
});
