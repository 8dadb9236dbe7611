import { useId } from "react";
import { AREAS, LEVELS, allows } from "../../../../shared/permissions";
import type { Area, Level, Permissions } from "../../../../shared/permissions";
import { helpStyles } from "../styles";
import { AREA_INFO, LEVEL_INFO } from "./areas";

interface PermissionGridProps {
  value: Permissions;
  onChange: (next: Permissions) => void;
  /** The editor's own access: no level above it is offered, as the API would refuse to grant it. */
  ownPermissions: Permissions;
  disabled?: boolean;
}

function grantable(own: Permissions, area: Area, level: Level): boolean {
  return level === "none" || allows(own, area, level);
}

/** Every area × none / read / full, one radio group (fieldset) per area. */
export function PermissionGrid({ value, onChange, ownPermissions, disabled = false }: PermissionGridProps) {
  const id = useId();
  return (
    <fieldset disabled={disabled} className="space-y-2">
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Permissions</legend>
      <p className={helpStyles}>
        For each area: <strong className="font-medium">Read</strong> lets members see it, <strong className="font-medium">Full</strong> lets
        them also change it. You can grant at most the access your own role has.
      </p>
      <div className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {AREAS.map((area) => {
          const info = AREA_INFO[area];
          const descriptionId = `${id}-${area}-description`;
          const capped = LEVELS.some((level) => !grantable(ownPermissions, area, level));
          return (
            <fieldset
              key={area}
              aria-describedby={descriptionId}
              className="grid gap-2 px-3 py-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center sm:gap-4 sm:px-4"
            >
              {/* The visible name below is a plain paragraph so the row can be laid out as a grid; this names the group. */}
              <legend className="sr-only">{info.label}</legend>
              <div className="min-w-0">
                <p aria-hidden="true" className="text-sm font-medium text-slate-900 dark:text-slate-100">
                  {info.label}
                </p>
                <p id={descriptionId} className="text-xs text-slate-500 dark:text-slate-400">
                  {info.description}
                  {capped ? ` Your role has ${LEVEL_INFO[ownPermissions[area]].label.toLowerCase()} access here, so you can grant no more.` : ""}
                </p>
              </div>
              <div className="grid grid-cols-3 overflow-hidden rounded-md border border-slate-300 sm:w-60 dark:border-slate-700">
                {LEVELS.map((level) => {
                  const allowed = grantable(ownPermissions, area, level);
                  return (
                    <label
                      key={level}
                      className="relative cursor-pointer border-l border-slate-300 px-3 py-1.5 text-center text-sm font-medium text-slate-700 select-none first:border-l-0 hover:bg-slate-50 has-checked:bg-indigo-600 has-checked:text-white has-disabled:cursor-not-allowed has-disabled:bg-slate-50 has-disabled:text-slate-400 has-disabled:line-through has-focus-visible:z-10 has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-indigo-500 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:has-checked:bg-indigo-500 dark:has-checked:text-white dark:has-disabled:bg-slate-900 dark:has-disabled:text-slate-600"
                    >
                      <input
                        type="radio"
                        className="sr-only"
                        name={`${id}-${area}`}
                        value={level}
                        checked={value[area] === level}
                        disabled={!allowed}
                        onChange={() => onChange({ ...value, [area]: level })}
                      />
                      {LEVEL_INFO[level].label}
                      {!allowed ? <span className="sr-only"> (more than your own access)</span> : null}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A role's permissions at a glance, for reading. */
export function PermissionSummary({ permissions }: { permissions: Permissions }) {
  return (
    <dl className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-2 lg:grid-cols-3">
      {AREAS.map((area) => (
        <div key={area} className="flex items-center justify-between gap-3">
          <dt className="text-slate-600 dark:text-slate-400">{AREA_INFO[area].label}</dt>
          <dd>
            <LevelPill level={permissions[area]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

const PILL: Record<Level, string> = {
  none: "bg-slate-100 text-slate-500 ring-slate-200 dark:bg-slate-800 dark:text-slate-400 dark:ring-slate-700",
  read: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-500/15 dark:text-sky-300 dark:ring-sky-500/40",
  full: "bg-indigo-50 text-indigo-800 ring-indigo-200 dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/40",
};

function LevelPill({ level }: { level: Level }) {
  return (
    <span className={`inline-flex min-w-12 justify-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${PILL[level]}`}>
      {LEVEL_INFO[level].label}
    </span>
  );
}
