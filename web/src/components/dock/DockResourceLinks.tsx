import { Link } from "@tanstack/react-router";
import type { Dock } from "../../../../shared/docks";
import type { Provider } from "../../../../shared/api";
import type { Permissions } from "../../../../shared/permissions";
import { KIND_LABELS, canReadKind, isResourceKind } from "../../lib/resource-kinds";
import { buttonStyles } from "../styles";

interface DockResourceLinksProps {
  orgId: string;
  dock: Dock;
  provider: Provider;
  permissions: Permissions;
}

/** One link per kind the provider syncs, each opening that kind's list filtered to this dock. */
export function DockResourceLinks({ orgId, dock, provider, permissions }: DockResourceLinksProps) {
  const kinds = provider.resourceKinds.filter(isResourceKind);
  const readable = kinds.filter((kind) => canReadKind(permissions, kind));

  if (kinds.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{provider.name} syncs no resources yet.</p>;
  if (readable.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Your role cannot read the resources {provider.name} syncs. Ask an organization owner or admin for read access to
        resources.
      </p>
    );
  }
  return (
    <ul className="flex flex-wrap gap-2" aria-label={`Resources synced from ${dock.name}`}>
      {readable.map((kind) => (
        <li key={kind}>
          <Link
            to="/orgs/$orgId/resources/$kind"
            params={{ orgId, kind }}
            search={{ dockId: dock.id }}
            className={`${buttonStyles.secondary} px-2.5 py-1.5 text-xs`}
          >
            {KIND_LABELS[kind]}
          </Link>
        </li>
      ))}
    </ul>
  );
}
