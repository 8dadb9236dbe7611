import { createRoute, lazyRouteComponent, notFound } from "@tanstack/react-router";
import { allows } from "../../../shared/permissions";
import { parentKindsOf, resourcesQuerySchema } from "../../../shared/resources";
import { docksQueryOptions, providersQueryOptions, resourceListQueryOptions } from "../api/queries";
import type { ResourceFilters } from "../api/queries";
import { canReadKind, isResourceKind } from "../lib/resource-kinds";
import { searchParam, searchText } from "../lib/search-params";
import { orgRoute } from "./org";

/**
 * Filters and sort live in the URL so a list can be shared and survives a reload; anything malformed is dropped.
 * `order` means nothing without a `sort` here (the page has no control for the unsorted list's direction).
 */
function validateFilters(search: Record<string, unknown>): ResourceFilters {
  const query = resourcesQuerySchema.shape;
  const sort = searchParam(query.sort, search.sort);
  return {
    provider: searchParam(query.provider, search.provider),
    dockId: searchParam(query.dockId, search.dockId),
    status: searchParam(query.status, search.status),
    region: searchParam(query.region, search.region),
    parentId: searchParam(query.parentId, searchText(search.parentId)?.trim()),
    // The API's schema trims the search text itself.
    q: searchParam(query.q, search.q),
    sort,
    order: sort ? searchParam(query.order, search.order) : undefined,
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
