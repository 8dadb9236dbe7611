import { defineAdapter, lastFour } from "../types";
import { githubGet, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { GithubCredentials } from "./credentials";
import { listDeployments, listRepositories, listWorkflowRuns, repositoryOwners } from "./listers";
import { userSchema } from "./schemas";
import { githubWebhooks } from "./webhook-events";

export const github = defineAdapter<GithubCredentials>({
  id: "github",
  name: PROVIDER_NAME,
  docsUrl: "https://docs.github.com/en/rest",
  defaultBaseUrl: "https://api.github.com",
  // Out of 5,000 requests an hour. Every GET is conditional, and GitHub does not charge a 304, so an unchanged
  // sync pays only for what changed and for each repository without a release (`/releases/latest` answers
  // 404, which is counted and has no ETag): at most one request per repository (request-budget.test.ts).
  defaultIntervalSeconds: 600,
  credentialFields,
  credentialsSchema,
  // Environments and releases are not kinds of their own (an environment is a target the deployments name, a
  // release a tagged artifact; neither runs, costs or needs watching): each repository carries its
  // environments and its latest release as attributes, read with conditional requests (listers.ts).
  listers: {
    repository: listRepositories,
    deployment: listDeployments,
    workflow_run: listWorkflowRuns,
  },
  // Fine-grained permissions, as `X-Accepted-GitHub-Permissions` names them; GitHub's 403 usually names them itself.
  // A repository's environments (Actions) and latest release (Contents) are read where granted and left null
  // where not, so neither is required to list repositories.
  scopes: { repository: "metadata=read", deployment: "deployments=read", workflow_run: "actions=read" },
  webhooks: githubWebhooks,
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    const { data } = await githubGet(credentials, ctx, "/user", userSchema);
    return { id: String(data.id), name: data.login };
  },

  // A dock covers the repositories of some or all owners: the token's user and its organizations, by login.
  async accounts(credentials, ctx) {
    const { data } = await githubGet(credentials, ctx, "/user", userSchema);
    return repositoryOwners(credentials, ctx, data);
  },
});
