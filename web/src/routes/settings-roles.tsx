import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { settingsRoute } from "./settings-layout";

export const rolesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "roles",
  component: lazyRouteComponent(() => import("./settings-roles.page"), "RolesPage"),
});
