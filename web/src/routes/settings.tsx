import { membersRoute } from "./members";

/** Every route of the settings area, as children of the organization route. */
export const settingsRouteTree = [membersRoute] as const;
