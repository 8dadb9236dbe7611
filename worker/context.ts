import type { Permissions } from "../shared/permissions";
import type { Db, UserRow, ApiTokenRow } from "./db/client";
import type { Config } from "./env";

/** Who is calling. A token acts for its creator but only within its organization and role. */
export type Principal =
  | { kind: "user"; user: UserRow; via: "session"; sessionHash: string }
  | { kind: "user"; user: UserRow; via: "oidc"; expiresAt: number }
  | { kind: "token"; user: UserRow; token: ApiTokenRow };

/** The caller's standing in the organization named by the path, resolved per request. */
export interface OrgAccess {
  orgId: string;
  orgName: string;
  role: { id: string; name: string; builtInKey: string | null; permissions: Permissions };
  /** What this request may do: the role, narrowed by the token's role when a token is used. */
  permissions: Permissions;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    config: Config;
    principal: Principal | null;
    org: OrgAccess;
  };
}
