/**
 * How synced rows reach D1 within its limits: at most 100 bound parameters per statement (so a multi-row
 * statement holds floor(100 / columns) rows) and at most 100 statements per `batch()` (one transaction).
 */
export const D1_MAX_BOUND_PARAMETERS = 100;
export const STATEMENTS_PER_BATCH = 100;

export function rowsPerStatement(columnsPerRow: number, maxParameters = D1_MAX_BOUND_PARAMETERS): number {
  if (columnsPerRow < 1 || columnsPerRow > maxParameters) throw new RangeError(`a row of ${columnsPerRow} columns cannot be bound within ${maxParameters} parameters`);
  return Math.floor(maxParameters / columnsPerRow);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How many statements and batches `rows` rows of `columns` columns take. */
export function writePlan(rows: number, columns: number): { statements: number; batches: number } {
  const statements = Math.ceil(rows / rowsPerStatement(columns));
  return { statements, batches: Math.ceil(statements / STATEMENTS_PER_BATCH) };
}
