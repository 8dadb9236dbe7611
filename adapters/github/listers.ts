import type { z } from "zod";
import type { NormalizedResource } from "../../shared/resources";
import { ProviderError } from "../errors";
import { getJson } from "../http";
import { inDockScope, isNotFound, itemPages, linkHeader, nested, resolvePath } from "../kit";
import type { FetchPage, ItemPager } from "../kit";
import type { AccountInfo, Lister, ProviderContext } from "../types";
import { githubHttp } from "./client";
import type { GithubCredentials } from "./credentials";
import { latestStatus, normalizeDeployment, normalizeRepository, normalizeWorkflowRun, summarizeEnvironment } from "./normalize";
import type { RepositoryEnvironment, RepositoryExtras } from "./normalize";
import { deploymentStatusesSchema, deploymentsSchema, environmentsSchema, organizationsSchema, releaseSchema, repositoriesSchema, workflowRunsSchema } from "./schemas";
import type { DeploymentStatus, Release, Repository } from "./schemas";

/** The API's maximum page size: fewest requests against the 5,000/hour limit. */
export const PER_PAGE = 100;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deployment retention window: every deployment created in the last 90 days is listed, paging through
 * `/deployments` at 100 a page until a page reaches past the window (GitHub lists them newest first). 90
 * days covers a quarter of release history — enough to see what went out since the last quarterly review,
 * or to find the deployment a regression came with — while an idle repository's deployments past that are
 * only history GitHub itself marks inactive. So that an environment's current deployment never vanishes
 * merely for being old, the newest deployment of each environment on the pages read (the first page at
 * least) is kept as well. Anything else is swept.
 */
export const DEPLOYMENT_RETENTION_DAYS = 90;

/**
 * Statuses read per deployment. One would do if the list were newest first, but the contract leaves that
 * unconfirmed, so a full page is read (still one request) and the newest picked by date.
 */
export const STATUSES_PER_DEPLOYMENT = 100;

/**
 * Latest states after which GitHub does not move a deployment on by itself: `inactive` (a newer deployment
 * of the environment took over), `failure` and `error`. `success` is not one of them: it turns `inactive`
 * when a newer deployment of the same environment succeeds, without that page of deployments changing.
 */
const SETTLED_STATES: ReadonlySet<string> = new Set(["inactive", "failure", "error"]);

/**
 * Workflow runs: the latest run of each workflow on each branch that ran in the last 30 days, from the
 * repository's runs newest first, at most 10 pages (1,000 runs) a repository, so one busy repository cannot
 * spend the hourly budget on its history. A workflow and branch that last ran earlier is swept.
 */
export const WORKFLOW_RUN_WINDOW_DAYS = 30;
export const MAX_WORKFLOW_RUN_PAGES = 10;

/**
 * Every repository the token can see: its own, those it collaborates on and those of its organizations
 * (GitHub's three affiliations; the token's scopes and each organization's policy on tokens decide which). A
 * fine-grained token is bound to one owner, so the same request returns only that owner's repositories it
 * was granted. Sorted by name explicitly so page boundaries stay put while a listing resumes.
 */
const REPOSITORIES_QUERY = { affiliation: "owner,collaborator,organization_member", sort: "full_name", direction: "asc", per_page: PER_PAGE };

export function firstRepositoriesPath(): string {
  return `/user/repos?${new URLSearchParams(Object.entries(REPOSITORIES_QUERY).map(([key, value]): [string, string] => [key, String(value)]))}`;
}

/** Every repository the token sees; the cursor is the next page's path and query as GitHub's `link` header gave it. */
const allRepositoryPages = itemPages(repositoriesSchema, { http: githubHttp, path: "/user/repos", query: REPOSITORIES_QUERY, items: (repos) => repos, paging: linkHeader() });

/**
 * The repositories of the owners the dock covers (all when it names none). GitHub has no "repositories of
 * these owners" listing for a token, so the one listing is filtered: a page of other owners' repositories
 * still costs its request, and its cursor still moves on.
 */
