import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { meQueryOptions } from "../api/queries";
import { allowedSettingsTabs } from "../components/settings/settings-tabs";
import { orgRoute } from "./org";

/** `/orgs/$orgId/settings`: the tabs of the settings area around the page of the chosen one. */
export const settingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "settings",
  component: lazyRouteComponent(() => import("./settings-layout.page"), "SettingsLayout"),
});

/** The settings area itself opens its first tab the member's role may use. */
export const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  beforeLoad: async ({ context, params }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions);
    const membership = me?.memberships.find((m) => m.orgId === params.orgId);
    // Without a membership the organization layout explains; Members is the one tab every member has.
    const first = membership ? allowedSettingsTabs(membership.role.permissions)[0] : undefined;
    throw redirect({ to: first?.to ?? "/orgs/$orgId/settings/members", params: { orgId: params.orgId }, replace: true });
  },
});
