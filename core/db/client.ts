import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

const made = new WeakMap<D1Database, ReturnType<typeof makeDb>>();

const makeDb = (d1: D1Database) => drizzle(d1, { schema });

/**
 * The drizzle client of a D1 binding, made once per binding: building one walks the whole schema (its
 * relations), which cost several milliseconds of CPU on every request when each made its own.
 */
export function createDb(d1: D1Database) {
  let db = made.get(d1);
  if (!db) {
    db = makeDb(d1);
    made.set(d1, db);
  }
  return db;
}
export type Db = ReturnType<typeof createDb>;
export type UserRow = typeof schema.users.$inferSelect;
export type RoleRow = typeof schema.roles.$inferSelect;
export type DockRow = typeof schema.docks.$inferSelect;
export type ApiTokenRow = typeof schema.apiTokens.$inferSelect;
