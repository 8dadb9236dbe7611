import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import type { Role } from "../../../../shared/api";
import type { Permissions } from "../../../../shared/permissions";
import { applyOptimistically } from "../../api/optimistic";
import { invitationsQueryKey, membersQueryKey, refreshMe, rolesQueryKey } from "../../api/queries";
import { deleteRole, tokensQueryKey, updateRole } from "../../api/settings-queries";
import type { RoleInput } from "../../api/settings-queries";
import { canGrant, sortRoles } from "../../lib/roles";
import { ConfirmDialog } from "../ConfirmDialog";
import { buttonStyles, cardStyles } from "../styles";
import { PermissionSummary } from "./PermissionGrid";
import { RoleForm } from "./RoleForm";

interface RoleCardProps {
  orgId: string;
  role: Role;
  /** The viewer holds this role. */
  isOwn: boolean;
  /** Present when the viewer may edit roles (full access to members). */
  manage: { ownPermissions: Permissions } | null;
}

const badge = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function RoleCard({ orgId, role, isOwn, manage }: RoleCardProps) {
  const queryClient = useQueryClient();
  const titleId = useId();
  // The values in the editor while it is open; kept after a refused save so nothing typed is lost.
  const [draft, setDraft] = useState<RoleInput | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // The name the role had when editing began: while a save is in flight the card already shows the new one.
  const [editedName, setEditedName] = useState(role.name);

  const refreshAffected = async () => {
    // Role names show in the members list and on tokens; one's own role feeds every permission check.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: rolesQueryKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: tokensQueryKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: invitationsQueryKey(orgId) }),
      isOwn ? refreshMe(queryClient) : Promise.resolve(),
    ]);
  };

  const save = useMutation({
    mutationFn: (input: RoleInput) => updateRole(orgId, role.id, input),
    meta: { errorTitle: `Could not save the role ${editedName}` },
    // The card shows the new name and permissions at once; a refusal puts the old ones back and reopens the editor.
    onMutate: async (input) => {
      setDraft(null);
      return {
        rollback: await applyOptimistically<Role[]>(queryClient, rolesQueryKey(orgId), (roles) =>
          sortRoles(roles.map((r) => (r.id === role.id ? { ...r, ...input } : r))),
        ),
      };
    },
    onError: (_error, input, context) => {
      context?.rollback();
      setDraft(input);
    },
    onSuccess: (updated) => toast.success(`Saved the role ${updated.name}`),
    onSettled: refreshAffected,
  });

  const remove = useMutation({
    mutationFn: () => deleteRole(orgId, role.id),
    onSuccess: async () => {
      setConfirmingDelete(false);
      toast.success(`Deleted the role ${role.name}`);
      await refreshAffected();
    },
  });

  // The API refuses to edit or delete a role with more access than the editor's own.
  const withinOwn = manage !== null && canGrant(role, manage.ownPermissions);
  const editable = manage !== null && !role.builtIn && withinOwn;

  return (
    <article aria-labelledby={titleId} className={`space-y-4 p-4 sm:p-5 ${cardStyles}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h3 id={titleId} className="flex flex-wrap items-center gap-2 text-base font-semibold">
            <span className="break-words">{role.name}</span>
            {role.builtIn ? (
              <span className={`${badge} bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600`}>Built-in</span>
            ) : (
              <span className={`${badge} bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40`}>Custom</span>
            )}
            {isOwn ? (
              <span className={`${badge} bg-indigo-50 text-indigo-700 ring-indigo-200 dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/40`}>Your role</span>
            ) : null}
          </h3>
          {!role.builtIn && manage !== null && !withinOwn ? (
            <p className="text-xs text-slate-500 dark:text-slate-400">
              It has more access than your own role, so only someone with at least this access can change or delete it.
            </p>
          ) : null}
        </div>
        {editable && draft === null ? (
          <div className="flex flex-wrap items-center gap-2">
            {save.isPending ? (
              <span role="status" className="text-xs text-slate-500 dark:text-slate-400">
                Saving…
              </span>
            ) : null}
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={save.isPending}
              onClick={() => {
                setEditedName(role.name);
                setDraft({ name: role.name, permissions: role.permissions });
              }}
            >
              Edit<span className="sr-only"> {role.name}</span>
            </button>
            <button
              type="button"
              className={buttonStyles.dangerSecondary}
              disabled={save.isPending}
              onClick={() => {
                remove.reset();
                setConfirmingDelete(true);
              }}
            >
              Delete<span className="sr-only"> {role.name}</span>
            </button>
          </div>
        ) : null}
      </div>

      {draft !== null && manage !== null ? (
        <RoleForm
          initial={draft}
          ownPermissions={manage.ownPermissions}
          submitLabel="Save role"
          pendingLabel="Saving…"
          pending={save.isPending}
          onSubmit={(input) => save.mutate(input)}
          onCancel={() => setDraft(null)}
        />
      ) : (
        <PermissionSummary permissions={role.permissions} />
      )}

      {confirmingDelete ? (
        <ConfirmDialog
          open
          title={`Delete the role ${role.name}?`}
          confirmLabel="Delete role"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.isError ? remove.error : null}
          onConfirm={() => remove.mutate()}
          onClose={() => setConfirmingDelete(false)}
        >
          <p>
            A role still held by a member cannot be deleted: give them another role first. Pending invitations with this
            role, and API tokens limited to it, are deleted with it.
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}
