import type { ChangeType, ResourceKind } from "../../../../shared/resources";
import { CHANGE_LABELS, changeWord } from "./event-text";

const LOOK: Record<ChangeType, string> = {
  created: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-500/40",
  updated: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-500/15 dark:text-sky-300 dark:ring-sky-500/40",
  deleted: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40",
};

/**
 * Created, updated or deleted: the word carries it, the colour only helps the eye scan. With the resource's
 * kind, the word is the kind's own ("Deployed", "Started"); the colour still says which change it was.
 */
export function ChangeBadge({ change, kind, id }: { change: ChangeType; kind?: ResourceKind; id?: string }) {
  return (
    <span id={id} className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${LOOK[change]}`}>
      {kind ? changeWord(kind, change) : CHANGE_LABELS[change]}
    </span>
  );
}
