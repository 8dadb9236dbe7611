import { is, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { AuditAction, AuditMetadata } from "../shared/audit";
import type { Db } from "./db/client";
import { auditLog } from "./db/schema";

export interface AuditInput {
  organizationId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  result?: "success" | "denied" | "failure";
  metadata?: AuditMetadata;
}

export interface AuditActor {
  actorType: "user" | "token" | "system" | "anonymous";
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { actorType: "system", actorId: null, ip: null, userAgent: null };

/** A query to put in the same `batch()` as the change it records, so neither lands without the other. */
export function auditInsert(db: Db, actor: AuditActor, input: AuditInput) {
  return db.insert(auditLog).values({
    organizationId: input.organizationId,
    actorType: actor.actorType,
    actorId: actor.actorId,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    result: input.result ?? "success",
    metadata: input.metadata ?? null,
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
}

/** An entry whose target and metadata may be read from the row it is selected from. */
export interface AuditRowsInput extends Omit<AuditInput, "organizationId" | "targetId" | "metadata"> {
  organizationId: string;
  targetId?: string | SQL;
  /** A flat record, or a `json_object(…)` over the source row. */
  metadata?: AuditMetadata | SQL;
}

const constant = (value: string | null) => (value === null ? sql`null` : sql`${value}`);

/**
 * One entry per row of `source` matching `where`, for a change made by a conditional statement in the same
 * `batch()`: selected under the change's own condition, an entry lands exactly when the change does.
 */
export function auditInsertFrom(db: Db, actor: AuditActor, input: AuditRowsInput, source: SQLiteTable, where: SQL) {
  const metadata = input.metadata === undefined ? sql`null` : is(input.metadata, SQL) ? input.metadata : sql`${JSON.stringify(input.metadata)}`;
  const targetId = input.targetId === undefined ? sql`null` : is(input.targetId, SQL) ? input.targetId : sql`${input.targetId}`;
  return db.insert(auditLog).select(
    db
      // Every column, in the table's order, as an insert-select requires; defaults do not apply to it.
      .select({
        id: sql`null`.as("id"),
        organizationId: sql`${input.organizationId}`.as("organization_id"),
        actorType: sql`${actor.actorType}`.as("actor_type"),
        actorId: constant(actor.actorId).as("actor_id"),
        action: sql`${input.action}`.as("action"),
        targetType: constant(input.targetType ?? null).as("target_type"),
        targetId: targetId.as("target_id"),
        result: sql`${input.result ?? "success"}`.as("result"),
        metadata: metadata.as("metadata"),
        ip: constant(actor.ip).as("ip"),
        userAgent: constant(actor.userAgent).as("user_agent"),
        createdAt: sql`(unixepoch('subsec') * 1000)`.as("created_at"),
      })
      .from(source)
      .where(where),
  );
}

