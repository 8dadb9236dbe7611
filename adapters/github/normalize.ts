import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { Deployment, DeploymentStatus, Environment, Release, Repository, WorkflowRun } from "./schemas";

/** What a repository's state is called: the conditions that make it unusable first, else its visibility. */
function repositoryState(r: Repository): { status: ResourceStatus; providerStatus: string } {
  if (r.disabled) return { status: "inactive", providerStatus: "disabled" };
  if (r.archived) return { status: "inactive", providerStatus: "archived" };
  return { status: "active", providerStatus: r.visibility ?? (r.private ? "private" : "public") };
}

/** An environment as the repository shows it: its name, and which kinds of protection rule guard it. */
export interface RepositoryEnvironment {
  name: string;
  protectionRules: string[];
}

/**
 * What a repository carries beside its own object, each from a request of its own: null where the token
 * may not read it (environments need Actions, releases Contents, on a fine-grained token).
 */
export interface RepositoryExtras {
  environments: RepositoryEnvironment[] | null;
  latestRelease: Release | null;
}

/** A repository that was just created has neither environments nor releases yet. */
export const NEW_REPOSITORY_EXTRAS: RepositoryExtras = { environments: [], latestRelease: null };

export function summarizeEnvironment(e: Environment): RepositoryEnvironment {
  // The rule types only: reviewers and timers change the environment, not what guards it.
  return { name: e.name, protectionRules: [...new Set((e.protection_rules ?? []).map((rule) => rule.type))] };
}

export function normalizeRepository(r: Repository, extras: RepositoryExtras): NormalizedResource {
  const release = extras.latestRelease;
  return {
    kind: "repository",
    externalId: String(r.id),
    name: r.full_name,
    ...repositoryState(r),
    region: null,
    url: r.html_url,
    createdAt: r.created_at ?? null,
    // Repositories carry no price of their own; GitHub bills per account and plan.
    monthlyCostCents: null,
    currency: null,
    attributes: {
      fullName: r.full_name,
      defaultBranch: r.default_branch ?? null,
      private: r.private,
      language: r.language ?? null,
      archived: r.archived ?? false,
      fork: r.fork,
      stars: r.stargazers_count ?? null,
      pushedAt: r.pushed_at ?? null,
      environments: extras.environments,
      latestRelease:
        release === null
          ? null
          : { tag: release.tag_name, name: release.name, publishedAt: release.published_at, prerelease: release.prerelease, draft: release.draft, url: release.html_url },
    },
  };
}

const DEPLOYMENT_STATUS: Record<string, ResourceStatus> = {
  success: "active",
  in_progress: "starting",
  queued: "starting",
  pending: "starting",
  // Only in the webhook schemas (an environment's protection rules holding it back), still on its way.
  waiting: "starting",
  failure: "error",
  error: "error",
  inactive: "inactive",
};

/** The newest of a deployment's statuses, whatever order they came in (newest-first is unconfirmed). */
export function latestStatus(statuses: readonly DeploymentStatus[]): DeploymentStatus | null {
  let latest: DeploymentStatus | null = null;
  for (const s of statuses) {
    if (!latest) latest = s;
    else {
      const order = Date.parse(s.created_at) - Date.parse(latest.created_at);
      if (order > 0 || (order === 0 && s.id > latest.id)) latest = s;
    }
  }
  return latest;
}

export function normalizeDeployment(repo: Repository, d: Deployment, latest: DeploymentStatus | null): NormalizedResource {
  const state = latest?.state ?? null;
  return {
    kind: "deployment",
    externalId: String(d.id),
    name: `${repo.full_name} → ${d.environment} @ ${d.sha.slice(0, 7)}`,
    status: state === null ? "unknown" : (DEPLOYMENT_STATUS[state] ?? "unknown"),
    providerStatus: state,
    region: null,
    url: `${repo.html_url}/deployments`,
    createdAt: d.created_at,
    monthlyCostCents: null,
    currency: null,
    // Its repository, by the id normalizeRepository gives it (a full name changes on rename; the id does not).
    parentExternalId: String(repo.id),
    attributes: {
      repository: repo.full_name,
      environment: d.environment,
      ref: d.ref,
      sha: d.sha,
      creator: d.creator?.login ?? null,
      latestState: state,
    },
  };
}

/**
 * A run's `status` while it is not finished (`requested`, `queued`, `pending`, `waiting` for an approval or
 * a concurrency slot, `in_progress`): on its way. Unlisted words are "unknown", not a guess.
 */
const RUN_STATUS: Record<string, ResourceStatus> = {
  requested: "starting",
  queued: "starting",
  pending: "starting",
  waiting: "starting",
  in_progress: "running",
};

/**
 * How a `completed` run ended. `neutral` and `skipped` are passes that did nothing wrong; `action_required`
 * needs a person (approve, re-run); `stale` (GitHub gave up on it) and `cancelled` ended it without a result.
 */
const RUN_CONCLUSION: Record<string, ResourceStatus> = {
  success: "active",
  neutral: "active",
  skipped: "inactive",
  cancelled: "stopped",
  stale: "stopped",
  failure: "error",
  timed_out: "error",
  startup_failure: "error",
  action_required: "error",
};

/** A finished run is told by its conclusion; an unfinished one by its status. */
function runState(run: WorkflowRun): { status: ResourceStatus; providerStatus: string | null } {
  if (run.status === "completed") return { status: (run.conclusion !== null && RUN_CONCLUSION[run.conclusion]) || "unknown", providerStatus: run.conclusion ?? run.status };
  return { status: (run.status !== null && RUN_STATUS[run.status]) || "unknown", providerStatus: run.status };
}

export function normalizeWorkflowRun(repo: Repository, run: WorkflowRun): NormalizedResource {
  // The webhook's run carries an empty name where the REST one has the workflow's; neither is worth showing.
  const workflow = run.name ? run.name : null;
  return {
    kind: "workflow_run",
    externalId: String(run.id),
    name: `${repo.full_name} · ${workflow ?? `workflow ${run.workflow_id}`} @ ${run.head_branch ?? run.head_sha.slice(0, 7)}`,
    ...runState(run),
    region: null,
    url: run.html_url,
    createdAt: run.created_at,
    // Actions minutes are billed per account, not per run.
    monthlyCostCents: null,
    currency: null,
    parentExternalId: String(repo.id),
    attributes: {
      repository: repo.full_name,
      workflow,
      branch: run.head_branch,
      event: run.event,
      conclusion: run.conclusion,
      runNumber: run.run_number,
      headSha: run.head_sha,
      startedAt: run.run_started_at ?? null,
    },
  };
}