const repositoryPages: ItemPager<GithubCredentials, Repository> = async function* (credentials, ctx, cursor) {
  for await (const page of allRepositoryPages(credentials, ctx, cursor)) yield { ...page, items: page.items.filter((repo) => inDockScope(ctx, repo.owner.login)) };
};

/** `GET /user/orgs`: the organizations the token may see, 100 a page. */
const organizationPages = itemPages(organizationsSchema, { http: githubHttp, path: "/user/orgs", query: { per_page: PER_PAGE }, items: (orgs) => orgs, paging: linkHeader() });

/**
 * The owners whose repositories a dock can cover: the token's user and every organization it may see. A
 * fine-grained token is bound to one owner and sees that one's repositories only, whatever it lists here.
 */
export async function repositoryOwners(credentials: GithubCredentials, ctx: ProviderContext, user: { login: string }): Promise<AccountInfo[]> {
  const owners: AccountInfo[] = [{ id: user.login, name: `${user.login} (personal)` }];
  for await (const page of organizationPages(credentials, ctx, null)) for (const org of page.items) owners.push({ id: org.login, name: org.login });
  return owners;
}

/** One page of a repository's own list, and whether GitHub answered it 304 (the cached body reused). */
interface LinkedPage<Body> {
  body: Body;
  notModified: boolean;
  /** The path and query this page was fetched with. */
  path: string;
  /** The next page's, or null on the last page. */
  next: string | null;
}

/**
 * Every page of one list from `start`, through the kit's `link`-header paging (which refuses a next link
 * off the base URL or back to the same page), keeping what the shared client says about each response.
 * Requests go one at a time, as GitHub asks of a single token to keep clear of its secondary limits.
 */
async function* linkedPages<Body>(credentials: GithubCredentials, ctx: ProviderContext, start: string, schema: z.ZodType<Body>): AsyncGenerator<LinkedPage<Body>> {
  const http = githubHttp(credentials);
  const fetch: FetchPage<unknown, { body: Body; notModified: boolean }> = async (request, read) => {
    const url = resolvePath(ctx.baseUrl, request.path ?? start);
    const { data, headers, notModified } = await getJson(ctx, http, url, schema);
    return { step: read({ body: data, headers, items: [], url }), page: { body: data, notModified } };
  };
  for await (const { page, at, next } of linkHeader().walk(start, fetch, { provider: http.provider, baseUrl: ctx.baseUrl })) {
    yield { ...page, path: at ?? start, next };
  }
}

const repoPath = (repo: Repository) => `/repos/${encodeURIComponent(repo.owner.login)}/${encodeURIComponent(repo.name)}`;

/**
 * Whether an error only means this part of a repository cannot be read: 404 (nothing there, or hidden from
 * the token, which GitHub reports alike) or a refusal (a fine-grained token without that permission, an
 * organization's SAML or IP policy). Neither should fail the listing of repositories.
 */
const unreadable = (err: unknown) => isNotFound(err) || (err instanceof ProviderError && err.kind === "permission_missing");

/**
 * The repository's environments, all pages of them; null when the token may not read them. A 404 is none:
 * a private repository on a plan without environments has none to show.
 */
async function repositoryEnvironments(credentials: GithubCredentials, ctx: ProviderContext, repo: Repository): Promise<RepositoryEnvironment[] | null> {
  const environments: RepositoryEnvironment[] = [];
  try {
    for await (const page of linkedPages(credentials, ctx, `${repoPath(repo)}/environments?per_page=${PER_PAGE}`, environmentsSchema)) {
      for (const environment of page.body.environments ?? []) environments.push(summarizeEnvironment(environment));
    }
  } catch (err) {
    if (isNotFound(err)) return [];
    if (unreadable(err)) return null;
    throw err;
  }
  return environments;
}

