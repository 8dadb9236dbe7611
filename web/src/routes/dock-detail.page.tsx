import { useIsMutating, useQuery } from "@tanstack/react-query";
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect, useId, useRef } from "react";
import type { Dock } from "../../../shared/docks";
import { allows } from "../../../shared/permissions";
import { ApiError } from "../api/client";
import {
  DOCKS_POLL_MS,
  DOCKS_POLL_WHILE_LIVE_MS,
  dockQueryOptions,
  providersQueryOptions,
  useMembership,
} from "../api/queries";
import type { Membership } from "../api/queries";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageMessage } from "../components/PageMessage";
import { DisconnectDockSection, disconnectMutationKey } from "../components/dock/DisconnectDockSection";
import { DockConnectionFacts } from "../components/dock/DockConnectionFacts";
import { DockDetailSkeleton } from "../components/dock/DockDetailSkeleton";
import { DockFailureNotice } from "../components/dock/DockFailureNotice";
import { DockHeader } from "../components/dock/DockHeader";
import { DockKindsTable } from "../components/dock/DockKindsTable";
import { DockResourceLinks } from "../components/dock/DockResourceLinks";
import { DockScheduleFacts } from "../components/dock/DockScheduleFacts";
import { ReplaceCredentialsSection } from "../components/dock/ReplaceCredentialsSection";
import { skeletonBlock } from "../components/Skeleton";
import { SyncRunsSection } from "../components/dock/SyncRunsSection";
import { WebhookSection } from "../components/dock/WebhookSection";
import { useDockRemoved } from "../components/dock/use-dock-removed";
import { buttonStyles, cardStyles, helpStyles } from "../components/styles";
import { useLiveConnection } from "../live/stores";
import { dockDetailRoute } from "./dock-detail";

export function DockDetailPage() {
  const { orgId, dockId } = dockDetailRoute.useParams();
  const membership = useMembership(orgId);
  // The organization layout explains a missing membership; nothing to add here.
  if (!membership) return null;

  if (!allows(membership.role.permissions, "docks", "read")) return <NoDockAccess orgId={orgId} roleName={membership.role.name} />;
  // Keyed so another dock starts afresh: what was seen of this one must not describe that one.
  return <DockDetail key={dockId} orgId={orgId} dockId={dockId} membership={membership} />;
}

