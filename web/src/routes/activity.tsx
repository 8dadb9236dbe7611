import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { eventsQuerySchema } from "../../../shared/resources";
import type { ActivityFilters } from "../api/activity-queries";
import { searchParam } from "../lib/search-params";
import { orgRoute } from "./org";

/** Filters live in the URL so a filtered feed can be shared and survives a reload; anything malformed is dropped. */
function validateFilters(search: Record<string, unknown>): ActivityFilters {
  const query = eventsQuerySchema.shape;
  return {
    dockId: searchParam(query.dockId, search.dockId),
    kind: searchParam(query.kind, search.kind),
    change: searchParam(query.change, search.change),
  };
}

export const activityRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "activity",
  validateSearch: validateFilters,
  component: lazyRouteComponent(() => import("./activity.page"), "ActivityPage"),
});
