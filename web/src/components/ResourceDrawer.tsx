import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { formatCell } from "../../../shared/kinds/columns";
import { childKindsOf } from "../../../shared/resources";
import type { Resource, ResourceKind } from "../../../shared/resources";
import { resourceDetailQueryOptions, resourceListQueryOptions, useMembership } from "../api/queries";
import { KIND_LABELS, KIND_SINGULAR, attributeColumns, attributesOf, canReadKind, formatMoney, formatValue } from "../lib/resource-kinds";
import { formatDateTime } from "../lib/format";
import { changeWord } from "./activity/event-text";
import { ErrorAlert } from "./ErrorAlert";
import { Modal, ModalClose, ModalTitle } from "./Modal";
import { RelativeTime } from "./RelativeTime";
import { ResourceStatusBadge } from "./ResourceStatusBadge";
import { buttonStyles, linkStyles } from "./styles";
import { Skeleton } from "./Skeleton";

interface ResourceDrawerProps {
  orgId: string;
  /** The row the drawer opened from; shown at once while the detail (with its timeline) loads. */
  resource: Resource | null;
  dockName: (dockId: string) => string;
  providerName: (provider: string) => string;
  onClose: () => void;
}

const dtClass = "text-xs font-medium text-slate-500 dark:text-slate-400";
const ddClass = "text-sm wrap-anywhere text-slate-900 dark:text-slate-100";
const inlineLinkStyles = `${linkStyles} text-left wrap-anywhere`;

/** One resource in a drawer along the right edge; Escape closes it and focus returns to the row that opened it. */
export function ResourceDrawer({ orgId, resource, dockName, providerName, onClose }: ResourceDrawerProps) {
  return (
    <Modal open={resource !== null} onOpenChange={(next) => !next && onClose()} layout="drawer">
      {/* Keyed by the row, so a drawer opened from another row starts without the resources visited before. */}
      {resource ? <DrawerBody key={resource.id} orgId={orgId} start={resource} dockName={dockName} providerName={providerName} /> : null}
    </Modal>
  );
}

interface DrawerBodyProps {
  orgId: string;
  start: Resource;
  dockName: (dockId: string) => string;
  providerName: (provider: string) => string;
}

/**
 * The drawer's content. A parent or a child opened from it replaces what is shown (the resource stays in its
 * list behind the drawer), and Back returns along the way taken.
 */
