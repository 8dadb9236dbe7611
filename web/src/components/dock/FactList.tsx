import type { ReactNode } from "react";
import { cardStyles } from "../styles";

/** A titled card of label/value pairs: one `<dl>`, so each value is read with its label. */
export function FactCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className={`p-4 ${cardStyles}`}>
      <h2 className="mb-3 text-sm font-semibold text-slate-700 dark:text-slate-200">{title}</h2>
      <dl className="space-y-3 text-sm">{children}</dl>
    </section>
  );
}

/** `stackOnPhones` puts the value under its label below `sm`, for values (controls) that need the whole width. */
export function Fact({ label, children, stackOnPhones = false }: { label: string; children: ReactNode; stackOnPhones?: boolean }) {
  return (
    <div
      className={`grid grid-cols-[8.5rem_minmax(0,1fr)] items-baseline gap-x-3 gap-y-1 max-[22rem]:grid-cols-1 ${stackOnPhones ? "max-sm:grid-cols-1" : ""}`}
    >
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}
