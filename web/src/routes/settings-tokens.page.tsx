import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { allows } from "../../../shared/permissions";
import type { Permissions } from "../../../shared/permissions";
import { membersQueryOptions, rolesQueryOptions, useMe, useMembership } from "../api/queries";
import { tokensQueryOptions } from "../api/settings-queries";
import type { CreatedApiToken } from "../api/settings-queries";
import { CreatedToken } from "../components/settings/CreatedToken";
import { EmptyState } from "../components/settings/EmptyState";
import { LoadMoreButton } from "../components/settings/LoadMoreButton";
import { NoAccess } from "../components/settings/NoAccess";
import { ErrorAlert } from "../components/ErrorAlert";
import { Section } from "../components/settings/Section";
import { Skeleton } from "../components/Skeleton";
import { TokenForm } from "../components/settings/TokenForm";
import { TokenTable } from "../components/settings/TokenTable";
import { TokenUsage } from "../components/settings/TokenUsage";
import { cardStyles } from "../components/styles";
import { canGrant } from "../lib/roles";
import { tokensRoute } from "./settings-tokens";

export function TokensPage() {
  const { orgId } = tokensRoute.useParams();
  const me = useMe();
  const membership = useMembership(orgId);
  if (!me || !membership) return null;
  const permissions = membership.role.permissions;
  const canUse = allows(permissions, "organization", "read");
  const seesEveryone = allows(permissions, "members", "full");

  return (
    <div className="max-w-4xl space-y-8">
      <title>{`API tokens · Settings · ${membership.orgName} · EdgeDock`}</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Personal tokens for scripts and CI to use the EdgeDock API of {membership.orgName} on your behalf.
          {seesEveryone ? " Your role has full access to members, so you see and can revoke everyone's tokens here." : ""}
        </p>
      </div>
      {canUse ? (
        <TokenSections
          orgId={orgId}
          currentUserId={me.user.id}
          ownRoleName={membership.role.name}
          ownPermissions={permissions}
          canListRoles={allows(permissions, "members", "read")}
          seesEveryone={seesEveryone}
        />
      ) : (
        <NoAccess what="use API tokens here" area="organization" level="read" roleName={membership.role.name} orgName={membership.orgName} />
      )}
    </div>
  );
}

interface TokenSectionsProps {
  orgId: string;
  currentUserId: string;
  ownRoleName: string;
  ownPermissions: Permissions;
  canListRoles: boolean;
  seesEveryone: boolean;
}

function TokenSections({ orgId, currentUserId, ownRoleName, ownPermissions, canListRoles, seesEveryone }: TokenSectionsProps) {
  const tokens = useInfiniteQuery(tokensQueryOptions(orgId));
  // Limiting a token to a role needs the list of roles; without it a token simply gets the creator's access.
  const roles = useQuery({ ...rolesQueryOptions(orgId), enabled: canListRoles });
  // Only to name the owners of other people's tokens.
  const members = useInfiniteQuery({ ...membersQueryOptions(orgId), enabled: seesEveryone });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const items = tokens.data?.pages.flatMap((page) => page.items) ?? [];
  const ownerNames = useMemo(
    () => (seesEveryone ? new Map(members.data?.pages.flatMap((page) => page.items.map((m) => [m.userId, m.name] as const)) ?? []) : null),
    [seesEveryone, members.data],
  );
  // A failed roles load still leaves "same as yours", which needs no role list.
  const grantableRoles = !canListRoles ? null : (roles.data ?? []).filter((role) => canGrant(role, ownPermissions));

  return (
    <>
      <Section title="Create a token">
        <div className={`space-y-5 p-4 sm:p-6 ${cardStyles}`}>
          {canListRoles && roles.isError ? (
            <ErrorAlert error={roles.error} onRetry={() => void roles.refetch()} />
          ) : null}
          {canListRoles && roles.isPending ? (
            <Skeleton label="Loading roles" lines={2} lineClassName="h-14" card />
          ) : (
            <TokenForm orgId={orgId} ownRoleName={ownRoleName} grantableRoles={grantableRoles} onCreated={setCreated} />
          )}
          {created ? <CreatedToken key={created.id} token={created} orgId={orgId} onDone={() => setCreated(null)} /> : null}
        </div>
      </Section>

      <Section title={seesEveryone ? "Tokens" : "Your tokens"} count={tokens.hasNextPage ? undefined : items.length}>
        {tokens.isPending ? (
          <Skeleton label="Loading API tokens" lines={3} card />
        ) : tokens.isError && !tokens.data ? (
          <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title="No API tokens yet">
            Create one above for a script or CI job. Give each use its own token, so one can be revoked without breaking the others.
          </EmptyState>
        ) : (
          <>
            <TokenTable orgId={orgId} tokens={items} currentUserId={currentUserId} ownerNames={ownerNames} />
            <LoadMoreButton query={tokens} label="Load more tokens" />
          </>
        )}
      </Section>

      <Section title="Using a token">
        <div className={`p-4 sm:p-6 ${cardStyles}`}>
          <TokenUsage orgId={orgId} />
        </div>
      </Section>
    </>
  );
}
