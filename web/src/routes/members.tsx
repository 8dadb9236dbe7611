import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { orgRoute } from "./org";
import { settingsRoute } from "./settings-layout";

export const membersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "members",
  component: lazyRouteComponent(() => import("./members.page"), "MembersPage"),
});

/** Members used to live at `/orgs/$orgId/members`; links and bookmarks to it keep working. */
export const legacyMembersRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "members",
  beforeLoad: ({ params }) => {
    throw redirect({ to: "/orgs/$orgId/settings/members", params: { orgId: params.orgId }, replace: true });
  },
});
