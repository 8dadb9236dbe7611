import { Link, Outlet, createRoute, redirect } from "@tanstack/react-router";
import { useEffect } from "react";
import { useMembership } from "../api/queries";
import { PageMessage } from "../components/PageMessage";
import { buttonStyles } from "../components/styles";
import { rememberLastOrgId } from "../lib/last-org";
import { appRoute } from "./app";

export const orgRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orgs/$orgId",
  component: OrgLayout,
});

/** `/orgs/$orgId` itself has no page of its own; docks are the organization's home. */
export const orgIndexRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "/",
  beforeLoad: ({ params }) => {
    throw redirect({ to: "/orgs/$orgId/docks", params: { orgId: params.orgId }, replace: true });
  },
});

function OrgLayout() {
  const { orgId } = orgRoute.useParams();
  const membership = useMembership(orgId);

  // Remembered on render rather than in beforeLoad, which also runs when a link is merely hovered (preload).
  useEffect(() => {
    if (membership) rememberLastOrgId(orgId);
  }, [membership, orgId]);

  if (!membership) {
    return (
      <PageMessage title="Organization not available">
        <title>Organization not available · EdgeDock</title>
        <p>This organization does not exist or you are not a member of it. Ask one of its owners for an invitation.</p>
        <Link to="/" className={buttonStyles.secondary}>
          Go to your dashboard
        </Link>
      </PageMessage>
    );
  }
  return <Outlet />;
}
