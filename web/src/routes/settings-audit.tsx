import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { auditFilterSchema } from "../../../shared/api";
import type { AuditSearch } from "../api/settings-queries";
import { searchParam, searchText } from "../lib/search-params";
import { settingsRoute } from "./settings-layout";

/** The router parses `?targetId=12` into a number: any scalar is taken as its text, without its outer spaces. */
const trimmed = (value: unknown) => searchText(value)?.trim();

/** A calendar day, `2026-11-05`, that exists. */
const optionalDay = (value: unknown) => {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  return Number.isNaN(Date.parse(`${value}T00:00:00`)) ? undefined : value;
};

/** Filters live in the URL so a filtered log can be shared and survives a reload; anything malformed is dropped. */
function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const filter = auditFilterSchema.shape;
  return {
    action: searchParam(filter.action, trimmed(search.action)),
    actorId: searchParam(filter.actorId, trimmed(search.actorId)),
    targetType: searchParam(filter.targetType, trimmed(search.targetType)),
    targetId: searchParam(filter.targetId, trimmed(search.targetId)),
    result: searchParam(filter.result, search.result),
    from: optionalDay(search.from),
    to: optionalDay(search.to),
  };
}

export const auditRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "audit",
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import("./settings-audit.page"), "AuditPage"),
});
