import { z } from "zod";

/**
 * GitHub's `basic-error` body (401/403/404) and the `validation-error` body (422): both carry `message`
 * and `documentation_url`; the 401 text "Bad credentials" is not confirmed by the docs, so nothing keys on it.
 */
export const errorBodySchema = z.object({
  message: z.string(),
  documentation_url: z.string().optional(),
  status: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
});

/** `GET /user`: only what validation reads; the private/public user variants share these. */
export const userSchema = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullable().optional(), type: z.string().optional() });
export type GithubUser = z.infer<typeof userSchema>;

const simpleUserSchema = z.object({ login: z.string(), id: z.number().int() });

/**
 * An item of `GET /user/repos` (`repository`) or `GET /orgs/{org}/repos` (`minimal-repository`, where most
 * non-URL fields are optional), so only the identity fields are required.
 */
export const repositorySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  full_name: z.string(),
  owner: simpleUserSchema,
  private: z.boolean(),
  html_url: z.string(),
  fork: z.boolean(),
  description: z.string().nullable().optional(),
  default_branch: z.string().nullable().optional(),
  visibility: z.string().nullable().optional(),
  archived: z.boolean().optional(),
  disabled: z.boolean().optional(),
  language: z.string().nullable().optional(),
  stargazers_count: z.number().int().nullable().optional(),
  pushed_at: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
});
export type Repository = z.infer<typeof repositorySchema>;
export const repositoriesSchema = z.array(repositorySchema);

/** `deployment`: it has no state of its own; that lives in its statuses. */
export const deploymentSchema = z.object({
  id: z.number().int(),
  sha: z.string(),
  ref: z.string(),
  task: z.string().optional(),
  environment: z.string(),
  original_environment: z.string().optional(),
  description: z.string().nullable().optional(),
  creator: simpleUserSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  transient_environment: z.boolean().optional(),
  production_environment: z.boolean().optional(),
});
export type Deployment = z.infer<typeof deploymentSchema>;
export const deploymentsSchema = z.array(deploymentSchema);

/**
 * `deployment-status`. `state` stays a string: the REST enum has seven values, the webhook schemas add
 * `waiting`, and a new word must not fail a whole listing.
 */
export const deploymentStatusSchema = z.object({
  id: z.number().int(),
  state: z.string(),
  description: z.string().nullable().optional(),
  environment: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string().optional(),
});
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;
export const deploymentStatusesSchema = z.array(deploymentStatusSchema);
