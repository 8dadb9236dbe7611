import { createRoute, lazyRouteComponent, notFound } from "@tanstack/react-router";
import { allows } from "../../../shared/permissions";
import { parentKindsOf, resourceSortSchema, resourceStatusSchema, sortOrderSchema } from "../../../shared/resources";
import { docksQueryOptions, providersQueryOptions, resourceListQueryOptions } from "../api/queries";
import type { ResourceFilters } from "../api/queries";
import { canReadKind, isResourceKind } from "../lib/resource-kinds";
import { orgRoute } from "./org";

/** The router parses `?q=1` into a number; any scalar is taken as its text. */
const optionalText = (value: unknown, max: number) => {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  return typeof text === "string" && text.trim() !== "" && text.length <= max ? text : undefined;
};

/**
 * Filters and sort live in the URL so a list can be shared and survives a reload; anything malformed is dropped.
 * `order` means nothing without a `sort` here (the page has no control for the unsorted list's direction).
 */
function validateFilters(search: Record<string, unknown>): ResourceFilters {
  const status = resourceStatusSchema.safeParse(search.status);
  const sort = resourceSortSchema.safeParse(search.sort);
  const order = sortOrderSchema.safeParse(search.order);
  return {
    provider: optionalText(search.provider, 64),
    dockId: optionalText(search.dockId, 64),
    status: status.success ? status.data : undefined,
    region: optionalText(search.region, 128),
    parentId: optionalText(search.parentId, 64)?.trim(),
    q: optionalText(search.q, 200)?.trim(),
    sort: sort.success ? sort.data : undefined,
    order: sort.success && order.success ? order.data : undefined,
  };
}

/** The filters a list of `kind` is asked for: a parent only for a kind that has one (a link may carry one elsewhere). */
export function listFiltersFor(kind: string, search: ResourceFilters): ResourceFilters {
  return isResourceKind(kind) && parentKindsOf(kind).length > 0 ? search : { ...search, parentId: undefined };
}

export const resourcesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "resources/$kind",
  validateSearch: validateFilters,
  beforeLoad: ({ params }) => {
    if (!isResourceKind(params.kind)) throw notFound();
  },
  loaderDeps: ({ search }) => search,
  loader: ({ context, params, deps }) => {
    const membership = context.me.memberships.find((m) => m.orgId === params.orgId);
    if (!isResourceKind(params.kind) || !membership || !canReadKind(membership.role.permissions, params.kind)) return;
    // Not awaited: the first page is requested while the page's code downloads, rather than after it, with
    // the docks and providers that name its Dock and Provider columns.
    void context.queryClient.prefetchInfiniteQuery(resourceListQueryOptions(params.orgId, params.kind, listFiltersFor(params.kind, deps)));
    if (allows(membership.role.permissions, "docks", "read")) void context.queryClient.prefetchInfiniteQuery(docksQueryOptions(params.orgId));
    void context.queryClient.prefetchQuery(providersQueryOptions);
  },
  component: lazyRouteComponent(() => import("./resources.page"), "ResourcesPage"),
});
