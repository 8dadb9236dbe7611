import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId } from "react";
import type { Resource } from "../../../shared/resources";
import { resourceDetailQueryOptions, resourceListQueryOptions } from "../api/queries";
import { KIND_LABELS, attributesOf, formatMoney, formatValue } from "../lib/resource-kinds";
import { formatDateTime } from "../lib/format";
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

/** One resource in a drawer along the right edge; Escape closes it and focus returns to the row that opened it. */
export function ResourceDrawer({ orgId, resource, dockName, providerName, onClose }: ResourceDrawerProps) {
  const titleId = useId();
  const open = resource !== null;
  const detail = useQuery({ ...resourceDetailQueryOptions(orgId, resource?.id ?? ""), enabled: open });

  const shown = detail.data ?? resource;
  const common: Array<[string, React.ReactNode]> = shown
    ? [
        ["Status", <ResourceStatusBadge key="s" status={shown.status} providerStatus={shown.providerStatus} />],
        ["Kind", KIND_LABELS[shown.kind]],
        ["Provider", providerName(shown.provider)],
        ["Dock", dockName(shown.dockId)],
        ["Region", shown.region ?? "—"],
        ["Monthly cost", shown.monthlyCostCents !== null && shown.currency ? formatMoney(shown.monthlyCostCents, shown.currency) : "—"],
        ["External ID", <code key="e" className="font-mono text-xs">{shown.externalId}</code>],
        ["Created at provider", shown.createdAt ? formatDateTime(shown.createdAt) : "—"],
        ["First seen", formatDateTime(shown.firstSeenAt)],
        ["Last seen", <RelativeTime key="l" iso={shown.lastSeenAt} />],
        ...(shown.deletedAt ? ([["Deleted", formatDateTime(shown.deletedAt)]] as Array<[string, React.ReactNode]>) : []),
      ]
    : [];

  return (
    <Modal open={open} onOpenChange={(next) => !next && onClose()} layout="drawer">
      {shown ? (
        <div className="space-y-6 p-5">
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{KIND_LABELS[shown.kind]}</p>
              <ModalTitle className="text-lg font-semibold wrap-anywhere">
                {shown.name || shown.externalId}
              </ModalTitle>
            </div>
            <ModalClose className={buttonStyles.quiet} aria-label="Close details">
              ✕
            </ModalClose>
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

          {shown.kind === "domain" ? <DomainRecords orgId={orgId} domain={shown.name} headingId={`${titleId}-records`} /> : null}

          <section aria-labelledby={`${titleId}-timeline`}>
            <h3 id={`${titleId}-timeline`} className="mb-2 text-sm font-semibold">Changes</h3>
            {detail.isPending ? (
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
                      <span className="font-medium capitalize">{event.change}</span>{" "}
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
                            <span aria-label="changed to"> → </span>
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
      ) : null}
    </Modal>
  );
}

/** How many of a domain's records the drawer shows; the DNS records page has the rest. */
const DRAWER_RECORDS = 25;

/** A domain's DNS records, from whichever dock holds them: the first page, and the way to all of them. */
function DomainRecords({ orgId, domain, headingId }: { orgId: string; domain: string; headingId: string }) {
  const records = useInfiniteQuery(resourceListQueryOptions(orgId, "dns_record", { domain, sort: "name" }, DRAWER_RECORDS));
  const page = records.data?.pages[0];

  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className="mb-2 text-sm font-semibold">
        DNS records
      </h3>
      {records.isPending ? (
        <Skeleton label="Loading DNS records" lines={3} lineClassName="h-8" />
      ) : records.isError ? (
        <ErrorAlert error={records.error} />
      ) : !page || page.items.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No DNS records of {domain} have been synced.</p>
      ) : (
        <div className="space-y-2">
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
            {page.items.map((record) =>
              record.kind === "dns_record" ? (
                <li key={record.id} className="grid grid-cols-[3.5rem_minmax(0,1fr)] gap-x-3 px-3 py-2 text-sm">
                  <span className="font-mono text-xs leading-5 font-semibold text-slate-600 dark:text-slate-300">{record.attributes.type}</span>
                  <span className="min-w-0">
                    <span className="block font-medium wrap-anywhere text-slate-900 dark:text-slate-100">{record.attributes.recordName}</span>
                    <span className="block font-mono text-xs wrap-anywhere text-slate-600 dark:text-slate-400">
                      {record.attributes.data}
                      {record.attributes.ttl !== null ? <span className="text-slate-400 dark:text-slate-500"> · TTL {record.attributes.ttl}</span> : null}
                    </span>
                  </span>
                </li>
              ) : null,
            )}
          </ul>
          <p className="text-sm">
            {page.nextCursor ? <span className="text-slate-600 dark:text-slate-400">The first {page.items.length} by name. </span> : null}
            <Link to="/orgs/$orgId/resources/$kind" params={{ orgId, kind: "dns_record" }} search={{ domain }} className={linkStyles}>
              All DNS records of {domain}
              <span aria-hidden="true"> →</span>
            </Link>
          </p>
        </div>
      )}
    </section>
  );
}
