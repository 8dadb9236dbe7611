import type { ReactNode } from "react";
import { cardStyles } from "../styles";

/** Says what is missing and what to do about it. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className={`space-y-3 px-6 py-8 text-center ${cardStyles}`}>
      <h3 className="text-base font-semibold">{title}</h3>
      <p className="mx-auto max-w-prose text-sm text-slate-600 dark:text-slate-400">{children}</p>
      {action}
    </div>
  );
}
