import { useId } from "react";
import type { Dock } from "../../../../shared/docks";
import { MAX_SYNC_INTERVAL_SECONDS, MIN_SYNC_INTERVAL_SECONDS } from "../../../../shared/docks";
import { compactSelectStyles } from "../styles";
import { useOptimisticDockUpdate } from "./use-optimistic-dock-update";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Only what the API accepts, should its bounds ever move. */
const PRESETS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 6 * HOUR, 12 * HOUR, DAY, WEEK].filter(
  (seconds) => seconds >= MIN_SYNC_INTERVAL_SECONDS && seconds <= MAX_SYNC_INTERVAL_SECONDS,
);

/** "Every minute", "Every 15 minutes", "Every 6 hours", "Every week": the largest unit that divides evenly. */
export function intervalLabel(seconds: number): string {
  const units: ReadonlyArray<readonly [number, string]> = [
    [WEEK, "week"],
    [DAY, "day"],
    [HOUR, "hour"],
    [MINUTE, "minute"],
    [1, "second"],
  ];
  const [size, unit] = units.find(([size]) => seconds % size === 0) ?? [1, "second"];
  const count = seconds / size;
  return count === 1 ? `Every ${unit}` : `Every ${count} ${unit}s`;
}

interface SyncIntervalSelectProps {
  orgId: string;
  dock: Dock;
  /** The provider's default, offered and marked in the list; unknown while the catalogue loads. */
  defaultSeconds: number | undefined;
}

/** How often the scheduler syncs the dock; applied at once and reverted if the server refuses. */
export function SyncIntervalSelect({ orgId, dock, defaultSeconds }: SyncIntervalSelectProps) {
  const id = useId();
  const change = useOptimisticDockUpdate(orgId, dock.id, (_input, before) => `Could not change how often ${before?.name ?? "the dock"} syncs`);
  const current = dock.syncIntervalSeconds;
  // The provider's default and an interval set through the API may be none of the presets; both stay
  // selectable rather than the select silently showing another value.
  const options = [...new Set([...PRESETS, current, ...(defaultSeconds === undefined ? [] : [defaultSeconds])])].sort((a, b) => a - b);

  return (
    <>
      <label htmlFor={id} className="sr-only">
        Sync interval
      </label>
      <select
        id={id}
        className={`${compactSelectStyles} w-full max-w-64`}
        value={current}
        onChange={(event) => change.mutate({ syncIntervalSeconds: Number(event.target.value) })}
      >
        {options.map((seconds) => (
          <option key={seconds} value={seconds}>
            {seconds === defaultSeconds ? `${intervalLabel(seconds)} (default)` : intervalLabel(seconds)}
          </option>
        ))}
      </select>
    </>
  );
}
