import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { allows } from "../../../shared/permissions";
import { providersQueryOptions, useMembership } from "../api/queries";
import { ConnectProviderForm } from "../components/ConnectProviderForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageMessage } from "../components/PageMessage";
import { ProviderPicker } from "../components/ProviderPicker";
import { Skeleton } from "../components/Skeleton";
import { buttonStyles, cardStyles, linkStyles } from "../components/styles";
import { newDockRoute } from "./new-dock";

export function NewDockPage() {
  const { orgId } = newDockRoute.useParams();
  const membership = useMembership(orgId);

  if (!membership || !allows(membership.role.permissions, "docks", "full")) {
    return (
      <PageMessage title="You cannot connect providers">
        <title>Connect a provider · EdgeDock</title>
        <p>
          Your role ({membership?.role.name ?? "none"}) does not have full access to docks. Ask an organization owner or
          admin to connect the provider, or to change your role.
        </p>
        <Link to="/orgs/$orgId/docks" params={{ orgId }} className={buttonStyles.secondary}>
          Back to docks
        </Link>
      </PageMessage>
    );
  }

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <title>{`Connect a provider · ${membership.orgName} · EdgeDock`}</title>
      <div>
        <Link to="/orgs/$orgId/docks" params={{ orgId }} className={`${linkStyles} text-sm`}>
          ← Docks
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Connect a provider</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          EdgeDock checks the credentials with the provider, stores them encrypted and starts syncing.
        </p>
      </div>
      <div className={`space-y-6 p-4 sm:p-6 ${cardStyles}`}>
        <ProviderCatalogue orgId={orgId} />
      </div>
    </div>
  );
}

function ProviderCatalogue({ orgId }: { orgId: string }) {
  const providers = useQuery(providersQueryOptions);
  const [pickedId, setPickedId] = useState<string | undefined>(undefined);

  if (providers.isPending) {
    return <Skeleton label="Loading providers" lines={4} />;
  }
  if (providers.isError) {
    return (
      <ErrorAlert error={providers.error} onRetry={() => void providers.refetch()} />
    );
  }

  const { items, customBaseUrlsAllowed } = providers.data;
  if (items.length === 0) {
    return <p className="text-sm">No providers are enabled on this EdgeDock installation.</p>;
  }
  // With a single provider there is nothing to choose.
  const selected = items.find((p) => p.id === pickedId) ?? (items.length === 1 ? items[0] : undefined);

  return (
    <>
      {items.length > 1 ? <ProviderPicker providers={items} selectedId={selected?.id} onSelect={setPickedId} /> : null}
      {selected ? (
        <ConnectProviderForm
          key={selected.id}
          orgId={orgId}
          provider={selected}
          customBaseUrlsAllowed={customBaseUrlsAllowed}
        />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Choose a provider to see which credentials it needs.</p>
      )}
    </>
  );
}
