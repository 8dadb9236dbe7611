import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { and, eq, isNull } from "drizzle-orm";
import {
  acceptInvitationResponseSchema,
  acceptInvitationSchema,
  createdInvitationSchema,
  createInvitationSchema,
  errorEnvelopeSchema,
  invitationSchema,
  memberSchema,
  pageOf,
  pageQuerySchema,
  updateMemberSchema,
} from "../../shared/api";
import type { Router } from "../app";
import { invitations, memberships, organizations, roles, users } from "../../core/db/schema";
import { randomToken, sha256Hex } from "../../core/crypto";
import { ApiError, notFound } from "../lib/errors";
import { newId } from "../../core/ids";
import { idCursor, keyset, mapPage, readKeysetPage } from "../lib/keyset";
import { requireUser } from "../middleware/authenticate";
import { orgAccess } from "../middleware/org-access";
import { actorOf } from "../services/audit";
import { auditInsert } from "../../core/audit";
import { hasVerifiedEmail } from "../services/email-verification";
import {
  assertInvitationPending,
  assertInviterCanStillGrant,
  changeMemberRole,
  claimInvitation,
  findMember,
  getMember,
  isPendingInvitation,
  listMembers,
  removeMember,
} from "../services/memberships";
import { notifyAccessChanged, notifyOrgChanged } from "../services/org-hub";
import { requirePermission } from "../services/permission-checks";
import { findRole, requireGrantable } from "../services/roles";
import { commonErrors, conflictError, jsonBody, jsonContent, noContent, orgParams, signedIn } from "./openapi-helpers";

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const memberParams = orgParams.extend({ userId: z.string().min(1).max(64) });
const invitationParams = orgParams.extend({ invitationId: z.string().min(1).max(64) });

/** Oldest first: ids begin with their creation time. */
const INVITATIONS_OLDEST_FIRST = keyset<{ inv: { id: string } }>({ columns: [{ expr: invitations.id, type: "text", read: ({ inv }) => inv.id }], order: "asc", format: idCursor("inv") });

