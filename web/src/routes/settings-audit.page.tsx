import { useInfiniteQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useMemo, useRef } from "react";
import type { ReactNode } from "react";
import { allows } from "../../../shared/permissions";
import { ApiError } from "../api/client";
import { membersQueryOptions, useMembership } from "../api/queries";
import { auditListQueryOptions } from "../api/settings-queries";
import type { AuditSearch } from "../api/settings-queries";
import { Alert, ErrorAlert } from "../components/ErrorAlert";
import { AuditExportButton } from "../components/settings/AuditExportButton";
import { AuditFilters } from "../components/settings/AuditFilters";
import { AuditTable } from "../components/settings/AuditTable";
import { EmptyState } from "../components/settings/EmptyState";
import { LoadMoreButton } from "../components/settings/LoadMoreButton";
import { NoAccess } from "../components/settings/NoAccess";
import { Skeleton } from "../components/Skeleton";
import { buttonStyles } from "../components/styles";
import { formatCount } from "../lib/format";
import { auditRoute } from "./settings-audit";

export function AuditPage() {
  const { orgId } = auditRoute.useParams();
  const membership = useMembership(orgId);
  if (!membership) return null;
  const permissions = membership.role.permissions;
  const canRead = allows(permissions, "audit", "read");
  const noAccess = <NoAccess what="see the audit log" area="audit" level="read" roleName={membership.role.name} orgName={membership.orgName} />;

  return (
    <div className="space-y-6">
      <title>{`Audit log · Settings · ${membership.orgName} · EdgeDock`}</title>
      {canRead ? (
        <AuditLog orgId={orgId} orgName={membership.orgName} canListMembers={allows(permissions, "members", "read")} noAccess={noAccess} />
      ) : (
        <>
          <AuditHeading orgName={membership.orgName} />
          {noAccess}
        </>
      )}
    </div>
  );
}

/** The export button comes only with the log itself; without the log there is nothing to select either. */
function AuditHeading({ orgName, exportButton }: { orgName: string; exportButton?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 max-w-prose text-sm text-slate-600 dark:text-slate-400">
          Who did what in {orgName}, newest first: changes, sign-ins to it, refused attempts and the sync engine's own work.
          {exportButton ? " Select a name, action or target to see only those entries." : ""}
        </p>
      </div>
      {exportButton}
    </div>
  );
}

interface AuditLogProps {
  orgId: string;
  orgName: string;
  canListMembers: boolean;
  noAccess: ReactNode;
}

function AuditLog({ orgId, orgName, canListMembers, noAccess }: AuditLogProps) {
  const filters = auditRoute.useSearch();
  const navigate = useNavigate({ from: auditRoute.fullPath });
  const log = useInfiniteQuery(auditListQueryOptions(orgId, filters));
  // Only to suggest actors in the filter.
  const members = useInfiniteQuery({ ...membersQueryOptions(orgId), enabled: canListMembers });
  const memberOptions = useMemo(() => members.data?.pages.flatMap((p) => p.items.map((m) => ({ id: m.userId, name: m.name }))) ?? [], [members.data]);

  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const filtered = Object.values(filters).some(Boolean);
  const setFilter = (patch: Partial<AuditSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const clear = () => void navigate({ search: {}, replace: true });
  const reversedRange = filters.from !== undefined && filters.to !== undefined && filters.from > filters.to;

  // The next page loads as the end of the list scrolls into view; the button below does the same by hand.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = log;
  // biome-ignore lint/correctness/useExhaustiveDependencies: entries.length re-observes after a page lands, so a sentinel still in view asks for the next one.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || isFetchingNextPage || isFetchNextPageError) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting)) void fetchNextPage();
    }, { rootMargin: "400px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, entries.length]);

  const forbidden = log.error instanceof ApiError && log.error.status === 403;

  return (
    <>
      <AuditHeading orgName={orgName} exportButton={<AuditExportButton orgId={orgId} filters={filters} filtered={filtered} />} />
      <AuditFilters filters={filters} onChange={setFilter} onClear={clear} members={memberOptions} />
      {reversedRange ? (
        <Alert>The “From” date is after the “To” date, so no entry can match. Change one of them.</Alert>
      ) : null}
      {log.isPending ? (
        <Skeleton label="Loading the audit log" lines={8} lineClassName="h-9" card />
      ) : forbidden ? (
        noAccess
      ) : log.isError && !log.data ? (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No entries match these filters"
            action={
              <button type="button" className={buttonStyles.secondary} onClick={clear}>
                Clear filters
              </button>
            }
          >
            Widen the dates or remove a filter to see more.
          </EmptyState>
        ) : (
          <EmptyState title="Nothing recorded yet">
            Entries appear here as members change things in {orgName}, sign in to it, or are refused something.
          </EmptyState>
        )
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {formatCount(entries.length, "entry", "entries")} {hasNextPage ? "loaded, more load as you scroll" : filtered ? "match" : "in total"}.
          </p>
          <AuditTable entries={entries} onFilter={setFilter} />
          <div ref={sentinel} />
          <LoadMoreButton query={log} label="Load older entries" />
        </div>
      )}
    </>
  );
}
