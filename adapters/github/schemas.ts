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

/** `GET /user/orgs`: organization simple objects; only the login is used (a dock's scope names owners by it). */
export const organizationsSchema = z.array(z.object({ id: z.number().int(), login: z.string().min(1) }));

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

/**
 * `workflow-run`, only what EdgeDock shows. `status` and `conclusion` stay strings: the REST schema gives no
 * enum and the webhook schema's lists have grown over time, so a new word must not fail a listing.
 */
export const workflowRunSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable().optional(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  display_title: z.string().optional(),
  run_number: z.number().int(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  workflow_id: z.number().int(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().optional(),
});
export type WorkflowRun = z.infer<typeof workflowRunSchema>;

/** `GET /repos/{owner}/{repo}/actions/runs`: an object wrapping the page, unlike the other lists. */
export const workflowRunsSchema = z.object({ total_count: z.number().int(), workflow_runs: z.array(workflowRunSchema) });

/**
 * A rule of an environment's `protection_rules`: one of `wait_timer`, `required_reviewers`, `branch_policy`
 * (the spec's oneOf), or a custom deployment protection rule's type. Only `type` is read, so each variant
 * and any new one parse.
 */
const protectionRuleSchema = z.object({ id: z.number().int().optional(), type: z.string() });

/** `environment`: `protection_rules` is optional in the spec (absent where the plan has none). */
export const environmentSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  html_url: z.string().optional(),
  protection_rules: z.array(protectionRuleSchema).optional(),
});
export type Environment = z.infer<typeof environmentSchema>;

/** `GET /repos/{owner}/{repo}/environments`: a wrapper whose two keys the spec marks optional both. */
export const environmentsSchema = z.object({ total_count: z.number().int().optional(), environments: z.array(environmentSchema).optional() });

/**
 * `release`, only what EdgeDock shows. `name` and `published_at` are nullable in the spec (an unnamed or a
 * draft release); `/releases/latest` only ever answers a published full release, but the schema is shared.
 */
export const releaseSchema = z.object({
  id: z.number().int(),
  tag_name: z.string(),
  name: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: z.string(),
  published_at: z.string().nullable(),
  html_url: z.string(),
});
export type Release = z.infer<typeof releaseSchema>;
