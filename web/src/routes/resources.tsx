import { createRoute, lazyRouteComponent, notFound } from "@tanstack/react-router";
import { resourceStatusSchema } from "../../../shared/resources";
import type { ResourceFilters } from "../api/queries";
import { isResourceKind } from "../lib/resource-kinds";
import { orgRoute } from "./org";

/** The router parses `?q=1` into a number; any scalar is taken as its text. */
const optionalText = (value: unknown, max: number) => {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  return typeof text === "string" && text.trim() !== "" && text.length <= max ? text : undefined;
};

/** Filters live in the URL so a filtered list can be shared and survives a reload; anything malformed is dropped. */
function validateFilters(search: Record<string, unknown>): ResourceFilters {
  const status = resourceStatusSchema.safeParse(search.status);
  return {
    provider: optionalText(search.provider, 64),
    dockId: optionalText(search.dockId, 64),
    status: status.success ? status.data : undefined,
    region: optionalText(search.region, 128),
    q: optionalText(search.q, 200)?.trim(),
  };
}

export const resourcesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: "resources/$kind",
  validateSearch: validateFilters,
  beforeLoad: ({ params }) => {
    if (!isResourceKind(params.kind)) throw notFound();
  },
  component: lazyRouteComponent(() => import("./resources.page"), "ResourcesPage"),
});
