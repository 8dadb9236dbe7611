/**
 * Request and response schemas of the public API, shared by the Worker (validation and the OpenAPI
 * document) and the dashboard (typed client), so the two cannot drift.
 */
import { z } from "zod";
import { webhookSecretSourceSchema } from "./webhooks";
import { AUDIT_RESULTS, auditResultSchema } from "./audit";
import { isCommonPassword } from "./common-passwords";
import { permissionsInputSchema, permissionsSchema } from "./permissions";
import { pageQuerySchema } from "./pagination";
import { nameText } from "./text";

export const MIN_PASSWORD_LENGTH = 10;

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

// Pagination is every list's, not only these bodies'; re-exported so one import serves a route or a query.
export { MAX_PAGE_SIZE, pageOf, pageQuerySchema } from "./pagination";
export type { Page } from "./pagination";

const email = z
  .email({ error: "email must be a valid email address" })
  .max(254)
  .transform((v) => v.trim().toLowerCase());

// ---- auth ----
export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type User = z.infer<typeof userSchema>;

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, "password must be at most 256 characters")
  .refine((p) => !isCommonPassword(p), { message: "password is one of the most commonly used passwords; choose another" });

export const signupSchema = z.object({ email, password: newPasswordSchema, name: nameText(100) }).strict();
/** What a client sends (`z.input`: before the server trims and lowercases the email). */
export type SignupInput = z.input<typeof signupSchema>;
/**
 * Sign-up answers this for a new and for an existing email alike, so it cannot be used to find out who has
 * an account; the link (or, for an existing account, a notice) goes to the address itself.
 */
export const signupResponseSchema = z.object({ status: z.literal("verification_sent") });
export const loginSchema = z.object({ email, password: z.string().min(1, "password is required").max(256) }).strict();
export type LoginInput = z.input<typeof loginSchema>;
export const authResponseSchema = z.object({ user: userSchema });
/** The token from the emailed link's `#token=` fragment, sent in the body so it never lands in a URL log. */
export const verifyEmailSchema = z.object({ token: z.string().min(1, "token is required").max(128, "token is not one we issued") }).strict();

/** One entry of the signed-in user's own sign-in history: log-ins, failed attempts, confirmations, links. */
export const securityEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  result: auditResultSchema,
  /** Why an attempt failed (`bad_credentials`, `throttled`, `unverified`, …), null for successes. */
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: z.string(),
});
export type SecurityEvent = z.infer<typeof securityEventSchema>;

export const membershipSummarySchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  role: z.object({ id: z.string(), name: z.string(), permissions: permissionsSchema }),
});
export const meResponseSchema = z.object({
  user: userSchema,
  memberships: z.array(membershipSummarySchema),
});
export type Me = z.infer<typeof meResponseSchema>;

// ---- organizations ----
export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  role: z.object({ id: z.string(), name: z.string(), permissions: permissionsSchema }),
});
export type Org = z.infer<typeof orgSchema>;
const orgName = nameText(100);
export const createOrgSchema = z.object({ name: orgName }).strict();
export type CreateOrgInput = z.input<typeof createOrgSchema>;
export const updateOrgSchema = z.object({ name: orgName }).strict();

// ---- roles ----
export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  permissions: permissionsSchema,
  createdAt: z.string(),
});
export type Role = z.infer<typeof roleSchema>;
const roleName = nameText(60);
export const createRoleSchema = z.object({ name: roleName, permissions: permissionsInputSchema }).strict();
export const updateRoleSchema = z
  .object({ name: roleName.optional(), permissions: permissionsInputSchema.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.permissions !== undefined, { message: "the body must change name or permissions" });
export type CreateRoleInput = z.input<typeof createRoleSchema>;
export type UpdateRoleInput = z.input<typeof updateRoleSchema>;

// ---- members and invitations ----
export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.object({ id: z.string(), name: z.string() }),
  joinedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;
export const updateMemberSchema = z.object({ roleId: z.string().min(1, "roleId is required").max(64) }).strict();

export const createInvitationSchema = z.object({ email, roleId: z.string().min(1, "roleId is required").max(64) }).strict();
export type CreateInvitationInput = z.input<typeof createInvitationSchema>;
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.object({ id: z.string(), name: z.string() }),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const createdInvitationSchema = z.object({
  id: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  email: z.string(),
  role: z.object({ id: z.string(), name: z.string() }),
});
/** The invitation token goes in the body, never in a path, where it would reach access logs. */
export const acceptInvitationSchema = z
  .object({ token: z.string().min(10, "token is not one we issued").max(128, "token is not one we issued") })
  .strict();
export const acceptInvitationResponseSchema = z.object({ orgId: z.string(), orgName: z.string(), roleId: z.string() });

// ---- API tokens ----
export const createTokenSchema = z
  .object({
    name: nameText(100),
    roleId: z.string().min(1).max(64).optional(),
    expiresAt: z.iso
      .datetime({ offset: true, error: "expiresAt must be an ISO 8601 date-time" })
      .refine((v) => Date.parse(v) > Date.now(), { message: "expiresAt must be in the future" })
      .optional(),
  })
  .strict();
/** Without `roleId` the token acts with its creator's role, whatever that is at the time of each request. */
export type CreateTokenInput = z.input<typeof createTokenSchema>;
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  userId: z.string(),
  role: z.object({ id: z.string(), name: z.string() }).nullable(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });

// ---- audit ----
/** What the audit log can be narrowed by; the list and the CSV export take the same filters. */
export const auditFilterSchema = z.object({
  action: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  result: z.enum(AUDIT_RESULTS, { error: "result must be success, denied or failure" }).optional(),
  from: z.iso.datetime({ offset: true, error: "from must be an ISO 8601 date-time" }).optional(),
  to: z.iso.datetime({ offset: true, error: "to must be an ISO 8601 date-time" }).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const auditQuerySchema = pageQuerySchema.extend(auditFilterSchema.shape);

// ---- providers ----
export const credentialFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  secret: z.boolean(),
  help: z.string(),
  placeholder: z.string().optional(),
});
export type CredentialField = z.infer<typeof credentialFieldSchema>;
export const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  credentialFields: z.array(credentialFieldSchema),
  resourceKinds: z.array(z.string()),
  defaultIntervalSeconds: z.number().int(),
  defaultBaseUrl: z.string(),
  docsUrl: z.string(),
  /** Whether the provider can push changes to a dock's webhook URL; without it a dock follows its schedule only. */
  webhooks: z.boolean(),
  /** Who makes the webhook secret; null when the provider sends no webhooks. */
  webhookSecretSource: webhookSecretSourceSchema.nullable(),
});
export type Provider = z.infer<typeof providerSchema>;
export const providersResponseSchema = z.object({
  items: z.array(providerSchema),
  customBaseUrlsAllowed: z.boolean(),
});
