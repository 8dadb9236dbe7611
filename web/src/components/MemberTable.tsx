import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { InfiniteData } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import type { Member, Page, Role } from "../../../shared/api";
import type { Permissions } from "../../../shared/permissions";
import { applyOptimistically } from "../api/optimistic";
import { membersQueryKey, refreshMe, removeMember, updateMemberRole } from "../api/queries";
import { canGrant } from "../lib/roles";
import { ConfirmDialog } from "./ConfirmDialog";
import { RelativeTime } from "./RelativeTime";
import { buttonStyles, cardStyles, compactSelectStyles } from "./styles";

interface MemberTableProps {
  orgId: string;
  orgName: string;
  members: Member[];
  currentUserId: string;
  /**
   * Present when the caller has full access to members: the organization's roles (undefined while they
   * load) and the caller's own permissions, which bound what they may grant and whom they may change.
   */
  manage: { roles: Role[] | undefined; ownPermissions: Permissions } | null;
}

const th = "px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
// Below `sm` every row becomes a small card: cells stack and carry their own labels.
const td = "px-4 py-3 align-middle max-sm:block max-sm:px-0 max-sm:py-1";
const mobileLabel = "mr-2 text-slate-500 sm:hidden dark:text-slate-400";

export function MemberTable({ orgId, orgName, members, currentUserId, manage }: MemberTableProps) {
  return (
    <div className={`overflow-hidden ${cardStyles}`}>
      <table className="w-full text-sm max-sm:block">
        <caption className="sr-only">Members of {orgName}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 max-sm:sr-only dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Name</th>
            <th scope="col" className={th}>Email</th>
            <th scope="col" className={th}>Role</th>
            <th scope="col" className={th}>Joined</th>
            {manage ? (
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-sm:block dark:divide-slate-800">
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              orgId={orgId}
              orgName={orgName}
              member={member}
              isSelf={member.userId === currentUserId}
              manage={manage}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface MemberRowProps {
  orgId: string;
  orgName: string;
  member: Member;
  isSelf: boolean;
  manage: MemberTableProps["manage"];
}

type MemberPages = InfiniteData<Page<Member>>;

function withMember(data: MemberPages, updated: Member): MemberPages {
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.map((m) => (m.userId === updated.userId ? updated : m)) })),
  };
}