function DockDetail({ orgId, dockId, membership }: { orgId: string; dockId: string; membership: Membership }) {
  const permissions = membership.role.permissions;
  const canEdit = allows(permissions, "docks", "full");
  const live = useLiveConnection(orgId).state === "live";
  const removed = useDockRemoved(orgId, dockId);
  const disconnectingHere = useIsMutating({ mutationKey: disconnectMutationKey(orgId, dockId) }) > 0;
  const query = useQuery({
    ...dockQueryOptions(orgId, dockId),
    // Once the dock is gone, asking again would only turn "disconnected" into "not found".
    enabled: !removed,
    // Status changes arrive over the live channel while it is up; polling only stands in when it is not.
    refetchInterval: live ? DOCKS_POLL_WHILE_LIVE_MS : DOCKS_POLL_MS,
  });
  const providers = useQuery(providersQueryOptions);
  const resourcesHeadingId = useId();

  // The last state shown, so a dock that disappears can still be named.
  const lastSeen = useRef<Dock | null>(null);
  useEffect(() => {
    if (query.data) lastSeen.current = query.data;
  }, [query.data]);

  const status = query.error instanceof ApiError ? query.error.status : null;
  const seenBefore = lastSeen.current ?? query.data ?? null;

  if ((removed || status === 404) && disconnectingHere) {
    return (
      <p role="status" className="py-10 text-center text-sm text-slate-500 dark:text-slate-400">
        Disconnecting…
      </p>
    );
  }
  if (removed || (status === 404 && seenBefore)) {
    return <DockGone orgId={orgId} orgName={membership.orgName} name={seenBefore?.name ?? null} />;
  }
  if (status === 404) return <DockNotFound orgId={orgId} orgName={membership.orgName} />;
  // The role changed while the page was open (the session refresh that follows will say so everywhere).
  if (status === 403) return <NoDockAccess orgId={orgId} roleName={membership.role.name} />;
  if (query.isPending) return <DockDetailSkeleton />;
  if (!query.data) {
    return (
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const dock = query.data;
  const provider = providers.data?.items.find((p) => p.id === dock.provider);
  const providerName = provider?.name ?? dock.provider;

  return (
    <div className="space-y-6">
      <title>{`${dock.name} · Docks · ${membership.orgName} · EdgeDock`}</title>
      <DockHeader orgId={orgId} dock={dock} providerName={providerName} canEdit={canEdit} />
      {query.isRefetchError ? <ErrorAlert error={query.error} /> : null}
      {!canEdit ? <ReadOnlyNote roleName={membership.role.name} /> : null}
      <DockFailureNotice dock={dock} canEdit={canEdit} />

      <div className="grid gap-4 lg:grid-cols-2">
        <DockScheduleFacts orgId={orgId} dock={dock} canEdit={canEdit} defaultIntervalSeconds={provider?.defaultIntervalSeconds} />
        <DockConnectionFacts dock={dock} provider={provider} />
      </div>

      <section aria-labelledby={resourcesHeadingId} className={`space-y-3 p-4 ${cardStyles}`}>
        <h2 id={resourcesHeadingId} className="text-sm font-semibold text-slate-700 dark:text-slate-200">
          Resources from this dock
        </h2>
        {provider ? (
          <DockResourceLinks orgId={orgId} dock={dock} provider={provider} permissions={permissions} />
        ) : (
          <ProviderCatalogueState providers={providers} providerId={dock.provider} />
        )}
      </section>

      {/* Per kind: listed, failed (why) or needing a permission, and how old what is shown of it is. */}
      <DockKindsTable dock={dock} providerKinds={provider?.resourceKinds} />

      {/* Without the provider's catalogue entry these cannot be built; the resources card above says why. */}
      {canEdit && provider ? (
        <div className="grid items-start gap-4 lg:grid-cols-2">
          <ReplaceCredentialsSection
            orgId={orgId}
            dock={dock}
            provider={provider}
            customBaseUrlsAllowed={providers.data?.customBaseUrlsAllowed ?? false}
          />
          <WebhookSection orgId={orgId} dock={dock} provider={provider} />
        </div>
      ) : null}

      <SyncRunsSection orgId={orgId} dock={dock} live={live} canEdit={canEdit} />

      {/* Last, away from everyday controls: the one action here that cannot be undone. */}
      {canEdit ? (
        <DisconnectDockSection orgId={orgId} dock={dock} providerName={providerName} webhooks={provider?.webhooks ?? false} />
      ) : null}
    </div>
  );
}

/** What to show where the provider's catalogue entry is needed but missing: loading, failed, or no longer offered. */
function ProviderCatalogueState({ providers, providerId }: { providers: UseQueryResult<unknown>; providerId: string }) {
  if (providers.isPending) {
    return (
      <div role="status" aria-label="Loading provider details" className={`h-8 ${skeletonBlock}`} />
    );
  }
  if (providers.isError) {
    return (
      <ErrorAlert error={providers.error} onRetry={() => void providers.refetch()} />
    );
  }
  return (
    <p className={helpStyles}>
      This installation of EdgeDock no longer offers the provider “{providerId}”, so its credentials, webhook and resource
      kinds cannot be shown. The dock can still be disconnected.
    </p>
  );
}

function ReadOnlyNote({ roleName }: { roleName: string }) {
  return (
    <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-300">
      You are viewing this dock read-only. Your role ({roleName}) can read docks, but syncing, renaming, pausing, changing
      the interval, replacing credentials, the webhook and disconnecting need full access to docks. Ask an organization
      owner or admin if you need them.
    </p>
  );
}

function DockGone({ orgId, orgName, name }: { orgId: string; orgName: string; name: string | null }) {
  return (
    <PageMessage title="This dock was disconnected">
      <title>{`Dock disconnected · ${orgName} · EdgeDock`}</title>
      <p>
        {name ? `“${name}”` : "The dock you were looking at"} was disconnected while this page was open, in another tab
        or by someone else in {orgName}. Its resources and sync history are no longer in EdgeDock.
      </p>
      <BackToDocks orgId={orgId} />
    </PageMessage>
  );
}

function DockNotFound({ orgId, orgName }: { orgId: string; orgName: string }) {
  return (
    <PageMessage title="Dock not found">
      <title>{`Dock not found · ${orgName} · EdgeDock`}</title>
      <p>{orgName} has no dock at this address. It may have been disconnected, or the link is incomplete.</p>
      <BackToDocks orgId={orgId} />
    </PageMessage>
  );
}

function NoDockAccess({ orgId, roleName }: { orgId: string; roleName: string }) {
  return (
    <PageMessage title="You cannot see docks">
      <title>Dock · EdgeDock</title>
      <p>
        Your role ({roleName}) has no access to docks; this page needs at least read access to docks. Ask an organization
        owner or admin to change your role.
      </p>
      <Link to="/orgs/$orgId/overview" params={{ orgId }} className={buttonStyles.secondary}>
        Go to the overview
      </Link>
    </PageMessage>
  );
}

function BackToDocks({ orgId }: { orgId: string }) {
  return (
    <Link to="/orgs/$orgId/docks" params={{ orgId }} className={buttonStyles.secondary}>
      Back to docks
    </Link>
  );
}
