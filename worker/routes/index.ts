import { createApp } from "../app";
import type { Router } from "../app";
import { API_TOKEN_PREFIX } from "../services/api-tokens";
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE } from "../services/sessions";
import { registerApiTokenRoutes } from "./api-tokens";
import { registerAuditRoutes } from "./audit";
import { registerAuthRoutes } from "./auth";
import { registerDockRoutes } from "./docks";
import { registerLiveRoutes } from "./live";
import { registerMemberRoutes } from "./members";
import { registerOrganizationRoutes } from "./organizations";
import { registerProviderRoutes } from "./providers";
import { registerResourceRoutes } from "./resources";
import { registerRoleRoutes } from "./roles";
import { registerSyncRoutes } from "./sync";
import { BEARER_SCHEME, SESSION_SCHEME } from "./openapi-helpers";
import { registerWebhookRoutes } from "./webhooks";

export function registerRoutes(app: Router) {
  registerAuthRoutes(app);
  registerOrganizationRoutes(app);
  registerMemberRoutes(app);
  registerRoleRoutes(app);
  registerApiTokenRoutes(app);
  registerDockRoutes(app);
  registerSyncRoutes(app);
  registerResourceRoutes(app);
  registerLiveRoutes(app);
  registerWebhookRoutes(app);
  registerAuditRoutes(app);
  registerProviderRoutes(app);
  app.doc31("/api/openapi.json", OPENAPI_DOCUMENT);
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: `A personal API token (\`${API_TOKEN_PREFIX}…\`, bound to one organization), or a JWT from the configured identity provider.`,
  });
  app.openAPIRegistry.registerComponent("securitySchemes", SESSION_SCHEME, {
    type: "apiKey",
    in: "cookie",
    name: SECURE_SESSION_COOKIE,
    description: `Set by log-in and email confirmation. Over plain http (local development) the cookie is named ${PLAIN_SESSION_COOKIE}.`,
  });
}

/**
 * The document's top level. Shared by `GET /api/openapi.json` and `scripts/openapi-document.ts`, so the file CI
 * lints is the document the app serves.
 */
export const OPENAPI_DOCUMENT: Parameters<Router["getOpenAPI31Document"]>[0] = {
  openapi: "3.1.0",
  info: { title: "EdgeDock API", version: "1", description: "One dashboard for all of a team's infrastructure providers." },
  // The app serves this document about itself, so the server is wherever it was fetched from: a relative URL
  // resolves against the document's own address, right on every installation and in development alike.
  servers: [{ url: "/", description: "The EdgeDock installation serving this document" }],
  tags: [
    { name: "auth", description: "Accounts, sign-in and the signed-in user" },
    { name: "organizations", description: "Organizations the caller belongs to" },
    { name: "members", description: "Members and invitations" },
    { name: "roles", description: "Roles: a level (none, read, full) for each area" },
    { name: "tokens", description: "Personal API tokens" },
    { name: "docks", description: "Connected provider accounts" },
    { name: "sync", description: "Sync runs of a dock" },
    { name: "resources", description: "Synced resources, their change events and the summary" },
    { name: "webhooks", description: "Webhook settings of a dock" },
    { name: "audit", description: "The organization's audit log" },
    { name: "providers", description: "The providers EdgeDock can connect" },
  ],
};

/** The document `GET /api/openapi.json` serves, built without a request (for `scripts/openapi-document.ts`). */
export function openApiDocument(): ReturnType<Router["getOpenAPI31Document"]> {
  return createApp(registerRoutes).getOpenAPI31Document(OPENAPI_DOCUMENT);
}
