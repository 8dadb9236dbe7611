import { z } from "zod";

export const AUDIT_ACTIONS = [
  "auth.signup",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.oidc_provision",
  "auth.oidc_link",
  "auth.email_verified",
  "auth.signup_existing",
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
  "webhook.secret_set",
  "webhook.rotate",
  "webhook.rejected",
  "access.denied",
  "audit.export",
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** Metadata is a flat record of scalars: enough to explain an entry, never a place for secrets or blobs. */
export const auditMetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditMetadata = z.infer<typeof auditMetadataSchema>;

export const auditActorTypeSchema = z.enum(["user", "token", "system", "anonymous"]);
export const AUDIT_RESULTS = ["success", "denied", "failure"] as const;
export const auditResultSchema = z.enum(AUDIT_RESULTS);
export type AuditResult = z.infer<typeof auditResultSchema>;

/** The kinds of target the Worker records, for filter pickers; the API filter itself takes any string. */
export const AUDIT_TARGET_TYPES = ["dock", "invitation", "organization", "role", "token", "user"] as const;

/**
 * The most rows one CSV export carries, newest first. Enough for months of a busy team's log, small enough
 * that one request stays well inside a Worker's limits; narrow the filters (dates) to export older entries.
 */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

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
