import { dockSchema } from "../../../shared/docks";
import type { Dock, UpdateDockInput } from "../../../shared/docks";
import { webhookSettingsSchema } from "../../../shared/webhooks";
import type { ProviderWebhookSecretInput, WebhookSettings } from "../../../shared/webhooks";
import { api } from "./client";

// API calls of the dock detail page. Query options for one dock and its runs live in queries.ts
// (`dockQueryOptions`, `dockRunsQueryOptions`), because the live channel updates them too.

/** `/api/orgs/:orgId/docks/:dockId/...` with every segment encoded. */
function dockPath(orgId: string, dockId: string, ...rest: string[]): string {
  return `/api/orgs/${[orgId, "docks", dockId, ...rest].map(encodeURIComponent).join("/")}`;
}

/** Rename, reschedule, pause or resume, or replace credentials; credentials are checked with the provider (422 when refused). */
export function updateDock(orgId: string, dockId: string, input: UpdateDockInput): Promise<Dock> {
  return api(dockPath(orgId, dockId), dockSchema, { method: "PATCH", body: input });
}

/** Disconnects the dock: its credentials, resources and sync history are removed. */
export function deleteDock(orgId: string, dockId: string): Promise<void> {
  return api(dockPath(orgId, dockId), null, { method: "DELETE" });
}

export type { WebhookSettings };

/**
 * The webhook URL and secret. Deliberately not a query: every read of the secret is written to the audit
 * log, so it is fetched only when someone asks to see it, never in the background or on refocus.
 */
export function revealWebhookSettings(orgId: string, dockId: string): Promise<WebhookSettings> {
  return api(dockPath(orgId, dockId, "webhook"), webhookSettingsSchema);
}

/** Replaces the secret; deliveries signed with the old one are refused from then on. */
export function rotateWebhookSecret(orgId: string, dockId: string): Promise<WebhookSettings> {
  return api(dockPath(orgId, dockId, "webhook", "rotate"), webhookSettingsSchema, { method: "POST" });
}

/** Stores the secret the provider issued; deliveries signed with any other are refused from then on. */
export function storeProviderWebhookSecret(orgId: string, dockId: string, input: ProviderWebhookSecretInput): Promise<WebhookSettings> {
  return api(dockPath(orgId, dockId, "webhook"), webhookSettingsSchema, { method: "PUT", body: input });
}

/**
 * The address providers deliver to (for a provider that signs nothing, without its token). The server builds it the same way (`/webhooks/:provider/:dockId` on the
 * origin it was reached at, which is this page's), so it can be shown before anyone reads the secret.
 */
export function webhookUrlOf(dock: Pick<Dock, "provider" | "id">): string {
  return `${window.location.origin}/webhooks/${encodeURIComponent(dock.provider)}/${encodeURIComponent(dock.id)}`;
}
