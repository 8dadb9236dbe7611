import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { meQueryOptions } from "../api/queries";
import { rootRoute } from "./root";

/**
 * `/invitation#token=…`, the link an inviter passes on. Reachable signed in or not: it often arrives before the
 * invitee has an account. The token rides in the fragment, which browsers never send (see pending-invitation).
 */
export const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "invitation",
  loader: ({ context }) => context.queryClient.ensureQueryData(meQueryOptions),
  component: lazyRouteComponent(() => import("./invitation.page"), "InvitationPage"),
});
