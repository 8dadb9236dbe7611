import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { allows } from "../../../shared/permissions";
import type { Permissions } from "../../../shared/permissions";
import { invitationsQueryOptions, membersQueryOptions, refreshMe, removeMember, rolesQueryOptions, useMe, useMembership } from "../api/queries";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorAlert } from "../components/ErrorAlert";
import { InvitationList } from "../components/InvitationList";
import { InviteForm } from "../components/InviteForm";
import { MemberTable } from "../components/MemberTable";
import { EmptyState } from "../components/settings/EmptyState";
import { LoadMoreButton } from "../components/settings/LoadMoreButton";
import { Section } from "../components/settings/Section";
import { Skeleton, skeletonBlock } from "../components/Skeleton";
import { buttonStyles, cardStyles } from "../components/styles";
import { canGrant } from "../lib/roles";
import { membersRoute } from "./members";

export function MembersPage() {
  const { orgId } = membersRoute.useParams();
  const me = useMe();
  const membership = useMembership(orgId);
  // The organization layout has already handled a missing membership.
  if (!me || !membership) return null;

  const permissions = membership.role.permissions;
  const canRead = allows(permissions, "members", "read");
  const canManage = allows(permissions, "members", "full");

  return (
    <div className="max-w-4xl space-y-8">
      <title>{`Members · Settings · ${membership.orgName} · EdgeDock`}</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {canManage
            ? `Who belongs to ${membership.orgName}, and what their role lets them do.`
            : canRead
              ? `Who belongs to ${membership.orgName}. Your role (${membership.role.name}) can see members but not invite people or change roles; ask an Owner or Admin for that.`
              : `Your role (${membership.role.name}) cannot see the members of ${membership.orgName}: that needs “Members and roles: read” access. Ask an Owner or Admin if you need it. You can still leave the organization below.`}
        </p>
      </div>

      {canRead ? (
        <MemberSections
          orgId={orgId}
          orgName={membership.orgName}
          currentUserId={me.user.id}
          ownPermissions={permissions}
          canManage={canManage}
        />
      ) : null}

      <LeaveOrganization orgId={orgId} orgName={membership.orgName} userId={me.user.id} />
    </div>
  );
}

interface MemberSectionsProps {
  orgId: string;
  orgName: string;
  currentUserId: string;
  ownPermissions: Permissions;
  canManage: boolean;
}

function MemberSections({ orgId, orgName, currentUserId, ownPermissions, canManage }: MemberSectionsProps) {
  const members = useInfiniteQuery(membersQueryOptions(orgId));
  const invitations = useInfiniteQuery(invitationsQueryOptions(orgId));
  // Roles only matter to someone who can hand them out.
  const roles = useQuery({ ...rolesQueryOptions(orgId), enabled: canManage });

  const memberItems = members.data?.pages.flatMap((page) => page.items) ?? [];
  const invitationItems = invitations.data?.pages.flatMap((page) => page.items) ?? [];
  const grantableRoles = roles.data?.filter((role) => canGrant(role, ownPermissions)) ?? [];

  return (
    <>
      {canManage ? (
        <Section title="Invite someone">
          <div className={`p-4 sm:p-6 ${cardStyles}`}>
            {roles.isPending ? (
              <div role="status" aria-label="Loading roles" className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
                <div className={`h-16 ${skeletonBlock}`} />
                <div className={`h-16 ${skeletonBlock}`} />
              </div>
            ) : roles.isError ? (
              <ErrorAlert error={roles.error} onRetry={() => void roles.refetch()} />
            ) : grantableRoles.length === 0 ? (
              <p className="text-sm">There is no role you are allowed to give, so you cannot invite anyone.</p>
            ) : (
              <InviteForm orgId={orgId} orgName={orgName} grantableRoles={grantableRoles} />
            )}
          </div>
        </Section>
      ) : null}

      <Section title="Members" count={members.hasNextPage ? undefined : memberItems.length}>
        {canManage && roles.isError ? (
          <ErrorAlert error={roles.error}>
            <p>Roles could not be loaded, so they cannot be changed right now.</p>
          </ErrorAlert>
        ) : null}
        {members.isPending ? (
          <Skeleton label="Loading members" lines={3} card />
        ) : members.isError && !members.data ? (
          <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
        ) : memberItems.length === 0 ? (
          <EmptyState title="No members to show">
            {canManage ? "Invite someone with the form above." : "Ask an Owner or Admin to invite your teammates."}
          </EmptyState>
        ) : (
          <>
            <MemberTable
              orgId={orgId}
              orgName={orgName}
              members={memberItems}
              currentUserId={currentUserId}
              manage={canManage ? { roles: roles.data, ownPermissions } : null}
            />
            <LoadMoreButton query={members} label="Load more members" />
          </>
        )}
      </Section>

      <Section title="Pending invitations" count={invitations.hasNextPage ? undefined : invitationItems.length}>
        {invitations.isPending ? (
          <Skeleton label="Loading invitations" lines={2} card />
        ) : invitations.isError && !invitations.data ? (
          <ErrorAlert error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitationItems.length === 0 ? (
          <EmptyState title="No pending invitations">
            {canManage
              ? "Invite someone with the form above. Their invitation waits here until they accept it, you revoke it, or it expires."
              : "Invitations that have not been accepted yet show up here."}
          </EmptyState>
        ) : (
          <>
            <InvitationList orgId={orgId} invitations={invitationItems} canRevoke={canManage} />
            <LoadMoreButton query={invitations} label="Load more invitations" />
          </>
        )}
      </Section>
    </>
  );
}

function LeaveOrganization({ orgId, orgName, userId }: { orgId: string; orgName: string; userId: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation({
    mutationFn: () => removeMember(orgId, userId),
    // In the mutation's own options so they run even once this page has unmounted.
    onSuccess: async () => {
      // The session must no longer list the organization, or `/` would send the user straight back to it.
      await refreshMe(queryClient);
      await navigate({ to: "/", replace: true });
      queryClient.removeQueries({ queryKey: ["orgs", orgId] });
    },
  });

  return (
    <Section title="Leave organization">
      <div className={`flex flex-wrap items-center justify-between gap-4 p-4 sm:p-6 ${cardStyles}`}>
        <p className="max-w-prose text-sm text-slate-600 dark:text-slate-400">
          You lose access to {orgName} and its docks right away. To come back, someone has to invite you again.
        </p>
        <button
          type="button"
          className={buttonStyles.dangerSecondary}
          onClick={() => {
            leave.reset();
            setConfirming(true);
          }}
        >
          Leave organization
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          open
          title={`Leave ${orgName}?`}
          confirmLabel="Leave organization"
          pendingLabel="Leaving…"
          pending={leave.isPending}
          error={leave.isError ? leave.error : null}
          onConfirm={() => leave.mutate()}
          onClose={() => setConfirming(false)}
        >
          <p>
            You will no longer see {orgName} or anything in it, and your API tokens for it stop working. Someone has to
            invite you again for you to come back.
          </p>
        </ConfirmDialog>
      ) : null}
    </Section>
  );
}
