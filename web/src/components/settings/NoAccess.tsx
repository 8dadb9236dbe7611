import type { Area } from "../../../../shared/permissions";
import { Alert } from "../ErrorAlert";
import { AREA_INFO } from "./areas";

interface NoAccessProps {
  /** What the member cannot see or do, as the end of "Your role cannot …". */
  what: string;
  area: Area;
  level: "read" | "full";
  roleName: string;
  orgName: string;
}

/** Why a part of settings is not available, which access it needs, and who can grant it. */
export function NoAccess({ what, area, level, roleName, orgName }: NoAccessProps) {
  return (
    <Alert>
      <p className="font-medium">Your role cannot {what}</p>
      <p>
        This needs “{AREA_INFO[area].label}: {level}” access, which your role ({roleName}) does not include. Ask an Owner of{" "}
        {orgName}, or anyone with full access to members, to give you a role that does.
      </p>
    </Alert>
  );
}
