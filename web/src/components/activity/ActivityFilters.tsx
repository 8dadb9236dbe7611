import { CHANGE_TYPES, RESOURCE_KINDS } from "../../../../shared/resources";
import type { ResourceKind } from "../../../../shared/resources";
import type { ActivityFilters as Filters } from "../../api/activity-queries";
import { KIND_GROUPS, KIND_LABELS } from "../../lib/resource-kinds";
import { SelectField } from "../SelectField";
import { buttonStyles } from "../styles";
import { CHANGE_LABELS } from "./event-text";

interface ActivityFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  /** Kinds the role may read: the only ones worth offering. */
  kinds: readonly ResourceKind[];
  /** `null` for a role that cannot read docks (there is nothing to choose from). */
  docks: ReadonlyArray<{ id: string; name: string }> | null;
}

export function ActivityFilters({ filters, onChange, kinds, docks }: ActivityFiltersProps) {
  const grouped = KIND_GROUPS.map((group) => ({ label: group.label, kinds: group.kinds.filter((k) => kinds.includes(k)) })).filter((g) => g.kinds.length > 0);
  const ungrouped = RESOURCE_KINDS.filter((k) => kinds.includes(k) && !KIND_GROUPS.some((g) => g.kinds.includes(k)));
  const hasFilters = Object.values(filters).some(Boolean);

  return (
    <search aria-label="Filter activity" className="grid grid-cols-2 items-end gap-3 sm:grid-cols-4">
      {docks ? (
        <SelectField label="Dock" value={filters.dockId ?? ""} onChange={(event) => onChange({ dockId: event.target.value || undefined })}>
          <option value="">All docks</option>
          {/* A dock in the URL that is no longer connected still has its history. */}
          {filters.dockId && !docks.some((d) => d.id === filters.dockId) ? <option value={filters.dockId}>Disconnected dock</option> : null}
          {docks.map((dock) => (
            <option key={dock.id} value={dock.id}>
              {dock.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <SelectField label="Kind" value={filters.kind ?? ""} onChange={(event) => onChange({ kind: RESOURCE_KINDS.find((k) => k === event.target.value) })}>
        <option value="">All kinds</option>
        {grouped.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </optgroup>
        ))}
        {ungrouped.length > 0 ? (
          <optgroup label="Other">
            {ungrouped.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </optgroup>
        ) : null}
      </SelectField>
      <SelectField label="Change" value={filters.change ?? ""} onChange={(event) => onChange({ change: CHANGE_TYPES.find((c) => c === event.target.value) })}>
        <option value="">Any change</option>
        {CHANGE_TYPES.map((change) => (
          <option key={change} value={change}>
            {CHANGE_LABELS[change]}
          </option>
        ))}
      </SelectField>
      {hasFilters ? (
        <div>
          <button type="button" className={buttonStyles.quiet} onClick={() => onChange({ dockId: undefined, kind: undefined, change: undefined })}>
            Clear filters
          </button>
        </div>
      ) : null}
    </search>
  );
}
