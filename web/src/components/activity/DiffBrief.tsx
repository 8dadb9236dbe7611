import type { FieldChange } from "../../../../shared/resources";
import { changeValue, fieldLabel } from "./event-text";

/** The first few changed fields of an update as "field old → new"; the drawer's timeline has them all. */
export function DiffBrief({ diff, max = 3 }: { diff: readonly FieldChange[]; max?: number }) {
  const shown = diff.slice(0, max);
  const rest = diff.length - shown.length;
  return (
    <>
      {shown.map((change, i) => (
        <span key={change.field}>
          {i > 0 ? <span className="text-slate-400 dark:text-slate-500">{" · "}</span> : null}
          <span className="text-slate-600 dark:text-slate-300">{fieldLabel(change.field)}</span>{" "}
          <del className="text-red-700 dark:text-red-300">{changeValue(change, "before")}</del>
          <span className="sr-only"> changed to </span>
          <span aria-hidden="true" className="text-slate-400 dark:text-slate-500">
            {" → "}
          </span>
          <ins className="text-emerald-700 no-underline dark:text-emerald-300">{changeValue(change, "after")}</ins>
        </span>
      ))}
      {rest > 0 ? <span className="text-slate-500 dark:text-slate-400">{` and ${rest} more`}</span> : null}
    </>
  );
}
