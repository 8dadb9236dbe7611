import { ProviderError } from "../../adapters/errors";
import type { DockStatus, KindOutcome, RunStatus } from "../../shared/docks";
import { cleanErrorText } from "../../shared/error-text";
import { backoffDelayMs, MAX_CREDENTIAL_REJECTIONS } from "../backoff";

/** What a finished run decides for its dock: its status, its next run, and its counts towards backoff and pausing. */
export interface Verdict {
  /** When the run ended: the moment its schedule is counted from. */
  at: number;
  runStatus: RunStatus;
  runError: string | null;
  dockStatus: DockStatus;
  lastError: string | null;
  consecutiveFailures: number;
  rejections: number;
  /** Null: no run is scheduled (sync disabled, paused, or waiting for new credentials). */
  nextRunAt: number | null;
  backoffUntil: number | null;
  /** The dock was paused by this run (its credentials rejected once too often). */
  paused: boolean;
  /** Whether the dock's last full sync moves to now. */
  synced: boolean;
}

/** Where the dock stood before the run. */
export interface Standing {
  enabled: boolean;
  consecutiveFailures: number;
  rejections: number;
  intervalMs: number;
  /** The regular schedule's next run, which a webhook's targeted re-sync leaves in place. */
  scheduledNextAt: number | null;
}

/**
 * A run that went through every kind it was to list; how each fared decides the run and the dock:
 * - every kind listed: run `succeeded`, dock `ok`;
 * - some kinds the credentials may not read, none failed: run and dock `partial`, `lastError` naming what
 *   to grant. That is how the token was made, not a failure: no backoff, no step towards pausing, the next
 *   run at the usual interval;
 * - some kinds failed, others not: run and dock `partial`, `lastError` naming them and why, and the next run
 *   after the failure backoff;
 * - every kind failed: run `failed`, dock `error`, backoff — as a run that ends by throwing.
 * `targeted` (a webhook's re-sync of some kinds) leaves the regular schedule where it was, and judges the
 * dock by `standing`: each kind's outcome now, else its last recorded one.
 */
export function completedVerdict(before: Standing, outcomes: readonly KindOutcome[], standing: readonly KindOutcome[], targeted: boolean, now: number): Verdict {
  const failed = outcomes.some((o) => o.outcome === "failed");
  const allFailed = outcomes.length > 0 && outcomes.every((o) => o.outcome === "failed");
  const failures = failed ? before.consecutiveFailures + 1 : 0;
  let next: number | null = failed ? now + backoffDelayMs(failures) : targeted ? (before.scheduledNextAt ?? now + before.intervalMs) : now + before.intervalMs;
  if (!before.enabled) next = null;
  // Every kind failed: told as a run that stopped at its first failure was, the rest counted; the kinds say each.
  const failedError = allFailed ? allFailedText(outcomes) : null;
  return {
    at: now,
    runStatus: allFailed ? "failed" : outcomes.every((o) => o.outcome === "listed") ? "succeeded" : "partial",
    runError: failedError ?? describeKinds(outcomes),
    dockStatus: allFailed ? "error" : !before.enabled ? "paused" : standing.every((o) => o.outcome === "listed") ? "ok" : "partial",
    lastError: failedError ?? describeKinds(standing),
    consecutiveFailures: failures,
    // A provider that answered any kind with data or a refusal of that kind took the credentials.
    rejections: allFailed ? before.rejections : 0,
    nextRunAt: next,
    backoffUntil: failed ? next : null,
    paused: false,
    synced: !allFailed && !targeted,
  };
}

/** A run ended by a failure that stops every kind (rejected credentials, a refused destination, a rate limit, a crash). */
export function failedVerdict(before: Standing, err: unknown, now: number): Verdict {
  const failure = err instanceof ProviderError ? err : null;
  // Shown to every member and stored: provider text is capped and stripped wherever it came from.
  const message = cleanErrorText(failure ? failure.message : `sync failed: ${err instanceof Error ? err.message : String(err)}`);
  const failures = before.consecutiveFailures + 1;
  let rejections = before.rejections;
  let next: number | null;
  let paused = false;
  if (failure?.kind === "credentials_rejected") {
    // Retrying rejected credentials on a schedule only burns the provider's patience; wait for new ones.
    rejections += 1;
    next = null;
    paused = rejections >= MAX_CREDENTIAL_REJECTIONS;
  } else if (failure?.kind === "rate_limited" && failure.retryAt) {
    next = Math.max(failure.retryAt.getTime(), now + 1000);
  } else {
    next = now + backoffDelayMs(failures);
  }
  if (!before.enabled || paused) next = null;
  return {
    at: now,
    runStatus: "failed",
    runError: message,
    dockStatus: paused ? "paused" : "error",
    lastError: cleanErrorText(paused ? `Paused after ${rejections} credential rejections: ${message}` : message),
    consecutiveFailures: failures,
    rejections,
    nextRunAt: next,
    backoffUntil: next,
    paused,
    synced: false,
  };
}

/** A run in which every kind failed, in the first failure's words, as a run that stopped there would read. */
function allFailedText(outcomes: readonly KindOutcome[]): string {
  const first = outcomes[0]?.reason ?? "every kind failed";
  const others = outcomes.length - 1;
  return cleanErrorText(others > 0 ? `${first} (and ${others} more kind${others === 1 ? "" : "s"} failed)` : first);
}

/**
 * What a member should know about the kinds not listed in full, for `lastError` and a run's error; null when
 * every kind was. Missing permissions come first: they are short and say exactly what to grant.
 */
export function describeKinds(outcomes: readonly KindOutcome[]): string | null {
  const missing = outcomes.flatMap((o) =>
    o.outcome !== "permission_missing" ? [] : [o.scope ? `${o.kind}: the credentials lack the permission ${o.scope}` : `${o.kind}: the credentials may not read it (${o.reason ?? "refused"})`],
  );
  const failed = outcomes.flatMap((o) => (o.outcome === "failed" ? [`${o.kind} not listed: ${o.reason ?? "it failed"}`] : []));
  const parts = [...missing, ...failed];
  return parts.length === 0 ? null : cleanErrorText(parts.join("; "));
}
