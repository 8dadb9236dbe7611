import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { Deployment, DeploymentStatus, Repository } from "./schemas";

/** What a repository's state is called: the conditions that make it unusable first, else its visibility. */
function repositoryState(r: Repository): { status: ResourceStatus; providerStatus: string } {
  if (r.disabled) return { status: "inactive", providerStatus: "disabled" };
  if (r.archived) return { status: "inactive", providerStatus: "archived" };
  return { status: "active", providerStatus: r.visibility ?? (r.private ? "private" : "public") };
}

export function normalizeRepository(r: Repository): NormalizedResource {
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
