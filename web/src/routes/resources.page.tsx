import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { ColumnDef, OnChangeFn, SortingState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { formatCell } from "../../../shared/kinds/columns";
import { parentKindsOf, RESOURCE_STATUSES } from "../../../shared/resources";
import type { Resource, ResourceKind } from "../../../shared/resources";
import { ApiError } from "../api/client";
import { docksQueryOptions, providersQueryOptions, resourceDetailQueryOptions, resourceListQueryOptions, useMembership } from "../api/queries";
import type { ResourceFilters } from "../api/queries";
import { Alert, ErrorAlert } from "../components/ErrorAlert";
import { RelativeTime } from "../components/RelativeTime";
import { ResourceDrawer } from "../components/ResourceDrawer";
import { ResourceStatusBadge, statusLabel } from "../components/ResourceStatusBadge";
import { buttonStyles, cardStyles, inputStyles, labelStyles, selectStyles } from "../components/styles";
import { formatCount } from "../lib/format";
import { DEFAULT_SORT, KIND_LABELS, KIND_SINGULAR, areaOfKind, attributeColumns, attributesOf, canReadKind, describeSort, formatMoney, isResourceSort } from "../lib/resource-kinds";
import { listFiltersFor, resourcesRoute } from "./resources";
import { Skeleton } from "../components/Skeleton";

const ROW_HEIGHT = 44;
/** Start loading the next page this many rows before the end of the loaded ones. */
const PREFETCH_ROWS = 40;

export function ResourcesPage() {
  const params = resourcesRoute.useParams();
  const kind = params.kind as ResourceKind; // checked in beforeLoad
  const { orgId } = params;
  const membership = useMembership(orgId);
  const label = KIND_LABELS[kind];
  const allowed = membership ? canReadKind(membership.role.permissions, kind) : false;

  return (
    <div className="space-y-4">
      <title>{`${label} · ${membership?.orgName ?? "Organization"} · EdgeDock`}</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{label}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {label} from every connected provider, kept current as docks sync.
        </p>
      </div>
      {allowed ? (
        // Keyed by kind so the open drawer and the scroll position start afresh on another kind.
        <ResourceList key={kind} orgId={orgId} kind={kind} />
      ) : (
        <NoAccess kind={kind} roleName={membership?.role.name} />
      )}
    </div>
  );
}

function NoAccess({ kind, roleName }: { kind: ResourceKind; roleName?: string }) {
  const area = areaOfKind(kind);
  return (
    <Alert>
      <p className="font-medium">Your role cannot see {KIND_LABELS[kind].toLowerCase()}</p>
      <p>
        {KIND_LABELS[kind]} need “{area}: read” access{roleName ? `, which your role (${roleName}) does not have` : ""}. Ask an
        organization owner or admin for a role that includes it.
      </p>
    </Alert>
  );
}

/** Filters proper, as opposed to the sort: what "Clear filters" clears and an empty result blames. */
const FILTER_KEYS = ["provider", "dockId", "status", "region", "parentId", "q"] as const satisfies ReadonlyArray<keyof ResourceFilters>;

/**
 * A new sort or filter replaces the URL, and the page stays where it is: the router's scroll restoration would
 * otherwise carry the table's old scroll position over to the new list, after the list has reset it to the top.
 */
const LIST_CHANGE = { replace: true, resetScroll: false } as const;

/** Sorts whose first press shows the largest or newest first, as people mostly want of costs and dates. */
const DESC_FIRST: ReadonlySet<string> = new Set(["cost", "created"]);

/** Only the columns the API can order by are sortable; costs and dates start with the largest or newest. */
function withSorting(columns: ColumnDef<Resource>[]): ColumnDef<Resource>[] {
  return columns.map((column) => {
    const id = column.id ?? "";
    return { ...column, enableSorting: isResourceSort(id), sortDescFirst: DESC_FIRST.has(id) };
  });
}

function ResourceList({ orgId, kind }: { orgId: string; kind: ResourceKind }) {
  const search = resourcesRoute.useSearch();
  const filters = useMemo(() => listFiltersFor(kind, search), [kind, search]);
  const navigate = useNavigate({ from: resourcesRoute.fullPath });
  // Through another sort or filter the table keeps its rows (dimmed) until the new first page arrives, so the
  // header just pressed keeps its focus rather than vanishing into a loading skeleton.
  const list = useInfiniteQuery({ ...resourceListQueryOptions(orgId, kind, filters), placeholderData: keepPreviousData });
  const docks = useInfiniteQuery(docksQueryOptions(orgId));
  const providers = useQuery(providersQueryOptions);
  const [selected, setSelected] = useState<Resource | null>(null);

  // The API sorts the whole list; the table only shows which sort is on and asks for another. Without one in
  // the URL the list is by name (the API's default), and the Name header says so.
  const sort = filters.sort ?? DEFAULT_SORT;
  const order = filters.order ?? "asc";
  const sorting = useMemo<SortingState>(() => [{ id: sort, desc: order === "desc" }], [sort, order]);
  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const next = (typeof updater === "function" ? updater(sorting) : updater)[0];
    const sort = next && isResourceSort(next.id) ? next.id : undefined;
    void navigate({ search: (prev) => ({ ...prev, sort, order: sort ? (next?.desc ? "desc" : "asc") : undefined }), ...LIST_CHANGE });
  };

  const dockItems = useMemo(() => docks.data?.pages.flatMap((p) => p.items) ?? [], [docks.data]);
  const dockNames = useMemo(() => new Map(dockItems.map((d) => [d.id, d.name])), [dockItems]);
  const providerNames = useMemo(() => new Map(providers.data?.items.map((p) => [p.id, p.name])), [providers.data]);
  const dockName = (id: string) => dockNames.get(id) ?? id;
  const providerName = (id: string) => providerNames.get(id) ?? id;

  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const setFilter = (patch: Partial<ResourceFilters>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), ...LIST_CHANGE });
  const hasFilters = FILTER_KEYS.some((key) => Boolean(filters[key]));

  const columns = useMemo<ColumnDef<Resource>[]>(
    () =>
      withSorting([
        {
          id: "name",
          header: "Name",
          accessorFn: (r) => r.name || r.externalId,
          cell: (c) => <span className="font-medium text-slate-900 dark:text-slate-100">{c.getValue<string>()}</span>,
          size: 220,
        },
        {
          id: "status",
          header: "Status",
          accessorFn: (r) => r.status,
          cell: (c) => <ResourceStatusBadge status={c.row.original.status} providerStatus={c.row.original.providerStatus} />,
          size: 170,
        },
        { id: "provider", header: "Provider", accessorFn: (r) => providerNames.get(r.provider) ?? r.provider, size: 120 },
        { id: "dock", header: "Dock", accessorFn: (r) => dockNames.get(r.dockId) ?? r.dockId, size: 140 },
        { id: "region", header: "Region", accessorFn: (r) => r.region ?? "—", size: 100 },
        // The kind's declared columns: each names an attribute and how to show it, so no kind needs code here.
        ...attributeColumns(kind).map(
          (col): ColumnDef<Resource> => ({
            id: `attr_${col.key}`,
            header: col.header,
            accessorFn: (r) => attributesOf(r)[col.key],
            cell: (c) => {
              const value = c.getValue<unknown>();
              if (col.format === "date" && typeof value === "string" && !Number.isNaN(Date.parse(value))) return <RelativeTime iso={value} />;
              return formatCell(col, value) ?? "—";
            },
            size: 140,
          }),
        ),
        {
          id: "cost",
          header: "Monthly cost",
          accessorFn: (r) => r.monthlyCostCents,
          cell: (c) => {
            const r = c.row.original;
            return r.monthlyCostCents !== null && r.currency ? formatMoney(r.monthlyCostCents, r.currency) : "—";
          },
          size: 130,
        },
        {
          id: "created",
          header: "Created",
          accessorFn: (r) => r.createdAt,
          cell: (c) => {
            const created = c.row.original.createdAt;
            return created ? <RelativeTime iso={created} /> : "—";
          },
          size: 120,
        },
        {
          // Not sortable: for a live resource it is when its dock last listed it, which no index can order.
          id: "lastSeen",
          header: "Last seen",
          accessorFn: (r) => r.lastSeenAt,
          cell: (c) => <RelativeTime iso={c.row.original.lastSeenAt} />,
          size: 120,
        },
      ]),
    [kind, dockNames, providerNames],
  );

  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableMultiSort: false,
    // There is always an order (by name when none is chosen), so a header toggles between its two directions.
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
  });
  const tableRows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError, isPlaceholderData } = list;
  useEffect(() => {
    // The rows of the previous sort or filter, shown while the new list loads, are not to be continued.
    if (isPlaceholderData) return;
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError && lastIndex >= tableRows.length - PREFETCH_ROWS) {
      void fetchNextPage();
    }
  }, [lastIndex, tableRows.length, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, isPlaceholderData]);

  // Another sort or filter is another list: it starts from its first row.
  const listIdentity = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: listIdentity is the trigger: the effect runs when the list changes, not on what it reads.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [listIdentity]);

  const regions = useMemo(() => {
    const set = new Set(rows.map((r) => r.region).filter((r): r is string => !!r));
    if (filters.region) set.add(filters.region);
    return [...set].sort();
  }, [rows, filters.region]);
  const providerIds = useMemo(() => {
    const set = new Set(dockItems.map((d) => d.provider));
    if (filters.provider) set.add(filters.provider);
    return [...set].sort();
  }, [dockItems, filters.provider]);

  // The kinds a resource of this kind may belong to, among those the role may read: what the parent filter offers.
  const membership = useMembership(orgId);
  const parentKinds = useMemo(
    () => (membership ? parentKindsOf(kind).filter((k) => canReadKind(membership.role.permissions, k)) : []),
    [kind, membership],
  );

  const forbidden = list.error instanceof ApiError && list.error.status === 403;
  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);
  const totalWidth = table.getTotalSize();

  return (
    <>
      <Filters
        filters={filters}
        onChange={setFilter}
        providerIds={providerIds}
        providerName={providerName}
        docks={dockItems}
        regions={regions}
        parent={parentKinds.length > 0 ? <ParentFilter orgId={orgId} kinds={parentKinds} value={filters.parentId} onChange={(parentId) => setFilter({ parentId })} /> : null}
      />
      {list.isPending ? (
        <Skeleton label={`Loading ${KIND_LABELS[kind].toLowerCase()}`} lines={8} lineClassName="h-8" card />
      ) : forbidden ? (
        <NoAccess kind={kind} />
      ) : list.isError && !list.data ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <section className={`space-y-3 px-6 py-10 text-center ${cardStyles}`}>
          {hasFilters ? (
            <>
              <h2 className="text-base font-semibold">No {KIND_LABELS[kind].toLowerCase()} match these filters</h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">Try another search, or clear the filters to see everything.</p>
              <button
                type="button"
                className={buttonStyles.secondary}
                onClick={() => void navigate({ search: (prev) => ({ sort: prev.sort, order: prev.order }), ...LIST_CHANGE })}
              >
                Clear filters
              </button>
            </>
          ) : (
            <>
              <h2 className="text-base font-semibold">No {KIND_LABELS[kind].toLowerCase()} yet</h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {dockItems.length === 0
                  ? "Connect a provider and EdgeDock will list its resources here after the first sync."
                  : "None of the connected providers has reported any yet. Connect another provider, or sync a dock to check again."}
              </p>
              <Link to={dockItems.length === 0 ? "/orgs/$orgId/docks/new" : "/orgs/$orgId/docks"} params={{ orgId }} className={buttonStyles.primary}>
                {dockItems.length === 0 ? "Connect a provider" : "Go to docks"}
              </Link>
            </>
          )}
        </section>
      ) : (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {isPlaceholderData ? (
              "Loading…"
            ) : (
              <>
                {formatCount(rows.length, "row")} loaded{hasNextPage ? ", more load as you scroll" : ""}.
                {` ${describeSort(sort, order)}`}
              </>
            )}
          </p>
          <div
            ref={scrollRef}
            className={`h-[min(70vh,48rem)] overflow-auto ${cardStyles}`}
            tabIndex={-1}
          >
            <table
              className="table-fixed border-collapse text-sm"
              style={{ width: totalWidth, minWidth: "100%" }}
              aria-busy={isPlaceholderData}
            >
              <caption className="sr-only">
                {KIND_LABELS[kind]}. The buttons in the column headers sort the whole list; press Enter on a row for its details.
              </caption>
              <thead className="sticky top-0 z-10 bg-slate-50 dark:bg-slate-800">
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => {
                      const { column } = header;
                      const sorted = column.getIsSorted();
                      const label = String(column.columnDef.header);
                      const next = column.getNextSortingOrder();
                      return (
                        <th
                          key={header.id}
                          scope="col"
                          style={{ width: header.getSize() }}
                          aria-sort={!column.getCanSort() ? undefined : sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                          className="border-b border-slate-200 px-3 py-2 text-left text-xs font-semibold text-slate-600 dark:border-slate-700 dark:text-slate-300"
                        >
                          {column.getCanSort() ? (
                            <button
                              type="button"
                              title={next === false ? "Back to the default order" : `Sort the whole list by ${label.toLowerCase()}, ${next === "desc" ? "descending" : "ascending"}`}
                              className={`-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-white ${sorted ? "text-slate-900 dark:text-white" : ""}`}
                              onClick={column.getToggleSortingHandler()}
                            >
                              {flexRender(column.columnDef.header, header.getContext())}
                              <SortIndicator sorted={sorted} />
                            </button>
                          ) : (
                            flexRender(column.columnDef.header, header.getContext())
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody className={isPlaceholderData ? "opacity-50 transition-opacity" : undefined}>
                {paddingTop > 0 ? (
                  // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row of the virtualized table; it has no tabIndex and nothing in it can take focus.
                  <tr aria-hidden="true">
                    <td style={{ height: paddingTop }} colSpan={columns.length} />
                  </tr>
                ) : null}
                {virtualRows.map((virtualRow) => {
                  const row = tableRows[virtualRow.index];
                  if (!row) return null;
                  return (
                    <tr
                      key={row.id}
                      tabIndex={0}
                      aria-rowindex={virtualRow.index + 2}
                      style={{ height: ROW_HEIGHT }}
                      className="cursor-pointer border-b border-slate-100 hover:bg-indigo-50/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-800 dark:hover:bg-slate-800/60"
                      onClick={() => setSelected(row.original)}
                      onKeyDown={(event) => {
                        if (event.key !== "Enter") return;
                        // Otherwise the same key press would also activate the drawer's Close button once it has focus.
                        event.preventDefault();
                        setSelected(row.original);
                      }}
                    >
                      {row.getVisibleCells().map((cell) => (
                        <td key={cell.id} className="truncate px-3 text-slate-700 dark:text-slate-300">
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </td>
                      ))}
                    </tr>
                  );
                })}
                {paddingBottom > 0 ? (
                  // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row of the virtualized table; it has no tabIndex and nothing in it can take focus.
                  <tr aria-hidden="true">
                    <td style={{ height: paddingBottom }} colSpan={columns.length} />
                  </tr>
                ) : null}
              </tbody>
            </table>
            {isFetchingNextPage ? (
              <p role="status" className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">
                Loading more…
              </p>
            ) : null}
          </div>
          {isFetchNextPageError || list.isRefetchError ? (
            <ErrorAlert error={list.error} onRetry={() => void (isFetchNextPageError ? fetchNextPage() : list.refetch())} />
          ) : null}
        </>
      )}
      <ResourceDrawer orgId={orgId} resource={selected} dockName={dockName} providerName={providerName} onClose={() => setSelected(null)} />
    </>
  );
}

/** ▲/▼ for the active sort; a faint ↕ says the others can be sorted too. */
function SortIndicator({ sorted }: { sorted: false | "asc" | "desc" }) {
  return (
    <span aria-hidden="true" className={sorted ? "text-indigo-600 dark:text-indigo-400" : "text-slate-400 dark:text-slate-500"}>
      {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
    </span>
  );
}

interface FiltersProps {
  filters: ResourceFilters;
  onChange: (patch: Partial<ResourceFilters>) => void;
  providerIds: string[];
  providerName: (id: string) => string;
  docks: Array<{ id: string; name: string }>;
  regions: string[];
  /** The filter by parent, for kinds that have parents (a DNS record's domain). */
  parent: React.ReactNode;
}

function Filters({ filters, onChange, providerIds, providerName, docks, regions, parent }: FiltersProps) {
  const id = useId();

  const select = (name: keyof ResourceFilters, label: string, options: Array<[string, string]>) => (
    <div className="space-y-1">
      <label htmlFor={`${id}-${name}`} className={labelStyles}>
        {label}
      </label>
      <select
        id={`${id}-${name}`}
        className={selectStyles}
        value={filters[name] ?? ""}
        onChange={(event) => onChange({ [name]: event.target.value || undefined })}
      >
        <option value="">All</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <search
      aria-label="Filter resources"
      className={`grid grid-cols-2 gap-3 sm:grid-cols-3 ${parent ? "lg:grid-cols-6" : "lg:grid-cols-5"}`}
    >
      <TextFilter
        id={`${id}-q`}
        label="Search"
        type="search"
        placeholder="Name or ID"
        maxLength={200}
        value={filters.q}
        onChange={(q) => onChange({ q })}
        className="col-span-2 sm:col-span-3 lg:col-span-1"
      />
      {parent}
      {select("provider", "Provider", providerIds.map((p) => [p, providerName(p)]))}
      {select("dockId", "Dock", docks.map((d) => [d.id, d.name]))}
      {select("status", "Status", RESOURCE_STATUSES.map((s) => [s, statusLabel(s)]))}
      {select("region", "Region", regions.map((r) => [r, r]))}
    </search>
  );
}

interface TextFilterProps {
  id: string;
  label: string;
  type: "search" | "text";
  placeholder: string;
  maxLength: number;
  /** What the URL says. */
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  className: string;
}

/**
 * The parent a list is narrowed to (a domain for DNS records; a repository, web service or project for
 * deployments): the first page of each parent kind, by name, grouped by kind. A parent chosen elsewhere (the
 * drawer's "All records of …" link) that is not on those pages is offered by its own name.
 */
function ParentFilter({ orgId, kinds, value, onChange }: { orgId: string; kinds: readonly ResourceKind[]; value: string | undefined; onChange: (parentId: string | undefined) => void }) {
  const id = useId();
  const chosen = useQuery({ ...resourceDetailQueryOptions(orgId, value ?? ""), enabled: value !== undefined });
  const label = kinds.length === 1 ? KIND_SINGULAR[kinds[0]!] : "Belongs to";
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      <select id={id} className={selectStyles} value={value ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All</option>
        {value !== undefined ? (
          <option value={value}>{chosen.data ? chosen.data.name || chosen.data.externalId : chosen.isError ? "Not available" : "Loading…"}</option>
        ) : null}
        {kinds.map((kind) => (
          <ParentOptions key={kind} orgId={orgId} kind={kind} skip={value} grouped={kinds.length > 1} />
        ))}
      </select>
    </div>
  );
}

/** The options of one parent kind; its own component so each kind's list is its own query. */
function ParentOptions({ orgId, kind, skip, grouped }: { orgId: string; kind: ResourceKind; skip: string | undefined; grouped: boolean }) {
  const list = useInfiniteQuery(resourceListQueryOptions(orgId, kind, { sort: "name" }));
  const options = (list.data?.pages[0]?.items ?? [])
    .filter((r) => r.id !== skip)
    .map((r) => (
      <option key={r.id} value={r.id}>
        {r.name || r.externalId}
      </option>
    ));
  return grouped ? <optgroup label={KIND_LABELS[kind]}>{options}</optgroup> : options;
}

/** A typed filter, sent a moment after typing stops rather than on every key. */
function TextFilter({ id, label, type, placeholder, maxLength, value, onChange, className }: TextFilterProps) {
  const [text, setText] = useState(value ?? "");
  // The URL changes from elsewhere too (Clear filters, the back button): follow it.
  useEffect(() => setText(value ?? ""), [value]);
  // onChange is a new function every render; the timer must depend only on what was typed, so it calls
  // the latest onChange through a ref instead of restarting with each render.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === value) return;
    const timer = setTimeout(() => onChangeRef.current(next), 250);
    return () => clearTimeout(timer);
  }, [text, value]);

  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        className={inputStyles}
        placeholder={placeholder}
        value={text}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
      />
    </div>
  );
}
