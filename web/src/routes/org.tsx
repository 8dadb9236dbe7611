import { Link, Outlet, createRoute, redirect } from "@tanstack/react-router";
import { useEffect } from "react";
import { useMembership } from "../api/queries";
import { Alert } from "../components/ErrorAlert";
import { PageMessage } from "../components/PageMessage";
import { WithResourceNav } from "../components/ResourceNav";
import { buttonStyles } from "../components/styles";
import { rememberLastOrgId } from "../lib/last-org";
import { useLiveChannel } from "../live/use-live-channel";
import { appRoute } from "./app";

export const orgRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orgs/$orgId",
  component: OrgLayout,
});

/** `/orgs/$orgId` itself has no page of its own; the overview is the organization's home. */
export const orgIndexRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "/",
  beforeLoad: ({ params }) => {
    throw redirect({ to: "/orgs/$orgId/overview", params: { orgId: params.orgId }, replace: true });
  },
});

function OrgLayout() {
  const { orgId } = orgRoute.useParams();
  const membership = useMembership(orgId);
  // Once per organization, here rather than per page, so moving between its pages keeps the one socket.
  const live = useLiveChannel(orgId);

  // Remembered on render rather than in beforeLoad, which also runs when a link is merely hovered (preload).
  useEffect(() => {
    if (membership) rememberLastOrgId(orgId);
  }, [membership, orgId]);

  if (!membership) {
    // Revoked while the page was open: say what happened rather than "does not exist".
    const title = live.revoked ? "You no longer have access to this organization" : "Organization not available";
    return (
      <PageMessage title={title}>
        <title>{`${title} · EdgeDock`}</title>
        <p>
          {live.revoked
            ? "You were removed from this organization, or your role changed. Ask one of its owners if you need access again."
            : "This organization does not exist or you are not a member of it. Ask one of its owners for an invitation."}
        </p>
        <Link to="/" className={buttonStyles.secondary}>
          Go to your dashboard
        </Link>
      </PageMessage>
    );
  }
  return (
    <>
      {live.revoked ? (
        // Still a member, but no longer allowed what the live channel carries (or the session refresh is on its way).
        <div className="mb-6">
          <Alert>
            <p className="font-medium">You no longer have access to this organization</p>
            <p>Your role may have changed; live updates have stopped. Reload the page to see what you can still access.</p>
          </Alert>
        </div>
      ) : null}
      <WithResourceNav membership={membership}>
        <Outlet />
      </WithResourceNav>
    </>
  );
}
