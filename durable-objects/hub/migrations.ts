/**
 * The hub's SQLite schema, versioned per module: each store owns its tables and lists their migrations in
 * order, and `migrate` applies the ones a hub has not had yet, recording how far each module got in
 * `hub_migrations`. A step is never edited once shipped; a change of schema is a new step at the end.
 */
export type Migration = (sql: SqlStorage) => void;

export interface ModuleSchema {
  /** The module's name in `hub_migrations`. */
  module: string;
  steps: readonly Migration[];
  /**
   * For hubs whose tables were made before migrations were recorded: which step their schema already
   * matches, read from the tables themselves. Consulted once, when the module has no record yet.
   */
  adopt?: (sql: SqlStorage) => number;
}

const migrated = new WeakMap<SqlStorage, Set<string>>();

/** Brings the module's tables up to date; a no-op after the first call on the same storage. */
export function migrate(sql: SqlStorage, schema: ModuleSchema): void {
  const done = migrated.get(sql) ?? new Set<string>();
  migrated.set(sql, done);
  if (done.has(schema.module)) return;
  sql.exec("CREATE TABLE IF NOT EXISTS hub_migrations (module TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM hub_migrations WHERE module = ?", schema.module).toArray()[0];
  let version = row?.version ?? schema.adopt?.(sql) ?? 0;
  if (version > schema.steps.length) throw new Error(`hub schema ${schema.module} is at version ${version}, newer than this code (${schema.steps.length})`);
  for (; version < schema.steps.length; version++) schema.steps[version]?.(sql);
  sql.exec("INSERT INTO hub_migrations (module, version) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET version = excluded.version", schema.module, version);
  done.add(schema.module);
}

/** The columns a table has now (empty when it does not exist). */
export function columnsOf(sql: SqlStorage, table: string): Set<string> {
  return new Set(sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray().map((c) => c.name));
}
