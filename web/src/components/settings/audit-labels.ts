import { AUDIT_ACTIONS } from "../../../../shared/audit";
import type { AuditAction } from "../../../../shared/audit";

/** What each recorded action means, as a short phrase; the action's own name is shown next to it. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "auth.signup": "Signed up",
  "auth.login": "Logged in",
  "auth.login_failed": "Failed log-in",
  "auth.logout": "Logged out",
  "auth.oidc_provision": "Account created by identity provider",
  "auth.oidc_link": "Linked to identity provider",
  "auth.email_verified": "Confirmed email address",
  "auth.signup_existing": "Sign-up attempted with an existing email",
  "organization.create": "Created the organization",
  "organization.update": "Renamed the organization",
  "member.invite": "Invited someone",
  "member.invite_revoke": "Revoked an invitation",
  "member.join": "Joined",
  "member.update": "Changed a member's role",
  "member.remove": "Removed a member",
  "role.create": "Created a role",
  "role.update": "Changed a role",
  "role.delete": "Deleted a role",
  "token.create": "Created an API token",
  "token.delete": "Revoked an API token",
  "dock.create": "Connected a dock",
  "dock.update": "Changed a dock",
  "dock.delete": "Deleted a dock",
  "dock.validate_failed": "Provider rejected credentials",
  "dock.paused": "Dock paused after failures",
  "dock.sync": "Started a sync",
  "credential.decrypt": "Used a dock's credentials",
  "credential.reencrypt": "Re-encrypted credentials",
  "webhook.secret_read": "Viewed a webhook secret",
  "webhook.secret_set": "Stored a provider-issued webhook secret",
  "webhook.rotate": "Rotated a webhook secret",
  "webhook.rejected": "Rejected a webhook",
  "access.denied": "Access denied",
  "audit.export": "Exported the audit log",
};

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** Actions grouped by what they concern (the part before the dot), in the order they are declared. */
export function auditActionGroups(): Array<{ group: string; actions: AuditAction[] }> {
  const groups = new Map<string, AuditAction[]>();
  for (const action of AUDIT_ACTIONS) {
    const group = action.split(".")[0]!;
    groups.set(group, [...(groups.get(group) ?? []), action]);
  }
  return [...groups].map(([group, actions]) => ({ group, actions }));
}

export const AUDIT_GROUP_LABELS: Record<string, string> = {
  auth: "Sign-in",
  organization: "Organization",
  member: "Members",
  role: "Roles",
  token: "API tokens",
  dock: "Docks",
  credential: "Credentials",
  webhook: "Webhooks",
  access: "Access",
  audit: "Audit log",
};

export const AUDIT_TARGET_LABELS: Record<string, string> = {
  dock: "Dock",
  invitation: "Invitation",
  organization: "Organization",
  role: "Role",
  token: "API token",
  user: "User",
};
