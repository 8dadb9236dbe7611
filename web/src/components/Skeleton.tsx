/** Grey placeholder lines while something loads; announced once by its label rather than line by line. */
export function Skeleton({ label = "Loading", lines = 3, className = "" }: { label?: string; lines?: number; className?: string }) {
  return (
    <div role="status" aria-label={label} className={`space-y-2 ${className}`}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} aria-hidden="true" className="h-5 animate-pulse rounded bg-slate-200/70 dark:bg-slate-800" />
      ))}
    </div>
  );
}
