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
    help:
      "Create one under Settings → Developer settings → Personal access tokens on GitHub. Fine-grained token: give it access to the repositories to sync " +
      "(all repositories of each owner, for organizations too) with the read-only permissions Metadata and Deployments. " +
      "Classic token: the repo scope (or public_repo to see public repositories only).",
    placeholder: "github_pat_…",
  },
];
