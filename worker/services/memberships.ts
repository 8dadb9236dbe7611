import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Permissions } from "../../shared/permissions";
import type { Db, RoleRow } from "../db/client";
import { memberships, organizations, roles, users } from "../db/schema";

export async function listMemberships(db: Db, userId: string) {
  const rows = await db
    .select({ org: organizations, role: roles })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name), asc(organizations.id));
  return rows.map(({ org, role }) => ({
    orgId: org.id,
    orgName: org.name,
    orgCreatedAt: org.createdAt,
    role: { id: role.id, name: role.name, permissions: role.permissions },
  }));
}

function memberQuery(db: Db) {
  return db
    .select({ user: users, role: roles, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, eq(roles.id, memberships.roleId));
}

type MemberJoin = { user: typeof users.$inferSelect; role: RoleRow; joinedAt: Date };
const toMember = (r: MemberJoin) => ({
  userId: r.user.id,
  email: r.user.email,
  name: r.user.name,
  role: { id: r.role.id, name: r.role.name },
  joinedAt: r.joinedAt.toISOString(),
});

export async function listMembers(db: Db, orgId: string, limit: number, cursor?: string) {
  const conditions = [eq(memberships.organizationId, orgId)];
  if (cursor) conditions.push(gt(memberships.userId, cursor));
  const rows = await memberQuery(db).where(and(...conditions)).orderBy(asc(memberships.userId)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map(toMember), nextCursor: rows.length > limit ? page[page.length - 1]!.user.id : null };
}

export async function getMember(db: Db, orgId: string, userId: string) {
  const row = await memberQuery(db)
    .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)))
    .get();
  return row ? toMember(row) : undefined;
}

export async function findMember(db: Db, orgId: string, userId: string): Promise<{ role: RoleRow } | undefined> {
  return db
    .select({ role: roles })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)))
    .get();
}

/** Members holding a role with full organization access: an organization never loses its last one. */
export async function countOwners(db: Db, orgId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.organizationId, orgId), eq(roles.builtInKey, "owner")))
    .get();
  return row?.n ?? 0;
}

export function isOwnerRole(role: { builtInKey: string | null }): boolean {
  return role.builtInKey === "owner";
}

export type { Permissions };
