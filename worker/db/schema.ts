import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Permissions } from "../../shared/permissions";
import type { AuditMetadata } from "../../shared/audit";
import type { RateLimitState } from "../../shared/docks";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  // Null for users provisioned by the external identity provider.
  passwordHash: text("password_hash"),
  passwordSalt: text("password_salt"),
  passwordIterations: integer("password_iterations"),
  oidcSubject: text("oidc_subject").unique(),
  createdAt: createdAt(),
});

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
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
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
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
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
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
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
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
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
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    provider: text("provider").notNull(),
    credentialsCiphertext: text("credentials_ciphertext").notNull(),
    credentialsIv: text("credentials_iv").notNull(),
    credentialsKeyId: text("credentials_key_id").notNull(),
    credentialsHint: text("credentials_hint").notNull(),
    baseUrl: text("base_url"),
    syncEnabled: integer("sync_enabled", { mode: "boolean" }).notNull().default(true),
    syncIntervalSeconds: integer("sync_interval_seconds").notNull(),
    status: text("status", { enum: ["pending", "syncing", "ok", "error", "paused"] })
      .notNull()
      .default("pending"),
    lastSyncAt: integer("last_sync_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    backoffUntil: integer("backoff_until", { mode: "timestamp_ms" }),
    nextSyncAt: integer("next_sync_at", { mode: "timestamp_ms" }),
    rateLimit: text("rate_limit", { mode: "json" }).$type<RateLimitState>(),
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
