import type { ResourceEvent } from "../../../../shared/resources";
import { RelativeTime } from "../RelativeTime";
import { ChangeBadge } from "./ChangeBadge";
import { DiffBrief } from "./DiffBrief";
import { KIND_SINGULAR } from "./event-text";

interface EventLineProps {
  event: ResourceEvent;
  /** Prefix of the ids of its parts, so the element around it can be labelled by them. */
  id: string;
  /** Where it happened (provider · dock). */
  source: string;
  onOpen: (resourceId: string) => void;
  /** The whole surrounding box (positioned) opens the resource, not only its name. */
  stretch?: boolean;
  /** Changed fields shown for an update. */
  diffMax?: number;
}

/**
 * One event in a line or three: what changed and when, the kind and where, and for an update its first
 * changed fields. Every line truncates, so the height is fixed whatever the text.
 */
export function EventLine({ event, id, source, onOpen, stretch = false, diffMax = 3 }: EventLineProps) {
  const stretched = stretch
    ? "after:absolute after:inset-0 after:content-[''] focus-visible:outline-none focus-visible:after:rounded-sm focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-indigo-500"
    : "rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500";
  return (
    <>
      <div className="flex min-w-0 items-center gap-2">
        <ChangeBadge id={`${id}-change`} change={event.change} kind={event.kind} />
        <button
          id={`${id}-name`}
          type="button"
          aria-describedby={`${id}-change ${id}-meta`}
          onClick={() => onOpen(event.resourceId)}
          className={`min-w-0 truncate text-left text-sm font-medium text-slate-900 hover:text-indigo-700 dark:text-slate-100 dark:hover:text-indigo-300 ${stretched}`}
        >
          {event.name || `Unnamed ${KIND_SINGULAR[event.kind].toLowerCase()}`}
        </button>
        <span className="ml-auto shrink-0 pl-2 text-xs text-slate-500 dark:text-slate-400">
          <RelativeTime iso={event.at} />
        </span>
      </div>
      <p id={`${id}-meta`} className="mt-1 truncate text-xs text-slate-500 dark:text-slate-400">
        {KIND_SINGULAR[event.kind]} · {source}
      </p>
      {event.change === "updated" && event.diff.length > 0 ? (
        <p className="mt-1 truncate text-xs">
          <DiffBrief diff={event.diff} max={diffMax} />
        </p>
      ) : null}
    </>
  );
}
