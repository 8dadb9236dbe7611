import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { orgRoute } from "./org";

export const docksRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "docks",
  component: lazyRouteComponent(() => import("./docks.page"), "DocksPage"),
});