export function registerMemberRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/members",
      operationId: "listMembers",
      security: signedIn,
      tags: ["members"],
      summary: "Members of the organization",
      middleware: [orgAccess("members", "read")] as const,
      request: { params: orgParams, query: pageQuerySchema },
      responses: { 200: jsonContent(pageOf(memberSchema), "Members"), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await listMembers(c.get("db"), c.get("org").orgId, limit, cursor), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/orgs/{orgId}/members/{userId}",
      operationId: "changeMemberRole",
      security: signedIn,
      tags: ["members"],
      summary: "Change a member's role",
      middleware: [orgAccess("members", "full")] as const,
      request: { params: memberParams, ...jsonBody(updateMemberSchema) },
      responses: { 200: jsonContent(memberSchema, "Updated"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const { roleId } = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const member = await findMember(db, orgId, userId);
      if (!member) throw notFound("member");
      const role = await findRole(db, orgId, roleId);
      await requireGrantable(c, member.role.permissions, "change the role of a member");
      await requireGrantable(c, role.permissions, "grant a role");
      // The last-Owner rule is checked inside the write (a 409 when it would break), so it holds under concurrency.
      await changeMemberRole(db, actorOf(c), { orgId, userId, from: member.role, to: role });
      await notifyAccessChanged(c.env, orgId, userId);
      await notifyOrgChanged(c.env, orgId, "members");
      const updated = await getMember(db, orgId, userId);
      if (!updated) throw notFound("member");
      return c.json(updated, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/orgs/{orgId}/members/{userId}",
      operationId: "removeMember",
      security: signedIn,
      tags: ["members"],
      summary: "Remove a member (or leave, for oneself)",
      middleware: [orgAccess()] as const,
      request: { params: memberParams },
      responses: { ...noContent, ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const principal = c.get("principal")!;
      const leaving = userId === principal.user.id;
      // Leaving is the person's own choice; a token acts within its role, so for it leaving is a members write.
      if (!leaving || principal.kind === "token") await requirePermission(c, "members", "full");
      const member = await findMember(db, orgId, userId);
      if (!member) throw notFound("member");
      if (!leaving) await requireGrantable(c, member.role.permissions, "remove a member");
      // The last-Owner rule is checked inside the write (a 409 when it would break), so it holds under concurrency.
      await removeMember(db, actorOf(c), { orgId, userId, role: member.role, left: leaving });
      await notifyAccessChanged(c.env, orgId, userId);
      await notifyOrgChanged(c.env, orgId, "members");
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/orgs/{orgId}/invitations",
      operationId: "listInvitations",
      security: signedIn,
      tags: ["members"],
      summary: "Pending invitations",
      middleware: [orgAccess("members", "read")] as const,
      request: { params: orgParams, query: pageQuerySchema },
      responses: { 200: jsonContent(pageOf(invitationSchema), "Invitations"), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const orgId = c.get("org").orgId;
      const pending = [eq(invitations.organizationId, orgId), isPendingInvitation(new Date())];
      const page = await readKeysetPage(INVITATIONS_OLDEST_FIRST, { limit, cursor }, (range, n) =>
        c
          .get("db")
          .select({ inv: invitations, role: roles })
          .from(invitations)
          .innerJoin(roles, eq(roles.id, invitations.roleId))
          .where(and(...pending, ...range.where))
          .orderBy(...range.orderBy)
          .limit(n),
      );
      return c.json(
        mapPage(page, ({ inv, role }) => ({
          id: inv.id,
          email: inv.email,
          role: { id: role.id, name: role.name },
          expiresAt: inv.expiresAt.toISOString(),
          acceptedAt: null,
          createdAt: inv.createdAt.toISOString(),
        })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/orgs/{orgId}/invitations",
      operationId: "inviteMember",
      security: signedIn,
      tags: ["members"],
      summary: "Invite someone by email; the token is shown once",
      middleware: [orgAccess("members", "full")] as const,
      request: { params: orgParams, ...jsonBody(createInvitationSchema) },
      responses: { 201: jsonContent(createdInvitationSchema, "Invited"), ...commonErrors, ...conflictError },
    }),
    async (c) => {
      const { email, roleId } = c.req.valid("json");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const role = await findRole(db, orgId, roleId);
      await requireGrantable(c, role.permissions, "invite someone");
      const existing = await db
        .select({ id: users.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, orgId), eq(users.email, email)))
        .get();
      if (existing) throw new ApiError("conflict", `${email} is already a member`);
      const token = randomToken();
      const id = newId("inv");
      const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
      await db.batch([
        db.insert(invitations).values({ id, organizationId: orgId, email, roleId: role.id, tokenHash: await sha256Hex(token), invitedBy: c.get("principal")!.user.id, expiresAt }),
        auditInsert(db, actorOf(c), { organizationId: orgId, action: "member.invite", targetType: "invitation", targetId: id, metadata: { email, roleId: role.id } }),
      ]);
      await notifyOrgChanged(c.env, orgId, "invitations");
      return c.json({ id, token, expiresAt: expiresAt.toISOString(), email, role: { id: role.id, name: role.name } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/orgs/{orgId}/invitations/{invitationId}",
      operationId: "revokeInvitation",
      security: signedIn,
      tags: ["members"],
      summary: "Revoke a pending invitation",
      middleware: [orgAccess("members", "full")] as const,
      request: { params: invitationParams },
      responses: { ...noContent, ...commonErrors },
    }),
    async (c) => {
      const { invitationId } = c.req.valid("param");
      const orgId = c.get("org").orgId;
      const db = c.get("db");
      const inv = await db
        .select()
        .from(invitations)
        .where(and(eq(invitations.id, invitationId), eq(invitations.organizationId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .get();
      if (!inv) throw notFound("invitation");
      await db.batch([
        // Kept, marked revoked: whoever follows the link learns it was revoked rather than that it never existed.
        db.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, inv.id)),
        auditInsert(db, actorOf(c), { organizationId: orgId, action: "member.invite_revoke", targetType: "invitation", targetId: inv.id, metadata: { email: inv.email } }),
      ]);
      await notifyOrgChanged(c.env, orgId, "invitations");
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      // The token travels in the body: paths end up in access logs, bodies do not.
      path: "/api/invitations/accept",
      operationId: "acceptInvitation",
      security: signedIn,
      tags: ["members"],
      summary: "Accept an invitation addressed to the signed-in user, whose address must be confirmed",
      middleware: [requireUser] as const,
      request: jsonBody(acceptInvitationSchema),
      responses: {
        200: jsonContent(acceptInvitationResponseSchema, "Joined"),
        ...commonErrors,
        ...conflictError,
        410: jsonContent(errorEnvelopeSchema, "Expired or revoked, or the inviter can no longer grant the role"),
      },
    }),
    async (c) => {
      const principal = c.get("principal")!;
      if (principal.kind === "token") throw new ApiError("forbidden", "accept invitations while signed in, not with an API token");
      const { token } = c.req.valid("json");
      const db = c.get("db");
      const now = new Date();
      const row = await db
        .select({ inv: invitations, org: organizations, role: roles })
        .from(invitations)
        .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
        .innerJoin(roles, eq(roles.id, invitations.roleId))
        .where(eq(invitations.tokenHash, await sha256Hex(token)))
        .get();
      if (!row) throw notFound("invitation");
      const { inv, org, role } = row;
      assertInvitationPending(inv, now);
      if (inv.email !== principal.user.email.toLowerCase()) {
        throw new ApiError("forbidden", "this invitation was sent to another email address");
      }
      // The invitation is addressed to an email: only someone who proved they read it may stand for it.
      if (!hasVerifiedEmail(principal.user)) {
        throw new ApiError("forbidden", "confirm your email address first: follow the link in the confirmation email, then open the invitation again");
      }
      if (await findMember(db, org.id, principal.user.id)) throw new ApiError("conflict", "you are already a member of this organization");
      await assertInviterCanStillGrant(db, inv, role.permissions);
      let claimed: boolean;
      try {
        claimed = await claimInvitation(db, actorOf(c), inv, principal.user.id, now);
      } catch (err) {
        if (err instanceof Error && /UNIQUE|PRIMARY KEY/i.test(err.message)) throw new ApiError("conflict", "you are already a member of this organization");
        throw err;
      }
      if (!claimed) {
        // Used or revoked between the checks above and the claim: say which.
        const current = await db.select().from(invitations).where(eq(invitations.id, inv.id)).get();
        if (current) assertInvitationPending(current, now);
        throw new ApiError("conflict", "this invitation has already been used");
      }
      // A new member, and one invitation fewer: the members list covers both.
      await notifyOrgChanged(c.env, org.id, "members");
      return c.json({ orgId: org.id, orgName: org.name, roleId: inv.roleId }, 200);
    },
  );
}
