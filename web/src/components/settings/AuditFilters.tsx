import { useEffect, useId, useRef, useState } from "react";
import { AUDIT_RESULTS, AUDIT_TARGET_TYPES } from "../../../../shared/audit";
import type { AuditSearch } from "../../api/settings-queries";
import { buttonStyles, inputStyles, labelStyles, selectStyles } from "../styles";
import { AUDIT_ACTION_LABELS, AUDIT_GROUP_LABELS, AUDIT_TARGET_LABELS, auditActionGroups, isAuditAction } from "./audit-labels";
import { auditResultLabel } from "./AuditResultBadge";

interface AuditFiltersProps {
  filters: AuditSearch;
  onChange: (patch: Partial<AuditSearch>) => void;
  onClear: () => void;
  /** Members to suggest for the actor filter; empty when the role cannot list them. */
  members: Array<{ id: string; name: string }>;
}

/** Typing waits for a pause before the URL (and the query) changes; the URL changing elsewhere is followed. */
function useDebouncedField(value: string | undefined, commit: (value: string | undefined) => void) {
  const [text, setText] = useState(value ?? "");
  useEffect(() => setText(value ?? ""), [value]);
  // commit is a new function every render; the timer must depend only on what was typed, so it calls the
  // latest commit through a ref instead of restarting with each render.
  const commitRef = useRef(commit);
  useEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === value) return;
    const timer = setTimeout(() => commitRef.current(next), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  return [text, setText] as const;
}

export function AuditFilters({ filters, onChange, onClear, members }: AuditFiltersProps) {
  const id = useId();
  const [actorId, setActorId] = useDebouncedField(filters.actorId, (v) => onChange({ actorId: v }));
  const [targetId, setTargetId] = useDebouncedField(filters.targetId, (v) => onChange({ targetId: v }));
  const active = Object.values(filters).some(Boolean);
  const targetTypes: string[] = [...AUDIT_TARGET_TYPES];
  if (filters.targetType && !targetTypes.includes(filters.targetType)) targetTypes.push(filters.targetType);

  return (
    <search aria-label="Filter the audit log" className="block space-y-3">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        <div className="col-span-2 space-y-1 sm:col-span-1">
          <label htmlFor={`${id}-action`} className={labelStyles}>
            Action
          </label>
          <select
            id={`${id}-action`}
            className={selectStyles}
            value={filters.action ?? ""}
            onChange={(event) => onChange({ action: event.target.value || undefined })}
          >
            <option value="">All actions</option>
            {filters.action && !isAuditAction(filters.action) ? <option value={filters.action}>{filters.action}</option> : null}
            {auditActionGroups().map(({ group, actions }) => (
              <optgroup key={group} label={AUDIT_GROUP_LABELS[group] ?? group}>
                {actions.map((action) => (
                  <option key={action} value={action}>
                    {AUDIT_ACTION_LABELS[action]} ({action})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-result`} className={labelStyles}>
            Result
          </label>
          <select
            id={`${id}-result`}
            className={selectStyles}
            value={filters.result ?? ""}
            onChange={(event) => onChange({ result: AUDIT_RESULTS.find((r) => r === event.target.value) })}
          >
            <option value="">Any result</option>
            {AUDIT_RESULTS.map((result) => (
              <option key={result} value={result}>
                {auditResultLabel(result)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-actor`} className={labelStyles}>
            Actor ID
          </label>
          <input
            id={`${id}-actor`}
            className={`${inputStyles} font-mono`}
            list={members.length > 0 ? `${id}-members` : undefined}
            value={actorId}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            placeholder="usr_… or tok_…"
            onChange={(event) => setActorId(event.target.value)}
          />
          {members.length > 0 ? (
            <datalist id={`${id}-members`}>
              {members.map((m) => (
                <option key={m.id} value={m.id} label={m.name} />
              ))}
            </datalist>
          ) : null}
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-target-type`} className={labelStyles}>
            Target type
          </label>
          <select
            id={`${id}-target-type`}
            className={selectStyles}
            value={filters.targetType ?? ""}
            onChange={(event) => onChange({ targetType: event.target.value || undefined })}
          >
            <option value="">Any target</option>
            {targetTypes.map((type) => (
              <option key={type} value={type}>
                {AUDIT_TARGET_LABELS[type] ?? type}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-target`} className={labelStyles}>
            Target ID
          </label>
          <input
            id={`${id}-target`}
            className={`${inputStyles} font-mono`}
            value={targetId}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            placeholder="dck_…"
            onChange={(event) => setTargetId(event.target.value)}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-from`} className={labelStyles}>
            From
          </label>
          <input
            id={`${id}-from`}
            type="date"
            className={inputStyles}
            value={filters.from ?? ""}
            max={filters.to}
            onChange={(event) => onChange({ from: event.target.value || undefined })}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-to`} className={labelStyles}>
            To <span className="font-normal text-slate-500 dark:text-slate-400">(inclusive)</span>
          </label>
          <input
            id={`${id}-to`}
            type="date"
            className={inputStyles}
            value={filters.to ?? ""}
            min={filters.from}
            onChange={(event) => onChange({ to: event.target.value || undefined })}
          />
        </div>
        <div className="col-span-2 flex items-end sm:col-span-1">
          <button type="button" className={`${buttonStyles.quiet} w-full sm:w-auto`} disabled={!active} onClick={onClear}>
            Clear filters
          </button>
        </div>
      </div>
    </search>
  );
}
