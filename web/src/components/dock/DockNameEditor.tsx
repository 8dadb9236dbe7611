import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent, KeyboardEvent } from "react";
import type { Dock } from "../../../../shared/docks";
import { updateDockSchema } from "../../../../shared/docks";
import { firstIssueMessage } from "../../lib/first-issue";
import { buttonStyles, inputStyles } from "../styles";
import { useOptimisticDockUpdate } from "./use-optimistic-dock-update";

/**
 * The page heading, renamed in place. The new name shows at once; if the server refuses it the old name
 * comes back and a toast says why.
 */
export function DockNameEditor({ orgId, dock, canEdit }: { orgId: string; dock: Dock; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const inputId = useId();
  const errorId = useId();
  const rename = useOptimisticDockUpdate(orgId, dock.id, (input, before) =>
    before ? `Could not rename “${before.name}” to “${input.name ?? ""}”` : "Could not rename the dock",
  );

  // Back on the button that opened the editor, so keyboard users do not lose their place.
  useEffect(() => {
    if (wasEditing.current && !editing) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get("name");
    const parsed = updateDockSchema.safeParse({ name: typeof value === "string" ? value : "" });
    if (!parsed.success) {
      setInvalid(firstIssueMessage(parsed.error));
      return;
    }
    setInvalid(null);
    setEditing(false);
    if (parsed.data.name !== dock.name) rename.mutate({ name: parsed.data.name });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      setInvalid(null);
      setEditing(false);
    }
  }

  if (editing) {
    return (
      <form onSubmit={onSubmit} className="w-full max-w-xl space-y-2" noValidate>
        <label htmlFor={inputId} className="sr-only">
          Dock name
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={inputId}
            name="name"
            defaultValue={dock.name}
            maxLength={100}
            required
            // biome-ignore lint/a11y/noAutofocus: the field appears because the member chose Rename; focus goes where they asked to type.
            autoFocus
            autoComplete="off"
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? errorId : undefined}
            onKeyDown={onKeyDown}
            className={`${inputStyles} min-w-0 flex-1 basis-56 text-lg font-semibold sm:text-lg`}
          />
          <div className="flex gap-2">
            <button type="submit" className={buttonStyles.primary}>
              Save
            </button>
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => {
                setInvalid(null);
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
        {invalid ? (
          <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-300">
            {invalid}
          </p>
        ) : null}
      </form>
    );
  }

  return (
    <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
      <h1 className="min-w-0 text-2xl font-semibold tracking-tight break-words">{dock.name}</h1>
      {canEdit ? (
        <button
          ref={renameButton}
          type="button"
          className={`${buttonStyles.quiet} px-2 py-1 text-xs`}
          onClick={() => setEditing(true)}
          aria-label={`Rename ${dock.name}`}
        >
          Rename
        </button>
      ) : null}
    </div>
  );
}
