import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { readLastOrgId } from "../lib/last-org";
import { appRoute } from "./app";

/** `/` sends members to their last-used (or first) organization; everyone else creates one. */
export const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: ({ context }) => {
    const { memberships } = context.me;
    const lastOrgId = readLastOrgId();
    const target = memberships.find((m) => m.orgId === lastOrgId) ?? memberships[0];
    if (target) throw redirect({ to: "/orgs/$orgId/overview", params: { orgId: target.orgId }, replace: true });
  },
  component: lazyRouteComponent(() => import("./home.page"), "FirstOrgPage"),
});
