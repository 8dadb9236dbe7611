import { defineAdapter, lastFour } from "../types";
import { githubGet, PROVIDER_NAME } from "./client";
import { credentialFields, credentialsSchema } from "./credentials";
import type { GithubCredentials } from "./credentials";
import { listDeployments, listRepositories } from "./listers";
import { userSchema } from "./schemas";
import { githubWebhooks } from "./webhook-events";

export const github = defineAdapter<GithubCredentials>({
  id: "github",
  name: PROVIDER_NAME,
  docsUrl: "https://docs.github.com/en/rest",
  defaultBaseUrl: "https://api.github.com",
  // A deployment sync costs a request per repository plus one per recent deployment, out of 5,000 an hour.
  defaultIntervalSeconds: 600,
  credentialFields,
  credentialsSchema,
  listers: {
    repository: listRepositories,
    deployment: listDeployments,
  },
  // Fine-grained permissions, as `X-Accepted-GitHub-Permissions` names them; GitHub's 403 usually names them itself.
  scopes: { repository: "metadata=read", deployment: "deployments=read" },
  webhooks: githubWebhooks,
  credentialsHint: (credentials) => lastFour(credentials.token),

  async validate(credentials, ctx) {
    const { data } = await githubGet(credentials, ctx, "/user", userSchema);
    return { id: String(data.id), name: data.login };
  },
});