/** GitHub's latest release (the newest published one that is neither a draft nor a prerelease); its 404 is "none yet". */
async function latestRelease(credentials: GithubCredentials, ctx: ProviderContext, repo: Repository): Promise<Release | null> {
  try {
    return (await getJson(ctx, githubHttp(credentials), resolvePath(ctx.baseUrl, `${repoPath(repo)}/releases/latest`), releaseSchema)).data;
  } catch (err) {
    if (unreadable(err)) return null;
    throw err;
  }
}

/**
 * Environments and the latest release, two conditional requests a repository: an unchanged one answers 304,
 * which GitHub does not count. A disabled repository refuses every API call, so it is not asked.
 */
async function repositoryExtras(credentials: GithubCredentials, ctx: ProviderContext, repo: Repository): Promise<RepositoryExtras> {
  if (repo.disabled) return { environments: null, latestRelease: null };
  const environments = await repositoryEnvironments(credentials, ctx, repo);
  return { environments, latestRelease: await latestRelease(credentials, ctx, repo) };
}

export const listRepositories: Lister<GithubCredentials> = async function* (credentials, ctx, cursor) {
  for await (const page of repositoryPages(credentials, ctx, cursor)) {
    const resources: NormalizedResource[] = [];
    for (const repo of page.items) resources.push(normalizeRepository(repo, await repositoryExtras(credentials, ctx, repo)));
    yield { resources, next: page.next };
  }
};

/** The latest status the cache already holds for a statuses page, without asking GitHub. */
function cachedLatestStatus(ctx: ProviderContext, path: string): DeploymentStatus | null {
  const entry = ctx.httpCache?.get(resolvePath(ctx.baseUrl, path));
  if (!entry) return null;
  let body: unknown;
  try {
    body = JSON.parse(entry.body);
  } catch {
    return null;
  }
  const parsed = deploymentStatusesSchema.safeParse(body);
  return parsed.success ? latestStatus(parsed.data) : null;
}

/**
 * A deployment's latest status; undefined when its statuses answer 404 (it was deleted in between).
 * What keeps an unchanged re-sync cheap: the statuses of a deployment that has settled (`SETTLED_STATES`)
 * on a page of deployments GitHub answered 304 are taken from the cache without a request at all, and every
 * other statuses request is conditional, so an unchanged one is a 304 that GitHub does not charge. A status
 * posted by hand to a settled deployment still arrives through the `deployment_status` webhook, and the
 * next time its page of deployments changes it is asked for again.
 */
