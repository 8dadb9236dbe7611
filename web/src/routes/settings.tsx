import { legacyMembersRoute, membersRoute } from "./members";
import { auditRoute } from "./settings-audit";
import { settingsIndexRoute, settingsRoute } from "./settings-layout";
import { rolesRoute } from "./settings-roles";
import { tokensRoute } from "./settings-tokens";

/** Every route of the settings area, as children of the organization route. */
export const settingsRouteTree = [
  settingsRoute.addChildren([settingsIndexRoute, membersRoute, rolesRoute, tokensRoute, auditRoute]),
  legacyMembersRoute,
] as const;
