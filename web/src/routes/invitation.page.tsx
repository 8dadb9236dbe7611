import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { acceptInvitation, refreshMe, useMe } from "../api/queries";
import { useSignOut } from "../api/session";
import { CenteredCard } from "../components/CenteredCard";
import { ErrorAlert } from "../components/ErrorAlert";
import { buttonStyles, linkStyles } from "../components/styles";
import { tokenFromFragment } from "../lib/fragment-token";
import { rememberLastOrgId } from "../lib/last-org";
import {
  forgetInvitationToken,
  INVITATION_PATH,
  readInvitationToken,
  rememberInvitationToken,
} from "../lib/pending-invitation";

export function InvitationPage() {
  // Read once: the fragment is removed from the address bar right after.
  const [fromLink] = useState(tokenFromFragment);
  const [token] = useState(() => fromLink ?? readInvitationToken());
  const me = useMe();

  useEffect(() => {
    if (fromLink === null) return;
    // Kept for the way back from log-in or sign-up, and out of the history and the address bar.
    rememberInvitationToken(fromLink);
    window.history.replaceState(window.history.state, "", window.location.pathname);
  }, [fromLink]);

  if (token === null) {
    return (
      <CenteredCard title="This invitation link is incomplete" intro="Open the link you were sent again, as a whole, or ask for a new invitation.">
        <Link to="/" className={`${buttonStyles.primary} w-full`}>
          Go to EdgeDock
        </Link>
      </CenteredCard>
    );
  }

  if (!me) {
    return (
      <CenteredCard
        title="You have been invited"
        intro="Someone invited you to an organization on EdgeDock. Log in or create an account to accept; you will come back here afterwards."
      >
        <div className="flex flex-col gap-2 sm:flex-row">
          <Link to="/login" search={{ next: INVITATION_PATH }} className={`${buttonStyles.primary} flex-1`}>
            Log in
          </Link>
          <Link to="/signup" search={{ next: INVITATION_PATH }} className={`${buttonStyles.secondary} flex-1`}>
            Create an account
          </Link>
        </div>
      </CenteredCard>
    );
  }

  return <AcceptInvitation token={token} userName={me.user.name} userEmail={me.user.email} />;
}

function AcceptInvitation({ token, userName, userEmail }: { token: string; userName: string; userEmail: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const mutation = useMutation({
    mutationFn: () => acceptInvitation(token),
    onSuccess: async ({ orgId }) => {
      forgetInvitationToken();
      // The response lacks the role's permissions, so the session is reloaded before the org's pages check them.
      await refreshMe(queryClient);
      rememberLastOrgId(orgId);
      await navigate({ to: "/orgs/$orgId/overview", params: { orgId } });
    },
  });

  return (
    <CenteredCard
      title="Accept invitation"
      intro={
        <p>
          You are signed in as <strong className="font-medium text-slate-900 dark:text-slate-100">{userName}</strong> (
          {userEmail}). Accepting adds this account to the organization that invited you.
        </p>
      }
    >
      {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      {signOut.isError ? <ErrorAlert error={signOut.error} /> : null}
      <button
        type="button"
        className={`${buttonStyles.primary} w-full`}
        disabled={mutation.isPending}
        onClick={() => mutation.mutate()}
      >
        {mutation.isPending ? "Accepting…" : "Accept invitation"}
      </button>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Invitation meant for another account?{" "}
        {/* Signing out keeps this page open, which then offers log in and sign up with a way back here. */}
        <button type="button" className={linkStyles} disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          Sign out
        </button>{" "}
        and use that one.
      </p>
    </CenteredCard>
  );
}
