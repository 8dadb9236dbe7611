import { z } from "zod";
import { ProviderError } from "../errors";
import type { WebhookAction, WebhookSupport } from "../types";
import { PROVIDER_NAME } from "./client";
import { normalizeDeployment, normalizeRepository } from "./normalize";
import { deploymentSchema, deploymentStatusSchema, repositorySchema } from "./schemas";
import { verifyGithubSignature } from "./webhook";

const repositoryEvent = z.object({ action: z.string(), repository: repositorySchema });
const deploymentEvent = z.object({ deployment: deploymentSchema, repository: repositorySchema });
const deploymentStatusEvent = z.object({ deployment_status: deploymentStatusSchema, deployment: deploymentSchema, repository: repositorySchema });

function parse<T>(event: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(PROVIDER_NAME, "contract_violation", `GitHub ${event} delivery could not be read: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * GitHub's events, as EdgeDock uses them: repository and deployment payloads carry the whole object, so
 * they are written directly; a push or a workflow run only says something moved, so the affected kind is
 * listed again (debounced by the hub).
 */
export function interpretGithubEvent(event: string, body: unknown): WebhookAction {
  switch (event) {
    case "ping":
      return { type: "ack", event };
    case "repository": {
      const payload = parse(event, repositoryEvent, body);
      if (payload.action === "deleted") return { type: "delete", event, kind: "repository", externalIds: [String(payload.repository.id)] };
      // A transfer moves the repository out of reach of the token, perhaps: the listing decides.
      if (payload.action === "transferred") return { type: "resync", event, kinds: ["repository"] };
      return { type: "upsert", event, kind: "repository", resources: [normalizeRepository(payload.repository)] };
    }
    case "deployment": {
      const payload = parse(event, deploymentEvent, body);
      return { type: "upsert", event, kind: "deployment", resources: [normalizeDeployment(payload.repository, payload.deployment, null)] };
    }
    case "deployment_status": {
      const payload = parse(event, deploymentStatusEvent, body);
      return { type: "upsert", event, kind: "deployment", resources: [normalizeDeployment(payload.repository, payload.deployment, payload.deployment_status)] };
    }
    case "push":
      return { type: "resync", event, kinds: ["repository"] };
    case "workflow_run":
      return { type: "resync", event, kinds: ["deployment"] };
    default:
      return { type: "ignore", event };
  }
}

export const githubWebhooks: WebhookSupport = {
  verify: (secret, rawBody, headers) => verifyGithubSignature(secret, rawBody, headers.get("x-hub-signature-256")),
  deliveryId: (headers) => headers.get("x-github-delivery"),
  interpret: (headers, body) => interpretGithubEvent(headers.get("x-github-event") ?? "", body),
  setupHelp:
    "In the repository or organization: Settings → Webhooks → Add webhook. Payload URL: the URL below; content type: application/json; secret: the secret below. Events: pushes, repositories, deployments, deployment statuses, workflow runs.",
};
