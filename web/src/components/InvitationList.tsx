import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Invitation } from "../../../shared/api";
import { invitationsQueryKey, revokeInvitation } from "../api/queries";
import { ErrorAlert } from "./ErrorAlert";
import { RelativeTime } from "./RelativeTime";
import { buttonStyles, cardStyles } from "./styles";

interface InvitationListProps {
  orgId: string;
  invitations: Invitation[];
  canRevoke: boolean;
}

export function InvitationList({ orgId, invitations, canRevoke }: InvitationListProps) {
  return (
    <ul className={`divide-y divide-slate-200 dark:divide-slate-800 ${cardStyles}`}>
      {invitations.map((invitation) => (
        <InvitationItem key={invitation.id} orgId={orgId} invitation={invitation} canRevoke={canRevoke} />
      ))}
    </ul>
  );
}

function InvitationItem({ orgId, invitation, canRevoke }: { orgId: string; invitation: Invitation; canRevoke: boolean }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeInvitation(orgId, invitation.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryKey(orgId) }),
  });

  return (
    <li className="space-y-2 px-4 py-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="min-w-0">
          <p className="font-medium break-all">{invitation.email}</p>
          <p className="text-slate-600 dark:text-slate-400">
            {invitation.role.name} · invited <RelativeTime iso={invitation.createdAt} /> · expires{" "}
            <RelativeTime iso={invitation.expiresAt} />
          </p>
        </div>
        {canRevoke ? (
          <button
            type="button"
            className={buttonStyles.dangerSecondary}
            disabled={revoke.isPending}
            onClick={() => revoke.mutate()}
          >
            {revoke.isPending ? "Revoking…" : "Revoke"}
            <span className="sr-only"> the invitation for {invitation.email}</span>
          </button>
        ) : null}
      </div>
      {revoke.isError ? <ErrorAlert error={revoke.error} /> : null}
    </li>
  );
}