function MemberRow({ orgId, orgName, member, isSelf, manage }: MemberRowProps) {
  const queryClient = useQueryClient();
  const selectId = useId();
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  // A change to one's own role waits here for confirmation: it can take away the access needed to undo it.
  const [ownRoleChange, setOwnRoleChange] = useState<Role | null>(null);

  const changeRole = useMutation({
    mutationFn: (role: Role) => updateMemberRole(orgId, member.userId, role.id),
    meta: { errorTitle: `Could not change the role of ${member.name}` },
    // The select shows the new role at once; a refusal puts the old one back (and the toast says why).
    onMutate: async (role) => ({
      rollback: await applyOptimistically<MemberPages>(queryClient, membersQueryKey(orgId), (data) =>
        withMember(data, { ...member, role: { id: role.id, name: role.name } }),
      ),
    }),
    onError: (_error, _role, context) => context?.rollback(),
    onSuccess: async (updated) => {
      queryClient.setQueryData<MemberPages>(membersQueryKey(orgId), (data) => (data ? withMember(data, updated) : data));
      // One's own permissions changed: every page of this organization must see the new ones.
      if (isSelf) await refreshMe(queryClient);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) }),
  });

  const remove = useMutation({
    mutationFn: () => removeMember(orgId, member.userId),
    onSuccess: async () => {
      setConfirmingRemove(false);
      toast.success(`${member.name} was removed from ${orgName}`);
      await queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) });
    },
  });

  // "Saved" is a passing confirmation, not a state to keep showing.
  const { isSuccess: saved, reset: resetChange } = changeRole;
  useEffect(() => {
    if (!saved) return;
    const timer = window.setTimeout(resetChange, 3000);
    return () => window.clearTimeout(timer);
  }, [saved, resetChange]);

  const roles = manage?.roles;
  const currentRole = roles?.find((r) => r.id === member.role.id);
  // Members whose role exceeds the caller's own can be neither changed nor removed by them.
  const changeable = manage !== null && currentRole !== undefined && canGrant(currentRole, manage.ownPermissions);

  function onRoleSelected(roleId: string) {
    const role = roles?.find((r) => r.id === roleId);
    if (!role || roleId === member.role.id) return;
    if (isSelf) {
      setOwnRoleChange(role);
      return;
    }
    changeRole.mutate(role);
  }

  return (
    <tr className="max-sm:block max-sm:px-4 max-sm:py-3">
      <th scope="row" className={`${td} text-left font-medium`}>
        <span className="break-words">{member.name}</span>
        {isSelf ? (
          <span className="ml-2 inline-flex items-center rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/40">
            You
          </span>
        ) : null}
      </th>
      <td className={`${td} break-all text-slate-600 dark:text-slate-300`}>{member.email}</td>
      <td className={td}>
        {changeable && roles ? (
          <div className="max-sm:flex max-sm:items-center">
            {/* Visible only on phones; on wide screens the column header shows and this still names the select. */}
            <label htmlFor={selectId} className="mr-2 text-slate-500 sm:sr-only dark:text-slate-400">
              Role<span className="sr-only"> of {member.name}</span>
            </label>
            <div className="flex items-center gap-2">
              <select
                id={selectId}
                className={compactSelectStyles}
                value={member.role.id}
                disabled={changeRole.isPending}
                onChange={(event) => onRoleSelected(event.target.value)}
              >
                {roles.map((role) => {
                  const grantable = canGrant(role, manage.ownPermissions);
                  return (
                    <option key={role.id} value={role.id} disabled={!grantable}>
                      {grantable ? role.name : `${role.name} (more access than yours)`}
                    </option>
                  );
                })}
              </select>
              {changeRole.isPending ? (
                <span role="status" className="text-xs text-slate-500 dark:text-slate-400">
                  Saving…
                </span>
              ) : saved ? (
                <span role="status" className="text-xs text-emerald-700 dark:text-emerald-300">
                  Saved
                </span>
              ) : null}
            </div>
          </div>
        ) : (
          <span>
            <span className={mobileLabel}>Role</span>
            {member.role.name}
          </span>
        )}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Joined</span>
        <RelativeTime iso={member.joinedAt} />
      </td>
      {manage ? (
        <td className={`${td} text-right max-sm:pt-2 max-sm:text-left max-sm:empty:hidden`}>
          {/* Leaving is offered below the table; the button here is for removing others. */}
          {changeable && !isSelf ? (
            <button
              type="button"
              className={buttonStyles.dangerSecondary}
              onClick={() => {
                remove.reset();
                setConfirmingRemove(true);
              }}
            >
              Remove<span className="sr-only"> {member.name}</span>
            </button>
          ) : null}
          {confirmingRemove ? (
            <ConfirmDialog
              open
              title={`Remove ${member.name}?`}
              confirmLabel="Remove member"
              pendingLabel="Removing…"
              pending={remove.isPending}
              error={remove.isError ? remove.error : null}
              onConfirm={() => remove.mutate()}
              onClose={() => setConfirmingRemove(false)}
            >
              <p>
                {member.name} ({member.email}) will lose access to {orgName} right away, and their API tokens for it
                stop working. To bring them back, invite them again.
              </p>
            </ConfirmDialog>
          ) : null}
          {ownRoleChange ? (
            <ConfirmDialog
              open
              title={`Change your own role to ${ownRoleChange.name}?`}
              confirmLabel="Change my role"
              pendingLabel="Changing…"
              pending={false}
              error={null}
              onConfirm={() => {
                setOwnRoleChange(null);
                changeRole.mutate(ownRoleChange);
              }}
              onClose={() => setOwnRoleChange(null)}
            >
              <p>
                Your access to {orgName} changes right away. If the new role does not have full access to members, you
                cannot change it back yourself; someone with that access would have to.
              </p>
            </ConfirmDialog>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
