import type { Provider } from "../../../shared/api";
import { isResourceKind } from "../../../shared/resources";
import { KIND_LABELS } from "../lib/resource-kinds";
import { labelStyles } from "./styles";

interface ProviderPickerProps {
  providers: Provider[];
  selectedId: string | undefined;
  onSelect: (providerId: string) => void;
}

export function ProviderPicker({ providers, selectedId, onSelect }: ProviderPickerProps) {
  return (
    <fieldset className="space-y-2">
      <legend className={`${labelStyles} mb-2`}>Provider</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {providers.map((provider) => (
          <label
            key={provider.id}
            className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 p-3 hover:bg-slate-50 has-checked:border-indigo-500 has-checked:bg-indigo-50/60 has-checked:ring-1 has-checked:ring-indigo-500 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-500 dark:border-slate-700 dark:hover:bg-slate-800/60 dark:has-checked:bg-indigo-500/10"
          >
            <input
              type="radio"
              name="provider"
              value={provider.id}
              checked={selectedId === provider.id}
              onChange={() => onSelect(provider.id)}
              className="mt-1 accent-indigo-600"
            />
            <span className="min-w-0">
              <span className="block font-medium">{provider.name}</span>
              {provider.resourceKinds.length > 0 ? (
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  Syncs {provider.resourceKinds.map((kind) => (isResourceKind(kind) ? KIND_LABELS[kind].toLowerCase() : kind)).join(", ")}
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
