import { z } from "zod";
import { ProviderError } from "../errors";
import type { WebhookAction, WebhookSupport } from "../types";
import { PROVIDER_NAME } from "./client";
import { NEW_REPOSITORY_EXTRAS, normalizeDeployment, normalizeRepository, normalizeWorkflowRun } from "./normalize";
import { deploymentSchema, deploymentStatusSchema, repositorySchema, workflowRunSchema } from "./schemas";
import { verifyGithubSignature } from "./webhook";

const repositoryEvent = z.object({ action: z.string(), repository: repositorySchema });
const deploymentEvent = z.object({ deployment: deploymentSchema, repository: repositorySchema });
const deploymentStatusEvent = z.object({ deployment_status: deploymentStatusSchema, deployment: deploymentSchema, repository: repositorySchema });
const workflowRunEvent = z.object({ workflow_run: workflowRunSchema, workflow: z.object({ name: z.string().nullable().optional() }).nullable().optional(), repository: repositorySchema });

function parse<T>(event: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(PROVIDER_NAME, "contract_violation", `GitHub ${event} delivery could not be read: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * GitHub's events, as EdgeDock uses them: a created repository, deployments and workflow runs carry the
 * whole object, so they are written directly; a push or a change to a repository only says something moved,
 * so the affected kind is listed again (debounced by the hub).
 */
export function interpretGithubEvent(event: string, body: unknown): WebhookAction {
  switch (event) {
    case "ping":
      return { type: "ack", event };
    case "repository": {
      const payload = parse(event, repositoryEvent, body);
      if (payload.action === "deleted") return { type: "delete", event, kind: "repository", externalIds: [String(payload.repository.id)] };
      // Created: written at once, as new; a repository already known (a late delivery) keeps what the listing gave it.
      if (payload.action === "created") {
        return { type: "upsert", event, kind: "repository", resources: [normalizeRepository(payload.repository, NEW_REPOSITORY_EXTRAS)], createOnly: true };
      }
      // Any other change: the payload lacks the environments and latest release the stored repository
      // carries, and writing it as it stands would drop them until the next listing (a transfer may even
      // move it out of the token's reach). The listing, conditional and so nearly free, decides.
      return { type: "resync", event, kinds: ["repository"] };
    }
    case "deployment": {
      const payload = parse(event, deploymentEvent, body);
      // A new deployment, not yet with a status: a known one keeps the state a status event or listing gave it.
      return { type: "upsert", event, kind: "deployment", resources: [normalizeDeployment(payload.repository, payload.deployment, null)], createOnly: true };
    }
    case "deployment_status": {
      const payload = parse(event, deploymentStatusEvent, body);
      return { type: "upsert", event, kind: "deployment", resources: [normalizeDeployment(payload.repository, payload.deployment, payload.deployment_status)] };
    }
    case "push":
      return { type: "resync", event, kinds: ["repository"] };
    case "workflow_run": {
      // The run as it now is (requested, in progress, completed): written as it stands. The run it follows on
      // the same workflow and branch stays until the next listing, which keeps only the latest.
      const payload = parse(event, workflowRunEvent, body);
      const run = payload.workflow_run.name ? payload.workflow_run : { ...payload.workflow_run, name: payload.workflow?.name ?? null };
      return { type: "upsert", event, kind: "workflow_run", resources: [normalizeWorkflowRun(payload.repository, run)] };
    }
    default:
      return { type: "ignore", event };
  }
}

/**
 * What every body of an event EdgeDock handles carries, from GitHub's webhook payload reference (the
 * required top-level keys and the actions each event is sent with). The event name is a header outside the
 * signature: these marks are what tie a signed body to its event.
 */
interface EventMarks {
  /** Top-level keys every body of the event has. */
  keys: readonly string[];
  /** The `action` values the event is sent with; absent for events that have no action. */
  actions?: readonly string[];
  /** Optional top-level keys that name another event's subject (a deployment made by a workflow carries its run). */
  allows?: readonly string[];
}

export const GITHUB_EVENT_MARKS: Readonly<Record<string, EventMarks>> = {
  ping: { keys: ["zen", "hook_id", "hook"] },
  push: { keys: ["ref", "before", "after", "commits", "pusher", "repository"] },
  repository: {
    keys: ["action", "repository"],
    actions: ["archived", "created", "deleted", "edited", "privatized", "publicized", "renamed", "transferred", "unarchived"],
  },
  deployment: { keys: ["action", "deployment", "repository"], actions: ["created"], allows: ["workflow_run"] },
  deployment_status: { keys: ["action", "deployment_status", "deployment", "repository"], actions: ["created"], allows: ["check_run", "workflow_run"] },
  workflow_run: { keys: ["action", "workflow_run", "repository"], actions: ["completed", "in_progress", "requested"] },
};

/**
 * Top-level keys naming the subject of events EdgeDock ignores that also carry `action` and `repository`
 * (a star, an issue, an alert, the webhook's own deletion, …). A body with one of them is that other event's,
 * so a signed "star deleted" cannot pass for "repository deleted".
 */
const FOREIGN_SUBJECT_KEYS: ReadonlySet<string> = new Set([
  "alert",
  "check_run",
  "check_suite",
  "client_payload",
  "comment",
  "discussion",
  "hook",
  "hook_id",
  "issue",
  "key",
  "label",
  "member",
  "merge_group",
  "milestone",
  "package",
  "project",
  "project_card",
  "project_column",
  "pull_request",
  "registry_package",
  "release",
  "repository_ruleset",
  "review",
  "rule",
  "starred_at",
  "team",
  "workflow_job",
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fits(marks: EventMarks, body: Record<string, unknown>): boolean {
  if (!marks.keys.every((key) => Object.hasOwn(body, key))) return false;
  return marks.actions === undefined || (typeof body.action === "string" && marks.actions.includes(body.action));
}

/** The other handled events `body` has every mark of, most specific (most keys) first. */
function otherEventsFitting(event: string, body: Record<string, unknown>): [string, EventMarks][] {
  return Object.entries(GITHUB_EVENT_MARKS)
    .filter(([other, marks]) => other !== event && fits(marks, body))
    .sort(([, a], [, b]) => b.keys.length - a.keys.length);
}

/**
 * Null when `body` is a body of `event`; else the reason it is not. An event EdgeDock ignores is not checked
 * (it is answered "ignored" whatever it carries). Refused: a body with every mark of another handled event
 * plus keys the claimed one never has (a deployment_status body claimed as deployment), a body that lacks a
 * key or an action the claimed event always has, and a body carrying an ignored event's subject key.
 */
export function githubEventMismatch(event: string, body: unknown): string | null {
  const claimed = GITHUB_EVENT_MARKS[event];
  if (!claimed) return null;
  if (!isObject(body)) return `body is not a ${event} event: it is not a JSON object`;
  const own = new Set([...claimed.keys, ...(claimed.allows ?? [])]);
  const others = otherEventsFitting(event, body);
  const claimedFits = fits(claimed, body);
  const better = claimedFits ? others.find(([, marks]) => marks.keys.some((key) => !own.has(key))) : others[0];
  if (better) return `body is a ${better[0]} event, not ${event}`;
  if (!claimedFits) {
    const missing = claimed.keys.find((key) => !Object.hasOwn(body, key));
    if (missing) return `body is not a ${event} event: it has no "${missing}"`;
    return `body is not a ${event} event: action ${JSON.stringify(body.action ?? null)} is not one of ${claimed.actions?.join(", ")}`;
  }
  const foreign = Object.keys(body).find((key) => FOREIGN_SUBJECT_KEYS.has(key) && !own.has(key));
  if (foreign) return `body is not a ${event} event: it carries "${foreign}", the subject of another event`;
  return null;
}

/** GitHub's delivery GUID; a value longer than this is not one, and is not stored. */
const MAX_DELIVERY_ID_LENGTH = 128;

export const githubWebhooks: WebhookSupport = {
  secretSource: "edgedock",
  verify: (secret, { rawBody, headers }) => verifyGithubSignature(secret, rawBody, headers.get("x-hub-signature-256")),
  deliveryIdSource: "the X-GitHub-Delivery header",
  deliveryId: (headers) => {
    const id = headers.get("x-github-delivery")?.trim();
    return id && id.length <= MAX_DELIVERY_ID_LENGTH ? id : null;
  },
  eventMismatch: (headers, body) => githubEventMismatch(headers.get("x-github-event") ?? "", body),
  interpret: (headers, body) => interpretGithubEvent(headers.get("x-github-event") ?? "", body),
  setupHelp:
    "In the repository or organization: Settings → Webhooks → Add webhook. Payload URL: the URL below; content type: application/json; secret: the secret below. Events: pushes, repositories, deployments, deployment statuses, workflow runs.",
};
