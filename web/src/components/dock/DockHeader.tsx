import { Link } from "@tanstack/react-router";
import type { Dock } from "../../../../shared/docks";
import { DockStatusBadge } from "../DockStatusBadge";
import { SyncNowButton } from "../SyncNowButton";
import { linkStyles } from "../styles";
import { DockNameEditor } from "./DockNameEditor";
import { PauseResumeButton } from "./PauseResumeButton";
import { SyncProgressLine } from "./SyncProgressLine";

interface DockHeaderProps {
  orgId: string;
  dock: Dock;
  providerName: string;
  canEdit: boolean;
}

/** Name, provider and live status, with the actions people reach for most. */
export function DockHeader({ orgId, dock, providerName, canEdit }: DockHeaderProps) {
  return (
    <header className="space-y-3">
      <Link to="/orgs/$orgId/docks" params={{ orgId }} className={`${linkStyles} text-sm`}>
        ← Docks
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1 basis-72 space-y-1.5">
          <DockNameEditor orgId={orgId} dock={dock} canEdit={canEdit} />
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
            <span>{providerName}</span>
            {/* Announced when it changes, e.g. a sync starting or failing while the page is open. */}
            <span role="status" className="inline-flex">
              <span className="sr-only">Status: </span>
              <DockStatusBadge status={dock.status} />
            </span>
            <SyncProgressLine orgId={orgId} dock={dock} />
          </div>
        </div>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-2">
            <SyncNowButton orgId={orgId} dock={dock} />
            <PauseResumeButton orgId={orgId} dock={dock} />
          </div>
        ) : null}
      </div>
    </header>
  );
}
