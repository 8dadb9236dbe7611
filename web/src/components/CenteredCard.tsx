import type { ReactNode } from "react";
import { cardStyles } from "./styles";

/** The narrow single-card layout of pages shown outside an organization (sign in, invitations, first org). */
export function CenteredCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-10 sm:justify-center">
      <p className="mb-6 text-lg font-semibold tracking-tight text-indigo-600 dark:text-indigo-400">EdgeDock</p>
      <main className={`w-full max-w-md space-y-6 p-6 sm:p-8 ${cardStyles}`}>
        <title>{`${title} · EdgeDock`}</title>
        <div className="space-y-2">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {intro ? <div className="text-sm text-slate-600 dark:text-slate-400">{intro}</div> : null}
        </div>
        {children}
      </main>
    </div>
  );
}
