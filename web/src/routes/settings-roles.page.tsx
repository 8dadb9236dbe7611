import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { allows, normalizePermissions } from "../../../shared/permissions";
import type { Permissions } from "../../../shared/permissions";
import { rolesQueryKey, rolesQueryOptions, useMembership } from "../api/queries";
import { createRole } from "../api/settings-queries";
import type { RoleInput } from "../api/settings-queries";
import { EmptyState } from "../components/settings/EmptyState";
import { NoAccess } from "../components/settings/NoAccess";
import { ErrorAlert } from "../components/ErrorAlert";
import { RoleCard } from "../components/settings/RoleCard";
import { RoleForm } from "../components/settings/RoleForm";
import { Section } from "../components/settings/Section";
import { Skeleton } from "../components/Skeleton";
import { buttonStyles, cardStyles } from "../components/styles";
import { rolesRoute } from "./settings-roles";

export function RolesPage() {
  const { orgId } = rolesRoute.useParams();
  const membership = useMembership(orgId);
  if (!membership) return null;
  const permissions = membership.role.permissions;
  const canRead = allows(permissions, "members", "read");
  const canManage = allows(permissions, "members", "full");

  return (
    <div className="max-w-4xl space-y-8">
      <title>{`Roles · Settings · ${membership.orgName} · EdgeDock`}</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Roles</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          A role grants no, read or full access to each area of {membership.orgName}. Every member has one role; API tokens
          can be limited to one.
          {canRead && !canManage ? ` Your role (${membership.role.name}) can see roles but not change them; ask an Owner or Admin for that.` : ""}
        </p>
      </div>
      {canRead ? (
        <RoleSections orgId={orgId} ownRoleId={membership.role.id} ownPermissions={permissions} canManage={canManage} />
      ) : (
        <NoAccess what="see roles" area="members" level="read" roleName={membership.role.name} orgName={membership.orgName} />
      )}
    </div>
  );
}

interface RoleSectionsProps {
  orgId: string;
  ownRoleId: string;
  ownPermissions: Permissions;
  canManage: boolean;
}

function RoleSections({ orgId, ownRoleId, ownPermissions, canManage }: RoleSectionsProps) {
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQueryOptions(orgId));
  const [creating, setCreating] = useState(false);
  const create = useMutation({
    mutationFn: (input: RoleInput) => createRole(orgId, input),
    onSuccess: async (role) => {
      setCreating(false);
      toast.success(`Created the role ${role.name}`);
      await queryClient.invalidateQueries({ queryKey: rolesQueryKey(orgId) });
    },
  });

  if (roles.isPending) return <Skeleton label="Loading roles" lines={4} lineClassName="h-24" card />;
  if (roles.isError) return <ErrorAlert error={roles.error} onRetry={() => void roles.refetch()} />;

  const builtIn = roles.data.filter((r) => r.builtIn);
  const custom = roles.data.filter((r) => !r.builtIn);
  const manage = canManage ? { ownPermissions } : null;
  const newRoleButton = (
    <button
      type="button"
      className={buttonStyles.primary}
      onClick={() => {
        create.reset();
        setCreating(true);
      }}
    >
      New role
    </button>
  );

  return (
    <>
      <Section title="Custom roles" count={custom.length} actions={canManage && !creating && custom.length > 0 ? newRoleButton : null}>
        {creating ? (
          <div className={`p-4 sm:p-6 ${cardStyles}`}>
            <h3 className="mb-4 text-base font-semibold">New role</h3>
            <RoleForm
              initial={{ name: "", permissions: normalizePermissions({}) }}
              ownPermissions={ownPermissions}
              templates={roles.data}
              submitLabel="Create role"
              pendingLabel="Creating…"
              pending={create.isPending}
              error={create.isError ? create.error : null}
              onSubmit={(input) => create.mutate(input)}
              onCancel={() => setCreating(false)}
            />
          </div>
        ) : null}
        {custom.length === 0 && !creating ? (
          <EmptyState title="No custom roles yet" action={canManage ? newRoleButton : undefined}>
            {canManage
              ? "Create one when the built-in roles do not fit, for example read-only access to everything plus full access to docks."
              : "Custom roles grant a mix the built-in ones do not. An Owner or Admin can create them."}
          </EmptyState>
        ) : (
          <div className="space-y-3">
            {custom.map((role) => (
              <RoleCard key={role.id} orgId={orgId} role={role} isOwn={role.id === ownRoleId} manage={manage} />
            ))}
          </div>
        )}
      </Section>
      <Section title="Built-in roles" count={builtIn.length}>
        <p className="text-sm text-slate-600 dark:text-slate-400">Every organization has these; they cannot be changed or deleted.</p>
        <div className="space-y-3">
          {builtIn.map((role) => (
            <RoleCard key={role.id} orgId={orgId} role={role} isOwn={role.id === ownRoleId} manage={manage} />
          ))}
        </div>
      </Section>
    </>
  );
}
