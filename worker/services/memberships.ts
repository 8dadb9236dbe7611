import { and, asc, eq, exists, gt, isNull, notInArray, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Permissions } from "../../shared/permissions";
import type { Db, RoleRow } from "../../core/db/client";
import { apiTokens, invitations, memberships, organizations, roles, users } from "../../core/db/schema";
import { ApiError, notFound } from "../lib/errors";
import { idCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import type { AuditActor } from "../../core/audit";
import { auditInsertFrom } from "../../core/audit";
import { canInvite } from "./roles";

type InvitationRow = typeof invitations.$inferSelect;

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

/** By user id: unique within the organization, and read in order from the (organization, user) primary key. */
const BY_USER = keyset<MemberJoin>({ columns: [{ expr: memberships.userId, type: "text", read: (r) => r.user.id }], order: "asc", format: idCursor("usr") });

export async function listMembers(db: Db, orgId: string, limit: number, cursor?: string) {
  const page = await readKeysetPage(BY_USER, { limit, cursor }, (range, n) =>
    memberQuery(db)
      .where(and(eq(memberships.organizationId, orgId), ...range.where))
      .orderBy(...range.orderBy)
      .limit(n),
  );
  return mapPage(page, toMember);
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

export function isOwnerRole(role: { builtInKey: string | null }): boolean {
  return role.builtInKey === "owner";
}

export const lastOwnerConflict = () => new ApiError("conflict", "the organization needs at least one Owner; make someone else Owner first");

// ---- removing a member and changing a member's role ----

const ownerMemberships = alias(memberships, "owner_memberships");
const ownerRoles = alias(roles, "owner_roles");

interface MembershipChange {
  orgId: string;
  userId: string;
  /** The role the caller saw the member in, and checked their right to change against. */
  roleId: string;
  /** The change leaves the member without the Owner role. */
  losesOwner: boolean;
}

/**
 * The condition every statement of a removal or role change is written under: the membership is still the one
 * the caller checked, and a change that takes an Owner away leaves another. Owners are counted inside the
 * statement, not before it: two requests that each saw two Owners cannot both pass, because a D1 batch is a
 * transaction and batches run one at a time.
 */
function membershipUnchanged(db: Db, change: MembershipChange): SQL {
  const same = and(eq(memberships.organizationId, change.orgId), eq(memberships.userId, change.userId), eq(memberships.roleId, change.roleId))!;
  if (!change.losesOwner) return same;
  const owners = db
    .select({ n: sql<number>`count(*)` })
    .from(ownerMemberships)
    .innerJoin(ownerRoles, eq(ownerRoles.id, ownerMemberships.roleId))
    .where(and(eq(ownerMemberships.organizationId, change.orgId), eq(ownerRoles.builtInKey, "owner")));
  return and(same, sql`${owners} > 1`)!;
}

/** The same condition, for statements on other tables. */
function whileMembershipUnchanged(db: Db, guard: SQL): SQL {
  return exists(db.select({ one: sql`1` }).from(memberships).where(guard));
}

/**
 * Revokes the inviter's pending invitations except those for `keepRoleIds`, each with its own audit entry. The
 * entries are selected first: the update changes what `which` matches.
 */
function revokeInvitationsOf(db: Db, actor: AuditActor, r: { orgId: string; inviterId: string; keepRoleIds: string[]; reason: string; now: Date; onlyIf: SQL }) {
  const which = and(
    eq(invitations.organizationId, r.orgId),
    eq(invitations.invitedBy, r.inviterId),
    isPendingInvitation(r.now),
    notInArray(invitations.roleId, r.keepRoleIds),
    r.onlyIf,
  )!;
  const metadata = sql`json_object('email', ${invitations.email}, 'roleId', ${invitations.roleId}, 'inviterId', ${r.inviterId}, 'reason', ${r.reason})`;
  return [
    auditInsertFrom(db, actor, { organizationId: r.orgId, action: "member.invite_revoke", targetType: "invitation", targetId: sql`${invitations.id}`, metadata }, invitations, which),
    db.update(invitations).set({ revokedAt: r.now }).where(which),
  ] as const;
}

/** Why a guarded change wrote nothing, read after the fact. */
async function unchangedReason(db: Db, change: MembershipChange): Promise<ApiError> {
  const member = await findMember(db, change.orgId, change.userId);
  if (!member) return notFound("member");
  if (member.role.id !== change.roleId) return new ApiError("conflict", "this member's role changed at the same moment; reload and try again");
  return lastOwnerConflict();
}

/**
 * Removes a member (or records them leaving): their API tokens stop working and their pending invitations are
 * revoked, in one batch whose every statement holds only if the removal does — so a removal refused for the
 * last Owner deletes no token and writes no entry. The removal itself runs last, so all see the same state.
 */
export async function removeMember(db: Db, actor: AuditActor, m: { orgId: string; userId: string; role: RoleRow; left: boolean }): Promise<void> {
  const change = { orgId: m.orgId, userId: m.userId, roleId: m.role.id, losesOwner: isOwnerRole(m.role) };
  const guard = membershipUnchanged(db, change);
  const onlyIf = whileMembershipUnchanged(db, guard);
  const [, , , , removed] = await db.batch([
    auditInsertFrom(db, actor, { organizationId: m.orgId, action: "member.remove", targetType: "user", targetId: m.userId, metadata: { left: m.left } }, memberships, guard),
    // Tokens act for their creator's membership; without it they must stop working.
    db.delete(apiTokens).where(and(eq(apiTokens.organizationId, m.orgId), eq(apiTokens.userId, m.userId), onlyIf)),
    ...revokeInvitationsOf(db, actor, { orgId: m.orgId, inviterId: m.userId, keepRoleIds: [], reason: m.left ? "inviter_left" : "inviter_removed", now: new Date(), onlyIf }),
    db.delete(memberships).where(guard).returning({ userId: memberships.userId }),
  ]);
  if (removed.length === 0) throw await unchangedReason(db, change);
}

/**
 * Gives a member another role, revoking their pending invitations that the new role could not issue, under the
 * same all-or-nothing guard as `removeMember`.
 */
export async function changeMemberRole(db: Db, actor: AuditActor, m: { orgId: string; userId: string; from: RoleRow; to: RoleRow }): Promise<void> {
  const change = { orgId: m.orgId, userId: m.userId, roleId: m.from.id, losesOwner: isOwnerRole(m.from) && !isOwnerRole(m.to) };
  const guard = membershipUnchanged(db, change);
  const orgRoles = await db.select({ id: roles.id, permissions: roles.permissions }).from(roles).where(eq(roles.organizationId, m.orgId));
  // A role created meanwhile is not in the list, so its invitations go too: revoking too much is the safe side.
  const keepRoleIds = orgRoles.filter((r) => canInvite(m.to.permissions, r.permissions)).map((r) => r.id);
  const [, , , updated] = await db.batch([
    auditInsertFrom(
      db,
      actor,
      { organizationId: m.orgId, action: "member.update", targetType: "user", targetId: m.userId, metadata: { roleId: m.to.id, roleName: m.to.name, previousRoleId: m.from.id } },
      memberships,
      guard,
    ),
    ...revokeInvitationsOf(db, actor, { orgId: m.orgId, inviterId: m.userId, keepRoleIds, reason: "inviter_demoted", now: new Date(), onlyIf: whileMembershipUnchanged(db, guard) }),
    db.update(memberships).set({ roleId: m.to.id }).where(guard).returning({ userId: memberships.userId }),
  ]);
  if (updated.length === 0) throw await unchangedReason(db, change);
}

// ---- invitations ----

/** Neither accepted nor revoked, and not expired. */
export function isPendingInvitation(now: Date): SQL {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))!;
}

