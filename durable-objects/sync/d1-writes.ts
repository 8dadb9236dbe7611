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

/**
 * D1 refuses statements over 100 KB and values over 2 MB; a JSON payload of at most 90 KB leaves room for
 * the statement around it whichever limit applies to a bound value.
 */
export const MAX_PAYLOAD_BYTES = 90_000;

const encoder = new TextEncoder();
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Serializes items as JSON arrays of at most `maxBytes` bytes each, in order. An item larger than the limit
 * on its own is an error: it could never be written.
 */
export function chunkByBytes(items: readonly unknown[], maxBytes: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const item of items) {
    const json = JSON.stringify(item);
    // Most rows are ASCII, whose UTF-8 length is the string's; only the others are encoded to be counted.
    const bytes = NON_ASCII.test(json) ? encoder.encode(json).byteLength : json.length;
    if (bytes + 2 > maxBytes) throw new RangeError(`one item takes ${bytes} bytes, more than the ${maxBytes} a statement may carry`);
    if (current.length > 0 && size + 1 + bytes > maxBytes) {
      out.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    size += (current.length > 0 ? 1 : 0) + bytes;
    current.push(json);
  }
  if (current.length > 0) out.push(`[${current.join(",")}]`);
  return out;
}
