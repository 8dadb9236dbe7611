import { z } from "zod";

export const AUDIT_ACTIONS = [
  "auth.signup",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.oidc_provision",
  "organization.create",
  "organization.update",
  "member.invite",
  "member.invite_revoke",
  "member.join",
  "member.update",
  "member.remove",
  "role.create",
  "role.update",
  "role.delete",
  "token.create",
  "token.delete",
  "dock.create",
  "dock.update",
  "dock.delete",
  "dock.validate_failed",
  "dock.paused",
  "dock.sync",
  "credential.decrypt",
  "credential.reencrypt",
  "webhook.secret_read",
  "webhook.rotate",
  "webhook.rejected",
  "access.denied",
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** Metadata is a flat record of scalars: enough to explain an entry, never a place for secrets or blobs. */
export const auditMetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditMetadata = z.infer<typeof auditMetadataSchema>;

export const auditActorTypeSchema = z.enum(["user", "token", "system", "anonymous"]);
export const auditResultSchema = z.enum(["success", "denied", "failure"]);

export const auditEntrySchema = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.object({ type: auditActorTypeSchema, id: z.string().nullable(), name: z.string().nullable() }),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  result: auditResultSchema,
  metadata: auditMetadataSchema.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
