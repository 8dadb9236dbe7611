import type { Context } from "hono";
import { and, desc, eq, gte, lt, lte } from "drizzle-orm";
import type { AuditAction, AuditEntry, AuditMetadata } from "../../shared/audit";
import type { AppEnv } from "../context";
import type { Db } from "../db/client";
import { auditLog, users } from "../db/schema";

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

export function actorOf(c: Context<AppEnv>): AuditActor {
  const principal = c.get("principal");
  const ip = c.req.header("cf-connecting-ip") ?? null;
  const userAgent = c.req.header("user-agent")?.slice(0, 512) ?? null;
  if (!principal) return { actorType: "anonymous", actorId: null, ip, userAgent };
  if (principal.kind === "token") return { actorType: "token", actorId: principal.token.id, ip, userAgent };
  return { actorType: "user", actorId: principal.user.id, ip, userAgent };
}

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

export async function audit(c: Context<AppEnv>, input: AuditInput): Promise<void> {
  await auditInsert(c.get("db"), actorOf(c), input);
}

export interface AuditFilter {
  organizationId: string;
  limit: number;
  cursor?: number;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const conditions = [eq(auditLog.organizationId, f.organizationId)];
  if (f.cursor !== undefined) conditions.push(lt(auditLog.id, f.cursor));
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.actorId) conditions.push(eq(auditLog.actorId, f.actorId));
  if (f.targetType) conditions.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conditions.push(eq(auditLog.targetId, f.targetId));
  if (f.from) conditions.push(gte(auditLog.createdAt, f.from));
  if (f.to) conditions.push(lte(auditLog.createdAt, f.to));
  const rows = await db
    .select({ entry: auditLog, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return {
    items: page.map(({ entry, actorName }) => ({
      id: String(entry.id),
      action: entry.action,
      actor: { type: entry.actorType, id: entry.actorId, name: entry.actorType === "user" ? actorName : null },
      target: { type: entry.targetType, id: entry.targetId },
      result: entry.result,
      metadata: entry.metadata,
      ip: entry.ip,
      userAgent: entry.userAgent,
      at: entry.createdAt.toISOString(),
    })),
    nextCursor: rows.length > f.limit ? String(page[page.length - 1]!.entry.id) : null,
  };
}
