import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}
export type Db = ReturnType<typeof createDb>;
export type UserRow = typeof schema.users.$inferSelect;
export type RoleRow = typeof schema.roles.$inferSelect;
export type DockRow = typeof schema.docks.$inferSelect;
export type ApiTokenRow = typeof schema.apiTokens.$inferSelect;
