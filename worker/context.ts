import type { Db, UserRow, ApiTokenRow } from "../core/db/client";
import type { Config } from "../core/config";
import type { OrgAccess } from "../core/access";

export type { OrgAccess };

/** Who is calling. A token acts for its creator but only within its organization and role. */
export type Principal =
  | { kind: "user"; user: UserRow; via: "session"; sessionHash: string }
  | { kind: "user"; user: UserRow; via: "oidc"; expiresAt: number }
  | { kind: "token"; user: UserRow; token: ApiTokenRow };


export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    config: Config;
    principal: Principal | null;
    org: OrgAccess;
  };
}
