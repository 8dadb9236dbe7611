import { z } from "zod";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import type { Lister, ProviderContext } from "../types";
import { githubGet, nextLinkPath } from "./client";
import type { GithubCredentials } from "./credentials";
import { latestStatus, normalizeDeployment, normalizeRepository } from "./normalize";
import { deploymentStatusesSchema, deploymentsSchema, repositoriesSchema } from "./schemas";
import type { Repository } from "./schemas";

/** The API's maximum page size: fewest requests against the 5,000/hour limit. */
export const PER_PAGE = 100;

/**
 * Deployments read per repository: one page at GitHub's default size, the most recent first. Older ones
 * are history GitHub itself marks inactive as newer ones land in the same environment, and each one
 * listed costs another request for its status, so walking all of them would spend the hourly budget on
 * the past.
 */
export const DEPLOYMENTS_PER_REPO = 30;

/**
 * Statuses read per deployment. One would do if the list were newest first, but the contract leaves that
 * unconfirmed, so a full page is read (still one request) and the newest picked by date.
 */
export const STATUSES_PER_DEPLOYMENT = 100;

/**
 * Every repository the token can see: its own, those it collaborates on and those of its organizations.
 * Sorted by name explicitly so page boundaries stay put while a listing resumes.
 */
export function firstRepositoriesPath(): string {
  const query = new URLSearchParams({ affiliation: "owner,collaborator,organization_member", sort: "full_name", direction: "asc", per_page: String(PER_PAGE) });
  return `/user/repos?${query}`;
}

async function repositoriesPage(credentials: GithubCredentials, ctx: ProviderContext, path: string): Promise<{ repos: Repository[]; next: string | null }> {
  const { data, headers } = await githubGet(credentials, ctx, path, repositoriesSchema);
  const next = nextLinkPath(ctx.baseUrl, headers.get("link"));
  // A link back to the page just read would loop forever; only forward is progress.
  return { repos: data, next: next === path ? null : next };
}

/** The cursor is the next page's path and query as GitHub's `link` header gave it, on our base URL. */
export const listRepositories: Lister<GithubCredentials> = async function* (credentials, ctx, cursor) {
  for (let path: string | null = cursor ?? firstRepositoriesPath(); path !== null; ) {
    const { repos, next } = await repositoriesPage(credentials, ctx, path);
    yield { resources: repos.map(normalizeRepository), next };
    path = next;
  }
};

/** The response, or null when GitHub answers 404. */
async function unlessGone<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof ProviderError && err.kind === "not_found") return null;
    throw err;
  }
}

/**
 * A repository's recent deployments with their latest state. A 404 means the repository (or the
 * deployment) went away between two requests, or is hidden from the token, which GitHub reports as 404:
 * either way it has nothing to list. Requests go one at a time, as GitHub asks of a single token to keep
 * clear of its secondary limits.
 */
async function repositoryDeployments(credentials: GithubCredentials, ctx: ProviderContext, repo: Repository): Promise<NormalizedResource[]> {
  // A disabled repository refuses every API call; it cannot have anything to show.
  if (repo.disabled) return [];
  const base = `/repos/${encodeURIComponent(repo.owner.login)}/${encodeURIComponent(repo.name)}/deployments`;
  const deployments = await unlessGone(githubGet(credentials, ctx, `${base}?per_page=${DEPLOYMENTS_PER_REPO}`, deploymentsSchema));
  const resources: NormalizedResource[] = [];
  for (const deployment of deployments?.data ?? []) {
    const statuses = await unlessGone(githubGet(credentials, ctx, `${base}/${deployment.id}/statuses?per_page=${STATUSES_PER_DEPLOYMENT}`, deploymentStatusesSchema));
    if (statuses) resources.push(normalizeDeployment(repo, deployment, latestStatus(statuses.data)));
  }
  return resources;
}

/** Where a deployment listing resumes: a page of the repository listing, and the repository on it to start at. */
const deploymentCursorSchema = z.object({ repos: z.string().startsWith("/"), repo: z.number().int().nullable() }).strict();
type DeploymentCursor = z.infer<typeof deploymentCursorSchema>;

function parseDeploymentCursor(cursor: string): DeploymentCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(cursor);
  } catch {
    throw new Error(`invalid GitHub deployment cursor ${cursor}`);
  }
  const parsed = deploymentCursorSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid GitHub deployment cursor ${cursor}`);
  return parsed.data;
}

const deploymentCursor = (repos: string, repo: number | null) => JSON.stringify({ repos, repo } satisfies DeploymentCursor);

/**
 * Deployments live under each repository, so this walks the repository listing and yields a page for each
 * repository that has deployments, its cursor naming the repository after it; a page of repositories
 * without any ends in an empty page, so a resumed listing redoes at most one repository page of cheap
 * requests. A resumed repository that is no longer on its page (renamed away, deleted, or shifted by
 * others) restarts that page: listing some deployments twice is harmless, skipping some would make them
 * look deleted.
 */
export const listDeployments: Lister<GithubCredentials> = async function* (credentials, ctx, cursor) {
  const resume = cursor === null ? null : parseDeploymentCursor(cursor);
  let startAt = resume?.repo ?? null;
  for (let path: string | null = resume?.repos ?? firstRepositoriesPath(); path !== null; ) {
    const { repos, next } = await repositoriesPage(credentials, ctx, path);
    const from = startAt === null ? 0 : Math.max(0, repos.findIndex((r) => r.id === startAt));
    startAt = null;
    const todo = repos.slice(from);
    const afterPage = next === null ? null : deploymentCursor(next, null);
    // Whether the page's end has been handed out as a cursor already.
    let pageEndYielded = false;
    for (const [i, repo] of todo.entries()) {
      const resources = await repositoryDeployments(credentials, ctx, repo);
      if (resources.length === 0) continue;
      const following = todo[i + 1];
      pageEndYielded = following === undefined;
      yield { resources, next: following ? deploymentCursor(path, following.id) : afterPage };
    }
    if (!pageEndYielded) yield { resources: [], next: afterPage };
    path = next;
  }
};
