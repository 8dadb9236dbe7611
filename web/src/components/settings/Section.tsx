import { useId } from "react";
import type { ReactNode } from "react";

/** A titled part of a settings page; the count is left out while more pages are still to load. */
export function Section({ title, count, actions, children }: { title: string; count?: number; actions?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} className="text-lg font-semibold tracking-tight">
          {title}
          {count !== undefined ? <span className="ml-2 text-sm font-normal text-slate-500 dark:text-slate-400">({count})</span> : null}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
