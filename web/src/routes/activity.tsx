import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { changeTypeSchema, resourceKindSchema } from "../../../shared/resources";
import type { ActivityFilters } from "../api/activity-queries";
import { orgRoute } from "./org";

/** Filters live in the URL so a filtered feed can be shared and survives a reload; anything malformed is dropped. */
function validateFilters(search: Record<string, unknown>): ActivityFilters {
  const kind = resourceKindSchema.safeParse(search.kind);
  const change = changeTypeSchema.safeParse(search.change);
  const dockId = typeof search.dockId === "string" && search.dockId.trim() !== "" && search.dockId.length <= 64 ? search.dockId : undefined;
  return {
    dockId,
    kind: kind.success ? kind.data : undefined,
    change: change.success ? change.data : undefined,
  };
}

export const activityRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "activity",
  validateSearch: validateFilters,
  component: lazyRouteComponent(() => import("./activity.page"), "ActivityPage"),
});
