import { createRoute } from "@hono/zod-openapi";
import { providersResponseSchema } from "../../shared/api";
import { listAdapters } from "../../adapters/registry";
import type { Router } from "../app";
import { anonymous, badCredentialError, jsonContent } from "./openapi-helpers";

export function registerProviderRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/providers",
      operationId: "listProviders",
      security: anonymous,
      tags: ["providers"],
      summary: "The providers EdgeDock can connect, with the credentials each needs",
      responses: { 200: jsonContent(providersResponseSchema, "Provider catalog"), ...badCredentialError },
    }),
    (c) =>
      c.json(
        {
          items: listAdapters().map((a) => ({
            id: a.id,
            name: a.name,
            credentialFields: a.credentialFields,
            resourceKinds: [...a.resourceKinds],
            defaultIntervalSeconds: a.defaultIntervalSeconds,
            defaultBaseUrl: a.defaultBaseUrl,
            docsUrl: a.docsUrl,
            webhooks: a.webhooks !== undefined,
            webhookSecretSource: a.webhooks?.secretSource ?? null,
          })),
          customBaseUrlsAllowed: c.get("config").ALLOW_CUSTOM_BASE_URLS,
        },
        200,
      ),
  );
}
