import { useId } from "react";
import type { ReactNode } from "react";
import { cardStyles, helpStyles } from "../styles";

/** One of the dock's settings: a titled card, what the setting does, then its controls. */
export function SettingsCard({ title, description, children }: { title: string; description: ReactNode; children?: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`space-y-4 p-4 sm:p-6 ${cardStyles}`}>
      <div className="space-y-1">
        <h2 id={headingId} className="text-base font-semibold">
          {title}
        </h2>
        <p className={helpStyles}>{description}</p>
      </div>
      {children}
    </section>
  );
}