function DrawerBody({ orgId, start, dockName, providerName }: DrawerBodyProps) {
  const titleId = useId();
  const [trail, setTrail] = useState<string[]>([]);
  const currentId = trail.at(-1) ?? start.id;
  // The resource being left stays on screen (dimmed) until the next one has loaded.
  const detail = useQuery({ ...resourceDetailQueryOptions(orgId, currentId), placeholderData: keepPreviousData });
  const openResource = (id: string) => setTrail((t) => [...t, id]);

  const shown: Resource = detail.data ?? start;
  const common: Array<[string, React.ReactNode]> = [
    ["Status", <ResourceStatusBadge key="s" status={shown.status} providerStatus={shown.providerStatus} />],
    ["Kind", KIND_SINGULAR[shown.kind]],
    ...(shown.parentId ? ([["Belongs to", <ParentLink key="p" orgId={orgId} parentId={shown.parentId} onOpen={openResource} />]] as Array<[string, React.ReactNode]>) : []),
    ["Provider", providerName(shown.provider)],
    ["Dock", dockName(shown.dockId)],
    ["Region", shown.region ?? "—"],
    ["Monthly cost", shown.monthlyCostCents !== null && shown.currency ? formatMoney(shown.monthlyCostCents, shown.currency) : "—"],
    ["External ID", <code key="e" className="font-mono text-xs">{shown.externalId}</code>],
    ["Created at provider", shown.createdAt ? formatDateTime(shown.createdAt) : "—"],
    ["First seen", formatDateTime(shown.firstSeenAt)],
    ["Last seen", <RelativeTime key="l" iso={shown.lastSeenAt} />],
    ...(shown.deletedAt ? ([["Deleted", formatDateTime(shown.deletedAt)]] as Array<[string, React.ReactNode]>) : []),
  ];

  return (
    <div className={`space-y-6 p-5 ${detail.isPlaceholderData ? "opacity-60 transition-opacity" : ""}`} aria-busy={detail.isPlaceholderData}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{KIND_SINGULAR[shown.kind]}</p>
          <ModalTitle className="text-lg font-semibold wrap-anywhere">
            {shown.name || shown.externalId}
          </ModalTitle>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {trail.length > 0 ? (
            <button type="button" className={buttonStyles.quiet} onClick={() => setTrail((t) => t.slice(0, -1))}>
              <span aria-hidden="true">←</span> Back
            </button>
          ) : null}
          <ModalClose className={buttonStyles.quiet} aria-label="Close details">
            ✕
          </ModalClose>
        </div>
      </div>
      {shown.url ? (
        <p>
          <a href={shown.url} target="_blank" rel="noreferrer noopener" className={linkStyles}>
            Open in {providerName(shown.provider)} <span aria-hidden="true">↗</span>
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        </p>
      ) : null}

      <section aria-labelledby={`${titleId}-common`}>
        <h3 id={`${titleId}-common`} className="mb-2 text-sm font-semibold">Details</h3>
        <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2">
          {common.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className={dtClass}>{term}</dt>
              <dd className={ddClass}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby={`${titleId}-attrs`}>
        <h3 id={`${titleId}-attrs`} className="mb-2 text-sm font-semibold">Attributes</h3>
        <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2">
          {Object.entries(attributesOf(shown)).map(([key, value]) => (
            <div key={key} className="contents">
              <dt className={dtClass}>{key}</dt>
              <dd className={ddClass}>{formatValue(value)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <Children orgId={orgId} parent={shown} headingId={`${titleId}-children`} onOpen={openResource} />

          <section aria-labelledby={`${titleId}-timeline`}>
            <h3 id={`${titleId}-timeline`} className="mb-2 text-sm font-semibold">Changes</h3>
            {detail.isPending || detail.isPlaceholderData ? (
              <Skeleton label="Loading changes" lines={3} lineClassName="h-10" />
            ) : detail.isError ? (
              <ErrorAlert error={detail.error} />
            ) : detail.data.events.length === 0 ? (
              <p className="text-sm text-slate-500 dark:text-slate-400">No changes recorded yet.</p>
            ) : (
              <ol className="space-y-3 border-l border-slate-200 pl-4 dark:border-slate-700">
                {detail.data.events.map((event) => (
                  <li key={event.id} className="space-y-1">
                    <p className="text-sm">
                      <span className="font-medium">{changeWord(shown.kind, event.change)}</span>{" "}
                      <span className="text-slate-500 dark:text-slate-400">
                        <RelativeTime iso={event.at} />
                      </span>
                    </p>
                    {event.diff.length > 0 ? (
                      <ul className="space-y-0.5 text-xs">
                        {event.diff.map((change) => (
                          <li key={change.field} className="wrap-anywhere">
                            <code className="font-mono text-slate-600 dark:text-slate-300">{change.field}</code>:{" "}
                            <del className="text-red-700 dark:text-red-300">{formatValue(change.before)}</del>
                            <span className="sr-only"> changed to </span>
                            <span aria-hidden="true"> → </span>
                            <ins className="text-emerald-700 no-underline dark:text-emerald-300">{formatValue(change.after)}</ins>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
    </div>
  );
}

/** The parent's kind and name, as a link that opens it in the drawer. */
function ParentLink({ orgId, parentId, onOpen }: { orgId: string; parentId: string; onOpen: (id: string) => void }) {
  const parent = useQuery(resourceDetailQueryOptions(orgId, parentId));
  if (parent.isError) return <span className="text-slate-500 dark:text-slate-400">Not available</span>;
  if (!parent.data) return <span className="text-slate-500 dark:text-slate-400">Loading…</span>;
  return (
    <button type="button" className={inlineLinkStyles} onClick={() => onOpen(parentId)}>
      {KIND_SINGULAR[parent.data.kind]} {parent.data.name || parent.data.externalId}
    </button>
  );
}

/** How many of each kind of children the drawer shows; the kind's page, filtered to the parent, has the rest. */
const DRAWER_CHILDREN = 25;

/** What belongs to the resource, one section per child kind the role may read (a domain's DNS records). */
function Children({ orgId, parent, headingId, onOpen }: { orgId: string; parent: Resource; headingId: string; onOpen: (id: string) => void }) {
  const membership = useMembership(orgId);
  const kinds = childKindsOf(parent.kind).filter((kind) => membership && canReadKind(membership.role.permissions, kind));
  return (
    <>
      {kinds.map((kind) => (
        <ChildList key={kind} orgId={orgId} parent={parent} kind={kind} headingId={`${headingId}-${kind}`} onOpen={onOpen} />
      ))}
    </>
  );
}

function ChildList({ orgId, parent, kind, headingId, onOpen }: { orgId: string; parent: Resource; kind: ResourceKind; headingId: string; onOpen: (id: string) => void }) {
  const children = useInfiniteQuery(resourceListQueryOptions(orgId, kind, { parentId: parent.id, sort: "name" }, DRAWER_CHILDREN));
  const page = children.data?.pages[0];
  const parentName = parent.name || parent.externalId;
  const label = KIND_LABELS[kind];

  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className="mb-2 text-sm font-semibold">
        {label}
      </h3>
      {children.isPending ? (
        <Skeleton label={`Loading ${label.toLowerCase()}`} lines={3} lineClassName="h-8" />
      ) : children.isError ? (
        <ErrorAlert error={children.error} />
      ) : !page || page.items.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No {label.toLowerCase()} of {parentName} have been synced.
        </p>
      ) : (
        <div className="space-y-2">
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
            {page.items.map((child) => (
              <li key={child.id} className="px-3 py-2 text-sm">
                <button type="button" className={`block font-medium ${inlineLinkStyles}`} onClick={() => onOpen(child.id)}>
                  {child.name || child.externalId}
                </button>
                <span className="block font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">{columnSummary(child)}</span>
              </li>
            ))}
          </ul>
          <p className="text-sm">
            {page.nextCursor ? <span className="text-slate-600 dark:text-slate-400">The first {page.items.length} by name. </span> : null}
            <Link to="/orgs/$orgId/resources/$kind" params={{ orgId, kind }} search={{ parentId: parent.id }} className={linkStyles}>
              All {label.toLowerCase()} of {parentName}
              <span aria-hidden="true"> →</span>
            </Link>
          </p>
        </div>
      )}
    </section>
  );
}

/** A child's declared columns in one line ("A · 203.0.113.1"), the way its table would show them. */
function columnSummary(resource: Resource): string {
  const attributes = attributesOf(resource);
  return attributeColumns(resource.kind)
    .map((column) => formatCell(column, attributes[column.key]))
    .filter((text): text is string => text !== null)
    .join(" · ");
}
