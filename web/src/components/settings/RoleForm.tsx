import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { createRoleSchema } from "../../../../shared/api";
import type { Role } from "../../../../shared/api";
import { isWithin, normalizePermissions } from "../../../../shared/permissions";
import type { Permissions } from "../../../../shared/permissions";
import type { RoleInput } from "../../api/settings-queries";
import { firstIssueMessage } from "../../lib/first-issue";
import { canGrant } from "../../lib/roles";
import { Alert, ErrorAlert } from "../ErrorAlert";
import { buttonStyles, helpStyles, inputStyles, labelStyles, selectStyles } from "../styles";
import { PermissionGrid } from "./PermissionGrid";

interface RoleFormProps {
  initial: RoleInput;
  ownPermissions: Permissions;
  /** Roles to copy permissions from (creating only); only those the editor may grant are offered. */
  templates?: Role[];
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The failed attempt, for forms that show it here rather than in a toast. */
  error?: unknown;
  onSubmit: (input: RoleInput) => void;
  onCancel: () => void;
}

export function RoleForm({ initial, ownPermissions, templates, submitLabel, pendingLabel, pending, error, onSubmit, onCancel }: RoleFormProps) {
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(initial.name);
  const [permissions, setPermissions] = useState<Permissions>(initial.permissions);
  const [invalid, setInvalid] = useState<string | null>(null);
  const copyable = templates?.filter((role) => canGrant(role, ownPermissions)) ?? [];

  // The form opens on request: the name is where typing starts.
  useEffect(() => nameRef.current?.focus(), []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createRoleSchema.safeParse({ name, permissions });
    if (!parsed.success) {
      setInvalid(firstIssueMessage(parsed.error));
      nameRef.current?.focus();
      return;
    }
    if (!isWithin(permissions, ownPermissions)) {
      setInvalid("A role cannot have more access than your own.");
      return;
    }
    setInvalid(null);
    onSubmit({ name: parsed.data.name, permissions });
  }

  return (
    <form className="space-y-5" onSubmit={submit} noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor={`${id}-name`} className={labelStyles}>
            Role name
          </label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            className={inputStyles}
            value={name}
            maxLength={60}
            required
            autoComplete="off"
            placeholder="Support"
            aria-invalid={invalid !== null && name.trim() === ""}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        {copyable.length > 0 ? (
          <div className="space-y-1.5">
            <label htmlFor={`${id}-template`} className={labelStyles}>
              Start from
            </label>
            <select
              id={`${id}-template`}
              className={selectStyles}
              defaultValue=""
              aria-describedby={`${id}-template-help`}
              onChange={(event) => {
                const role = copyable.find((r) => r.id === event.target.value);
                setPermissions(role ? role.permissions : normalizePermissions({}));
              }}
            >
              <option value="">No access anywhere</option>
              {copyable.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </select>
            <p id={`${id}-template-help`} className={helpStyles}>
              Copies that role's permissions into the grid below.
            </p>
          </div>
        ) : null}
      </div>
      <PermissionGrid value={permissions} onChange={setPermissions} ownPermissions={ownPermissions} disabled={pending} />
      {invalid ? <Alert>{invalid}</Alert> : error ? <ErrorAlert error={error} /> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className={buttonStyles.secondary} onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button type="submit" className={buttonStyles.primary} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
