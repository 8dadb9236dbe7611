import type { ReactNode } from "react";
import { cardStyles } from "./styles";

/** A short titled message filling the content area: not found, no access, load failures. */
export function PageMessage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={`mx-auto max-w-lg space-y-3 p-6 text-center ${cardStyles}`}>
      <h1 className="text-lg font-semibold">{title}</h1>
      <div className="space-y-4 text-sm text-slate-600 dark:text-slate-400">{children}</div>
    </section>
  );
}
