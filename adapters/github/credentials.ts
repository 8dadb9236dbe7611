import { z } from "zod";
import type { CredentialField } from "../../shared/api";

export const credentialsSchema = z
  .object({
    token: z
      .string()
      .trim()
      // Classic tokens are 40 characters, fine-grained ones (github_pat_…) about 93.
      .min(20, "token looks too short for a GitHub personal access token")
      .max(255)
      .regex(/^[\x21-\x7e]+$/, "token must not contain spaces or control characters"),
  })
  .strict();
export type GithubCredentials = z.infer<typeof credentialsSchema>;

export const credentialFields: CredentialField[] = [
  {
    name: "token",
    label: "Personal access token",
    secret: true,
    // GitHub's own rules: a fine-grained token has a single resource owner (a user or one organization), and
    // its repository permissions are granted per area; a classic token's scopes span every owner it can reach.
    help:
      "Create one under Settings → Developer settings → Personal access tokens on GitHub. " +
      "Fine-grained token: it covers exactly one owner — your account or one organization (which may have to approve it) — so a dock sees only that owner's repositories; " +
      "use one dock per owner. Give it access to all (or the chosen) repositories with the read-only repository permissions Metadata (repositories), " +
      "Deployments (deployments; the newest of each environment and all of the last 90 days), Actions (workflow runs: the latest of each workflow and branch of the last 30 days; " +
      "and each repository's environments), and Contents (each repository's latest release; without it, or without Actions, repositories are still listed, without that detail). " +
      "Classic token: the repo scope (or public_repo for public repositories only) and read:org, which together reach your own, collaborator and organization repositories in one dock.",
    placeholder: "github_pat_…",
  },
];
