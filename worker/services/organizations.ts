import { BUILT_IN_ROLES } from "../../shared/permissions";
import type { BuiltInRoleKey } from "../../shared/permissions";
import type { Db } from "../../core/db/client";
import { memberships, organizations, roles } from "../../core/db/schema";
import { newId } from "../../core/ids";
import { auditInsert } from "../../core/audit";
import type { AuditActor } from "../../core/audit";

/** An organization is born with its three built-in roles and its creator as Owner, in one transaction. */
export async function createOrganization(db: Db, actor: AuditActor, name: string, creatorId: string) {
  const orgId = newId("org");
  const roleIds = {} as Record<BuiltInRoleKey, string>;
  const roleRows = (Object.keys(BUILT_IN_ROLES) as BuiltInRoleKey[]).map((key) => {
    roleIds[key] = newId("rol");
    return { id: roleIds[key], organizationId: orgId, name: BUILT_IN_ROLES[key].name, builtInKey: key, permissions: BUILT_IN_ROLES[key].permissions };
  });
  const [[org]] = await db.batch([
    db.insert(organizations).values({ id: orgId, name, createdBy: creatorId }).returning(),
    db.insert(roles).values(roleRows),
    db.insert(memberships).values({ organizationId: orgId, userId: creatorId, roleId: roleIds.owner }),
    auditInsert(db, actor, { organizationId: orgId, action: "organization.create", targetType: "organization", targetId: orgId, metadata: { name } }),
  ]);
  const owner = roleRows[0]!;
  return { org: org!, ownerRole: owner };
}
