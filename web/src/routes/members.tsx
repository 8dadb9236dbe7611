import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { orgRoute } from "./org";

export const membersRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "members",
  component: lazyRouteComponent(() => import("./members.page"), "MembersPage"),
});
