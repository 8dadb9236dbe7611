import { z } from "zod";
import { nameText } from "./text";

/** `partial`: the last run listed what the token may read, but the token lacks the permission for some kinds. */
export const DOCK_STATUSES = ["pending", "syncing", "ok", "partial", "error", "paused"] as const;
export const dockStatusSchema = z.enum(DOCK_STATUSES);
export type DockStatus = z.infer<typeof dockStatusSchema>;

/** A run that completed with some kinds not listed in full is `partial`. */
export const RUN_STATUSES = ["running", "succeeded", "partial", "failed"] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * How one kind fared in a run: `listed` in full (and swept), `failed` (its rows kept, as old as its last full
 * listing), or `permission_missing` (the token may not read it; `scope` names what to grant).
 */
export const KIND_OUTCOME_STATES = ["listed", "failed", "permission_missing"] as const;
export const kindOutcomeSchema = z.object({
  kind: z.string(),
  outcome: z.enum(KIND_OUTCOME_STATES),
  reason: z.string().nullable(),
  scope: z.string().nullable(),
  count: z.number().int().nullable(),
});
export type KindOutcome = z.infer<typeof kindOutcomeSchema>;

/**
 * Where one kind of a dock stands: how its latest attempt ended (`attemptedAt`), and when it was last listed
 * in full (`listedAt`, with the `count` it had then) — the age of the rows shown for it when it has failed
 * since. `scope` names the permission to grant when it may not be read.
 */
export const dockKindSchema = z.object({
  kind: z.string(),
  outcome: z.enum(KIND_OUTCOME_STATES),
  count: z.number().int().nullable(),
  listedAt: z.string().nullable(),
  attemptedAt: z.string().nullable(),
  reason: z.string().nullable(),
  scope: z.string().nullable(),
});
export type DockKind = z.infer<typeof dockKindSchema>;

/** The provider's rate-limit headers as last seen, normalized. */
export const rateLimitStateSchema = z.object({
  limit: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  resetAt: z.string().nullable(),
  observedAt: z.string(),
});
export type RateLimitState = z.infer<typeof rateLimitStateSchema>;

export const MIN_SYNC_INTERVAL_SECONDS = 60;
export const MAX_SYNC_INTERVAL_SECONDS = 7 * 24 * 3600;

export const dockSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  status: dockStatusSchema,
  credentialsHint: z.string(),
  baseUrl: z.string().nullable(),
  syncEnabled: z.boolean(),
  syncIntervalSeconds: z.number().int(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  backoffUntil: z.string().nullable(),
  nextSyncAt: z.string().nullable(),
  rateLimit: rateLimitStateSchema.nullable(),
  /**
   * Each kind the dock has tried to list, in the provider's order; none before its first run. Defaulted so a
   * dock status logged on the live channel before kinds were reported (replayed for a day) still reads.
   */
  kinds: z.array(dockKindSchema).default([]),
  /**
   * The accounts (teams, organizations, owners) the dock covers, by the provider's id; null: every account the
   * credentials see, including ones they come to see later. Defaulted for dock statuses logged before scopes.
   */
  scope: z.array(z.string()).nullable().default(null),
  createdAt: z.string(),
});
export type Dock = z.infer<typeof dockSchema>;

/** An account the credentials reach: what a dock's `scope` names, and its name for people. */
export const dockAccountSchema = z.object({ id: z.string(), name: z.string() });
export type DockAccount = z.infer<typeof dockAccountSchema>;

/** A dock's scope as a request names it: at least one account id, none twice. */
const dockScope = z
  .array(z.string().min(1).max(200))
  .min(1, "scope must name at least one account; leave it out to cover every account")
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, "scope names an account twice")
  .describe("Ids of the accounts to cover, as POST …/docks/accounts lists them; leave out to cover every account the credentials see");

const dockName = nameText(100);
const interval = z
  .number()
  .int()
  .min(MIN_SYNC_INTERVAL_SECONDS, `syncIntervalSeconds must be at least ${MIN_SYNC_INTERVAL_SECONDS}`)
  .max(MAX_SYNC_INTERVAL_SECONDS);
const baseUrl = z.url({ protocol: /^https?$/, error: "baseUrl must be an http(s) URL" }).max(2048);

export const createDockSchema = z
  .object({
    name: dockName,
    provider: z.string().min(1).max(64),
    // Checked against the provider's own credential schema once the provider is known.
    credentials: z.record(z.string(), z.string().max(4096)),
    baseUrl: baseUrl.optional(),
    syncIntervalSeconds: interval.optional(),
    scope: dockScope.optional(),
  })
  .strict();
export type CreateDockInput = z.infer<typeof createDockSchema>;

/** Credentials to look up the accounts of, before a dock is connected with them. */
export const discoverAccountsSchema = z
  .object({
    provider: z.string().min(1).max(64),
    credentials: z.record(z.string(), z.string().max(4096)),
    baseUrl: baseUrl.optional(),
  })
  .strict();
export type DiscoverAccountsInput = z.infer<typeof discoverAccountsSchema>;

export const discoveredAccountsSchema = z.object({ accounts: z.array(dockAccountSchema) });

export const updateDockSchema = z
  .object({
    name: dockName.optional(),
    credentials: z.record(z.string(), z.string().max(4096)).optional(),
    baseUrl: baseUrl.nullable().optional(),
    syncEnabled: z.boolean().optional(),
    syncIntervalSeconds: interval.optional(),
    /** Null: every account. A list is checked against the accounts the credentials see, so it needs them entered. */
    scope: dockScope.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "the body must change at least one field" });
export type UpdateDockInput = z.infer<typeof updateDockSchema>;
