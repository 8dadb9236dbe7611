import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Permissions } from "../../shared/permissions";
import type { AuditMetadata } from "../../shared/audit";
import type { KindOutcome, RateLimitState } from "../../shared/docks";
import { DOCK_STATUSES, KIND_OUTCOME_STATES, RUN_STATUSES } from "../../shared/docks";
import type { FieldChange, KindAttributes } from "../../shared/resources";
import { CHANGE_TYPES, RESOURCE_STATUSES, SYNC_TRIGGERS } from "../../shared/resources";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** The owning organization: rows go when it goes. */
const organizationRef = () =>
  text("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/** The owning dock: rows go when it goes. */
const dockRef = () =>
  text("dock_id")
    .notNull()
    .references(() => docks.id, { onDelete: "cascade" });

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  // Null for users provisioned by the external identity provider.
  passwordHash: text("password_hash"),
  passwordSalt: text("password_salt"),
  passwordIterations: integer("password_iterations"),
  oidcSubject: text("oidc_subject").unique(),
  // When the owner proved they receive mail at `email` (a verification link, or an identity provider that
  // asserts email_verified). Only a proven address may be linked to another identity by email.
  emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});

/**
 * Single-use links mailed to a user (email verification). Only the SHA-256 of the token is kept; the
 * token is bound to the address it was sent to, so a link for an old address proves nothing about a new one.
 */
