/**
 * Queries and API calls of the settings area: roles, API tokens and the audit log. Members, invitations and the
 * roles list itself live in `queries.ts`, which other pages use too; keys follow the scheme explained there.
 */
import { infiniteQueryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { apiTokenSchema, createdApiTokenSchema, errorEnvelopeSchema, pageOf, roleSchema } from "../../../shared/api";
import type { AuditFilter, CreateRoleInput, CreateTokenInput, UpdateRoleInput } from "../../../shared/api";
import { auditEntrySchema } from "../../../shared/audit";
import type { Permissions } from "../../../shared/permissions";
import { ApiError, api } from "./client";

/** `/api/orgs/:orgId/...` with every caller-supplied segment encoded. */
function orgPath(orgId: string, ...segments: string[]): string {
  return ["/api/orgs", orgId, ...segments].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/");
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

// ---- roles ----

/** The role form's state: a name and every area's level (the API also takes a subset of areas). */
export interface RoleInput extends CreateRoleInput {
  permissions: Permissions;
}

export function createRole(orgId: string, input: CreateRoleInput) {
  return api(orgPath(orgId, "roles"), roleSchema, { method: "POST", body: input });
}

export function updateRole(orgId: string, roleId: string, input: UpdateRoleInput) {
  return api(orgPath(orgId, "roles", roleId), roleSchema, { method: "PATCH", body: input });
}

export function deleteRole(orgId: string, roleId: string) {
  return api(orgPath(orgId, "roles", roleId), null, { method: "DELETE" });
}

// ---- API tokens ----

const tokenPageSchema = pageOf(apiTokenSchema);
export type CreatedApiToken = z.output<typeof createdApiTokenSchema>;

export function tokensQueryKey(orgId: string) {
  return ["orgs", orgId, "tokens"] as const;
}

/** The caller's own tokens, or everyone's for a role with full access to members (the API decides). */
export function tokensQueryOptions(orgId: string) {
  return infiniteQueryOptions({
    queryKey: tokensQueryKey(orgId),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: "100" });
      if (pageParam !== null) params.set("cursor", pageParam);
      return api(withQuery(orgPath(orgId, "tokens"), params), tokenPageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function createToken(orgId: string, input: CreateTokenInput) {
  return api(orgPath(orgId, "tokens"), createdApiTokenSchema, { method: "POST", body: input });
}

export function revokeToken(orgId: string, tokenId: string) {
  return api(orgPath(orgId, "tokens", tokenId), null, { method: "DELETE" });
}

// ---- audit log ----

/**
 * The audit page's filters as they sit in its URL: the API's filters, except that dates are calendar days
 * (`2026-11-05`), read in the viewer's time zone, which is how people think of "from Monday to Wednesday".
 */
export interface AuditSearch extends Omit<AuditFilter, "from" | "to"> {
  /** The first day, `2026-11-05`. */
  from?: string;
  /** The last day, included. */
  to?: string;
}

/** The URL's filters as the API takes them: a day range becomes the instants from its first to its last millisecond. */
export function auditApiFilter(search: AuditSearch): AuditFilter {
  const startOf = (day: string) => new Date(`${day}T00:00:00`).toISOString();
  const endOf = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();
  return {
    action: search.action,
    actorId: search.actorId,
    targetType: search.targetType,
    targetId: search.targetId,
    result: search.result,
    from: search.from ? startOf(search.from) : undefined,
    to: search.to ? endOf(search.to) : undefined,
  };
}

function auditParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return params;
}

export function auditQueryKey(orgId: string) {
  return ["orgs", orgId, "audit"] as const;
}

const auditPageSchema = pageOf(auditEntrySchema);
export const AUDIT_PAGE_SIZE = 100;

export function auditListQueryOptions(orgId: string, search: AuditSearch) {
  const filter = auditApiFilter(search);
  return infiniteQueryOptions({
    queryKey: [...auditQueryKey(orgId), "list", filter] as const,
    queryFn: ({ pageParam, signal }) => {
      const params = auditParams(filter);
      params.set("limit", String(AUDIT_PAGE_SIZE));
      if (pageParam !== null) params.set("cursor", pageParam);
      return api(withQuery(orgPath(orgId, "audit"), params), auditPageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export interface AuditExport {
  blob: Blob;
  filename: string;
  /** The export stopped at the row limit; older matching entries were left out. */
  truncated: boolean;
  rowLimit: number | null;
}

const filenameSchema = z.string().regex(/^[\w.-]+$/);

/**
 * Fetches the CSV export rather than navigating to it, so a refusal (403, 429) arrives as the API's message
 * instead of a broken download, and the truncation header can be read.
 */
export async function fetchAuditExport(orgId: string, search: AuditSearch): Promise<AuditExport> {
  const url = withQuery(orgPath(orgId, "audit", "export"), auditParams(auditApiFilter(search)));
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "text/csv" }, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network_error", "Could not reach EdgeDock. Check your connection and try again.");
  }
  if (!response.ok) {
    const envelope = errorEnvelopeSchema.safeParse(await response.json().catch(() => undefined));
    if (envelope.success) throw new ApiError(response.status, envelope.data.error.code, envelope.data.error.message, envelope.data.error.details);
    throw new ApiError(response.status, "http_error", `The export failed (HTTP ${response.status}).`);
  }
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    // The file streams: a failure part-way shows up only here.
    throw new ApiError(0, "network_error", "The export was interrupted before it finished. Try again.");
  }
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = filenameSchema.safeParse(/filename="([^"]+)"/.exec(disposition)?.[1]);
  const limit = Number(response.headers.get("X-Export-Row-Limit"));
  return {
    blob,
    filename: named.success ? named.data : "edgedock-audit.csv",
    truncated: response.headers.get("X-Export-Truncated") === "true",
    rowLimit: Number.isFinite(limit) && limit > 0 ? limit : null,
  };
}
