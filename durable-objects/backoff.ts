/** Failed syncs wait longer each time, with full jitter so docks that failed together do not retry together. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;
/** Even an unlucky draw waits a little: an immediate retry of a failing provider helps nobody. */
export const BACKOFF_FLOOR_MS = 5_000;

export function backoffDelayMs(consecutiveFailures: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, consecutiveFailures - 1);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 20));
  return Math.max(BACKOFF_FLOOR_MS, Math.floor(random() * ceiling));
}

/** Rejected credentials are not retried on a schedule; after this many in a row the dock is paused. */
export const MAX_CREDENTIAL_REJECTIONS = 3;