export const emailTokens = sqliteTable(
  "email_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["verify_email"] }).notNull(),
    email: text("email").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("email_tokens_user_idx").on(t.userId, t.purpose)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the cookie value: a leaked table cannot be replayed.
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed log-in counters, keyed by `email:<address>` and `ip:<address>`. */
export const authThrottle = sqliteTable("auth_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: integer("window_started_at", { mode: "timestamp_ms" }).notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
});

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const roles = sqliteTable(
  "roles",
  {
    id: text("id").primaryKey(),
    organizationId: organizationRef(),
    name: text("name").notNull(),
    // 'owner' | 'admin' | 'viewer' for the built-in roles, which cannot be edited or deleted.
    builtInKey: text("built_in_key"),
    permissions: text("permissions", { mode: "json" }).$type<Permissions>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("roles_org_name_uq").on(t.organizationId, t.name)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    organizationId: organizationRef(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    organizationId: organizationRef(),
    email: text("email").notNull(),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_org_idx").on(t.organizationId, t.createdAt)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    organizationId: organizationRef(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // The visible start of the token, so people can tell their tokens apart.
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // Null: the token carries its creator's role, whatever it is at request time.
    roleId: text("role_id").references(() => roles.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("api_tokens_org_idx").on(t.organizationId, t.createdAt)],
);

export const docks = sqliteTable(
  "docks",
  {
    id: text("id").primaryKey(),
    organizationId: organizationRef(),
    name: text("name").notNull(),
    provider: text("provider").notNull(),
    credentialsCiphertext: text("credentials_ciphertext").notNull(),
    credentialsIv: text("credentials_iv").notNull(),
    credentialsKeyId: text("credentials_key_id").notNull(),
    credentialsHint: text("credentials_hint").notNull(),
    baseUrl: text("base_url"),
    syncEnabled: integer("sync_enabled", { mode: "boolean" }).notNull().default(true),
    syncIntervalSeconds: integer("sync_interval_seconds").notNull(),
    status: text("status", { enum: DOCK_STATUSES })
      .notNull()
      .default("pending"),
    lastSyncAt: integer("last_sync_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    backoffUntil: integer("backoff_until", { mode: "timestamp_ms" }),
    nextSyncAt: integer("next_sync_at", { mode: "timestamp_ms" }),
    rateLimit: text("rate_limit", { mode: "json" }).$type<RateLimitState>(),
    // The provider accounts (teams, organizations, owners) this dock covers; null: every one the token sees.
    scope: text("scope", { mode: "json" }).$type<string[]>(),
    // The secret the provider signs webhook deliveries with, sealed like the credentials (own AAD purpose).
    webhookSecretCiphertext: text("webhook_secret_ciphertext"),
    webhookSecretIv: text("webhook_secret_iv"),
    webhookSecretKeyId: text("webhook_secret_key_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("docks_org_idx").on(t.organizationId, t.createdAt),
    // The cron's overdue-dock query reads this index only.
    index("docks_next_sync_idx").on(t.syncEnabled, t.nextSyncAt),
    index("docks_key_idx").on(t.credentialsKeyId),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    // Monotonic, so it doubles as the newest-first pagination cursor.
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Null for events that belong to no organization (sign-up, log-in).
    organizationId: text("organization_id"),
    actorType: text("actor_type", { enum: ["user", "token", "system", "anonymous"] }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    result: text("result", { enum: ["success", "denied", "failure"] }).notNull(),
    metadata: text("metadata", { mode: "json" }).$type<AuditMetadata>(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_org_idx").on(t.organizationId, t.id),
    index("audit_org_action_idx").on(t.organizationId, t.action, t.id),
    index("audit_org_actor_idx").on(t.organizationId, t.actorId, t.id),
    index("audit_org_target_idx").on(t.organizationId, t.targetType, t.targetId, t.id),
  ],
);

export const resources = sqliteTable(
  "resources",
  {
    id: text("id").primaryKey(),
    organizationId: organizationRef(),
    dockId: dockRef(),
    provider: text("provider").notNull(),
    kind: text("kind").$type<KindAttributes["kind"]>().notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: RESOURCE_STATUSES }).notNull(),
    providerStatus: text("provider_status"),
    region: text("region"),
    url: text("url"),
    providerCreatedAt: text("provider_created_at"),
    monthlyCostCents: integer("monthly_cost_cents"),
    currency: text("currency"),
    // Typed by kind through shared/resources.ts; validated before every write.
    attributes: text("attributes", { mode: "json" }).$type<KindAttributes["attributes"]>().notNull(),
    firstSeenAt: integer("first_seen_at", { mode: "timestamp_ms" }).notNull(),
    // When the row last changed or was confirmed by a listing that touched it; see the dock's kind state for "seen in the last complete listing".
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    contentHash: text("content_hash").notNull(),
    // The provider's id of the resource this one belongs to (a record's domain, a deployment's service); its
    // kind is the declared parent kind of this kind, its dock this row's dock.
    parentExternalId: text("parent_external_id"),
  },
  (t) => [
    uniqueIndex("resources_dock_kind_external_uq").on(t.dockId, t.kind, t.externalId),
    // No plain (organization, kind, id) or (organization, id) index: every query by organization and kind is
    // served by one of the sort indexes below (they share that prefix), and each index costs every sync write.
    // One per sort of the resource list (worker/services/resource-order.ts): a sorted page, and the page after
    // a cursor, is a range of one of these, never a sort of the whole list. The trailing id is the tiebreak.
    index("resources_org_kind_name_idx").on(t.organizationId, t.kind, sql`${t.name} COLLATE NOCASE`, t.id),
    index("resources_org_kind_status_idx").on(t.organizationId, t.kind, t.status, t.id),
    index("resources_org_kind_region_idx").on(t.organizationId, t.kind, t.region, t.id),
    index("resources_org_kind_cost_idx").on(t.organizationId, t.kind, t.monthlyCostCents, t.id),
    index("resources_org_kind_created_idx").on(t.organizationId, t.kind, t.providerCreatedAt, t.id),
    index("resources_org_kind_updated_idx").on(t.organizationId, t.kind, t.lastSeenAt, t.id),
    // The children of one resource (records of a domain, deployments of a service), by name; partial, so rows
    // without a parent cost it nothing on write.
    index("resources_dock_parent_idx")
      .on(t.dockId, t.parentExternalId, t.kind, sql`${t.name} COLLATE NOCASE`, t.id)
      .where(sql`${t.parentExternalId} IS NOT NULL`),
  ],
);

export const resourceEvents = sqliteTable(
  "resource_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: organizationRef(),
    // Per organization, strictly increasing; assigned by the organization's OrgHub, its only writer.
    seq: integer("seq").notNull(),
    resourceId: text("resource_id").notNull(),
    dockId: text("dock_id").notNull(),
    kind: text("kind").$type<KindAttributes["kind"]>().notNull(),
    name: text("name").notNull(),
    change: text("change", { enum: CHANGE_TYPES }).notNull(),
    diff: text("diff", { mode: "json" }).$type<FieldChange[]>().notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("resource_events_org_seq_uq").on(t.organizationId, t.seq),
    index("resource_events_resource_idx").on(t.resourceId, t.seq),
    index("resource_events_dock_idx").on(t.dockId, t.seq),
  ],
);

export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: text("id").primaryKey(),
    organizationId: organizationRef(),
    dockId: dockRef(),
    trigger: text("trigger", { enum: SYNC_TRIGGERS }).notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    pages: integer("pages").notNull().default(0),
    requests: integer("requests").notNull().default(0),
    seen: integer("seen").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    error: text("error"),
    // Per kind: listed in full, failed (why), or not readable with this token (which scope to add).
    kinds: text("kinds", { mode: "json" }).$type<KindOutcome[]>(),
  },
  (t) => [index("sync_runs_dock_idx").on(t.dockId, t.id)],
);

/** When each kind of a dock was last listed completely: every live resource of it was seen then. */
export const dockKindListings = sqliteTable(
  "dock_kind_listings",
  {
    dockId: dockRef(),
    kind: text("kind").$type<KindAttributes["kind"]>().notNull(),
    // The last complete listing; null while the kind has never been listed in full.
    listedAt: integer("listed_at", { mode: "timestamp_ms" }),
    count: integer("count"),
    // How the kind's last attempt ended, and when; a kind that failed keeps its rows from `listedAt`.
    outcome: text("outcome", { enum: KIND_OUTCOME_STATES }).notNull().default("listed"),
    reason: text("reason"),
    missingScope: text("missing_scope"),
    attemptedAt: integer("attempted_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.dockId, t.kind] })],
);

/** Webhook deliveries already handled, by delivery id and by body digest: a repeat is acknowledged and dropped. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    dockId: dockRef(),
    deliveryId: text("delivery_id").notNull(),
    event: text("event").notNull(),
    // SHA-256 of the signed body: the delivery id and event name are not signed, so a replay under a new id
    // is caught by its body.
    bodyDigest: text("body_digest"),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.dockId, t.deliveryId] }),
    index("webhook_deliveries_received_idx").on(t.receivedAt),
    index("webhook_deliveries_digest_idx").on(t.dockId, t.bodyDigest),
  ],
);

/**
 * Unauthenticated deliveries refused per dock and minute. Anyone can post to a webhook URL, so the audit log
 * gets one entry per dock and minute that counts them (`auditId`), not one entry per request.
 */
export const webhookRefusals = sqliteTable(
  "webhook_refusals",
  {
    dockId: dockRef(),
    // Minutes since the epoch: the window one audit entry covers.
    minute: integer("minute").notNull(),
    count: integer("count").notNull(),
    auditId: integer("audit_id"),
  },
  (t) => [primaryKey({ columns: [t.dockId, t.minute] }), index("webhook_refusals_minute_idx").on(t.minute)],
);
