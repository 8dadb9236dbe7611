import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { meQueryOptions } from "../api/queries";
import { rootRoute } from "./root";

/** Reachable signed in or not: the link arrives by email, often before the invitee has an account. */
export const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "invitations/$token",
  loader: ({ context }) => context.queryClient.ensureQueryData(meQueryOptions),
  component: lazyRouteComponent(() => import("./invitation.page"), "InvitationPage"),
});