async function deploymentLatestStatus(credentials: GithubCredentials, ctx: ProviderContext, path: string, pageUnchanged: boolean): Promise<DeploymentStatus | null | undefined> {
  if (pageUnchanged) {
    const cached = cachedLatestStatus(ctx, path);
    if (cached && SETTLED_STATES.has(cached.state)) return cached;
  }
  try {
    const statuses = await getJson(ctx, githubHttp(credentials), resolvePath(ctx.baseUrl, path), deploymentStatusesSchema);
    return latestStatus(statuses.data);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The path of the first page of a repository's deployments. */
export const firstDeploymentsPath = (repo: Repository) => `${repoPath(repo)}/deployments?per_page=${PER_PAGE}`;

/** The path of the first page of a repository's workflow runs; pull-request details are not used, so not sent. */
export const firstWorkflowRunsPath = (repo: Repository) => `${repoPath(repo)}/actions/runs?per_page=${PER_PAGE}&exclude_pull_requests=true`;

/** A page of one repository's children and the page to go on with (null: the end). */
interface ChildPage {
  resources: NormalizedResource[];
  next: string | null;
}

/**
 * One repository's children from its first page: what each page adds (given what the pages before it
 * took, as `taken` remembers) and whether the walk stops there. `emit` is false on the pages before a
 * resumed cursor, read again (conditional, so mostly free) only to learn what they took.
 */
type ChildWalk = (credentials: GithubCredentials, ctx: ProviderContext, repo: Repository, resumeAt: string | null) => AsyncGenerator<ChildPage, boolean>;

/**
 * The children of one repository as a lister for the kit's `nested`: only pages that hold something are
 * handed on (`nested` then ends a page of repositories without any in one empty page). A cursor that no
 * page matches any more — the pages shifted since it was handed out — starts the repository again from
 * its first page: listing some twice is harmless, skipping some would make them look deleted.
 */
function childLister(walk: ChildWalk, repo: Repository): Lister<GithubCredentials> {
  return async function* (credentials, ctx, cursor) {
    // A disabled repository refuses every API call; it cannot have anything to show.
    if (repo.disabled) return;
    const matched = yield* walk(credentials, ctx, repo, cursor);
    if (!matched) yield* walk(credentials, ctx, repo, null);
  };
}

const deploymentWalk: ChildWalk = async function* (credentials, ctx, repo, resumeAt) {
  const since = Date.now() - DEPLOYMENT_RETENTION_DAYS * DAY_MS;
  const environments = new Set<string>();
  let emitting = resumeAt === null;
  for await (const page of linkedPages(credentials, ctx, firstDeploymentsPath(repo), deploymentsSchema)) {
    if (page.path === resumeAt) emitting = true;
    const resources: NormalizedResource[] = [];
    let pastWindow = false;
    for (const deployment of page.body) {
      const inWindow = Date.parse(deployment.created_at) >= since;
      pastWindow ||= !inWindow;
      const newestOfEnvironment = !environments.has(deployment.environment);
      environments.add(deployment.environment);
      if (!emitting || !(inWindow || newestOfEnvironment)) continue;
      const path = `${repoPath(repo)}/deployments/${deployment.id}/statuses?per_page=${STATUSES_PER_DEPLOYMENT}`;
      const latest = await deploymentLatestStatus(credentials, ctx, path, page.notModified);
      if (latest !== undefined) resources.push(normalizeDeployment(repo, deployment, latest));
    }
    // GitHub lists newest first: once a page reaches past the window, the pages after it are older still.
    const next = pastWindow ? null : page.next;
    if (emitting && resources.length > 0) yield { resources, next };
    if (next === null) break;
  }
  return emitting;
};

/**
 * The latest run of each workflow and branch (`WORKFLOW_RUN_WINDOW_DAYS`, `MAX_WORKFLOW_RUN_PAGES`). GitHub
 * has no parameter for "latest per workflow", so the newest-first list is read and each workflow and branch
 * taken once.
 */
const workflowRunWalk: ChildWalk = async function* (credentials, ctx, repo, resumeAt) {
  const since = Date.now() - WORKFLOW_RUN_WINDOW_DAYS * DAY_MS;
  const taken = new Set<string>();
  let emitting = resumeAt === null;
  let read = 0;
  for await (const page of linkedPages(credentials, ctx, firstWorkflowRunsPath(repo), workflowRunsSchema)) {
    read++;
    if (page.path === resumeAt) emitting = true;
    const resources: NormalizedResource[] = [];
    let pastWindow = false;
    for (const run of page.body.workflow_runs) {
      if (Date.parse(run.created_at) < since) {
        pastWindow = true;
        continue;
      }
      const key = `${run.workflow_id}\n${run.head_branch ?? ""}`;
      if (taken.has(key)) continue;
      taken.add(key);
      if (emitting) resources.push(normalizeWorkflowRun(repo, run));
    }
    const next = pastWindow || read >= MAX_WORKFLOW_RUN_PAGES ? null : page.next;
    if (emitting && resources.length > 0) yield { resources, next };
    if (next === null) break;
  }
  return emitting;
};

/**
 * Children of every repository through the kit's `nested`: the cursor is `[repository page, repository id,
 * page of its children]`. A repository deleted between the two listings answers 404 and is passed over.
 */
function perRepository(walk: ChildWalk): Lister<GithubCredentials> {
  return nested({ parents: repositoryPages, parentId: (repo) => String(repo.id), children: (repo) => childLister(walk, repo) });
}

/** Deployments of every repository within the retention window, with their latest state. */
export const listDeployments = perRepository(deploymentWalk);

/** The latest workflow run of each workflow and branch of every repository. */
export const listWorkflowRuns = perRepository(workflowRunWalk);
