import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { AUDIT_RESULTS } from "../../../shared/audit";
import type { AuditSearch } from "../api/settings-queries";
import { settingsRoute } from "./settings-layout";

/** The router parses `?targetId=12` into a number; any scalar is taken as its text. */
const optionalText = (value: unknown, max: number) => {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  return typeof text === "string" && text.trim() !== "" && text.length <= max ? text.trim() : undefined;
};

/** A calendar day, `2026-11-05`, that exists. */
const optionalDay = (value: unknown) => {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  return Number.isNaN(Date.parse(`${value}T00:00:00`)) ? undefined : value;
};

/** Filters live in the URL so a filtered log can be shared and survives a reload; anything malformed is dropped. */
function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const result = AUDIT_RESULTS.find((r) => r === search.result);
  return {
    action: optionalText(search.action, 64),
    actorId: optionalText(search.actorId, 64),
    targetType: optionalText(search.targetType, 64),
    targetId: optionalText(search.targetId, 64),
    result,
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
