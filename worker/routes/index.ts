import type { Router } from "../app";
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
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "EdgeDock API", version: "1", description: "One dashboard for all of a team's infrastructure providers." },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: SECURE_SESSION_COOKIE,
    description: `Set by log-in and email confirmation. Over plain http (local development) the cookie is named ${PLAIN_SESSION_COOKIE}.`,
  });
}
