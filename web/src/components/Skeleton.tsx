import { cardStyles } from "./styles";

/** One grey placeholder block; for skeletons shaped like what they stand in for. */
export const skeletonBlock = "animate-pulse rounded bg-slate-200/70 dark:bg-slate-800";

interface SkeletonProps {
  /** What is loading, announced once rather than line by line. */
  label?: string;
  lines?: number;
  /** The height (and width) of each line, e.g. "h-10" for table rows. */
  lineClassName?: string;
  /** In a card, as lists and tables are. */
  card?: boolean;
}

/** Grey lines where content will be, so the layout does not jump when it arrives. */
export function Skeleton({ label = "Loading", lines = 3, lineClassName = "h-5", card = false }: SkeletonProps) {
  return (
    <div role="status" aria-label={label} className={`space-y-2 ${card ? `p-4 ${cardStyles}` : ""}`}>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder lines have no identity of their own and never reorder.
        <div key={i} aria-hidden="true" className={`${lineClassName} ${skeletonBlock}`} />
      ))}
    </div>
  );
}