/** Refuses an invitation that can no longer be accepted, saying why. */
export function assertInvitationPending(inv: InvitationRow, now: Date): void {
  if (inv.acceptedAt) throw new ApiError("conflict", "this invitation has already been used");
  if (inv.revokedAt) throw new ApiError("gone", "this invitation was revoked; ask for a new one");
  if (inv.expiresAt.getTime() <= now.getTime()) throw new ApiError("gone", "this invitation has expired; ask for a new one");
}

/**
 * An invitation is worth what its inviter could hand out today: they must still be a member whose role could
 * invite with this one. Role edits narrow members without any revocation, so this is checked on every accept.
 */
export async function assertInviterCanStillGrant(db: Db, inv: InvitationRow, granted: Permissions): Promise<void> {
  const inviter = inv.invitedBy ? await findMember(db, inv.organizationId, inv.invitedBy) : undefined;
  if (!inviter || !canInvite(inviter.role.permissions, granted)) {
    throw new ApiError("gone", "the person who invited you can no longer grant this role; ask for a new invitation");
  }
}

/**
 * Spends the invitation for the user and makes them a member, or does nothing at all. Every statement holds
 * only while the invitation is pending and the claim runs last, so a second accept, or one racing a
 * revocation, can never add a membership. Returns whether this call claimed it.
 */
export async function claimInvitation(db: Db, actor: AuditActor, inv: InvitationRow, userId: string, now: Date): Promise<boolean> {
  const claimable = and(eq(invitations.id, inv.id), isPendingInvitation(now))!;
  const [, , claimed] = await db.batch([
    db.insert(memberships).select(
      db
        .select({
          organizationId: invitations.organizationId,
          userId: sql`${userId}`.as("user_id"),
          roleId: invitations.roleId,
          createdAt: sql`${now.getTime()}`.as("created_at"),
        })
        .from(invitations)
        .where(claimable),
    ),
    auditInsertFrom(db, actor, { organizationId: inv.organizationId, action: "member.join", targetType: "invitation", targetId: inv.id, metadata: { roleId: inv.roleId } }, invitations, claimable),
    db.update(invitations).set({ acceptedAt: now, acceptedBy: userId }).where(claimable).returning({ id: invitations.id }),
  ]);
  return claimed.length > 0;
}

export type { Permissions };
