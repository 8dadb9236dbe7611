import { cardStyles } from "../styles";

/** Grey bars where rows will be, announced once as loading. */
export function SkeletonRows({ label, rows = 4, rowClassName = "h-10" }: { label: string; rows?: number; rowClassName?: string }) {
  return (
    <div role="status" aria-label={label} className={`space-y-2 p-4 ${cardStyles}`}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={`${rowClassName} animate-pulse rounded bg-slate-100 dark:bg-slate-800`} />
      ))}
    </div>
  );
}
