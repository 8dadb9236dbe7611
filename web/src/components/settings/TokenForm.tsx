import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { createTokenSchema } from "../../../../shared/api";
import type { Role } from "../../../../shared/api";
import { createToken, tokensQueryKey } from "../../api/settings-queries";
import type { CreatedApiToken } from "../../api/settings-queries";
import { firstIssueMessage } from "../../lib/first-issue";
import { Alert, ErrorAlert } from "../ErrorAlert";
import { SelectField } from "../SelectField";
import { TextField } from "../TextField";
import { buttonStyles, helpStyles, inputStyles, labelStyles } from "../styles";

const EXPIRY_CHOICES = [
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
  { value: "custom", label: "On a date…" },
  { value: "never", label: "Never" },
] as const;
type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];

/** `YYYY-MM-DD` of a day counted from today, in the viewer's time zone (what a date input takes). */
function localDay(offsetDays: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function expiresAtOf(choice: ExpiryChoice, day: string): string | undefined {
  if (choice === "never") return undefined;
  // A chosen day lasts until its end, where the viewer is.
  if (choice === "custom") return day ? new Date(`${day}T23:59:59`).toISOString() : "";
  return new Date(Date.now() + Number(choice) * 86_400_000).toISOString();
}

interface TokenFormProps {
  orgId: string;
  ownRoleName: string;
  /** Roles the caller may limit a token to; null when their role cannot list roles. */
  grantableRoles: Role[] | null;
  onCreated: (token: CreatedApiToken) => void;
}

export function TokenForm({ orgId, ownRoleName, grantableRoles, onCreated }: TokenFormProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const [expiry, setExpiry] = useState<ExpiryChoice>("90");
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (input: { name: string; roleId?: string; expiresAt?: string }) => createToken(orgId, input),
    onSuccess: (token) => {
      onCreated(token);
      void queryClient.invalidateQueries({ queryKey: tokensQueryKey(orgId) });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const roleId = String(form.get("roleId") ?? "");
    const day = String(form.get("expiresOn") ?? "");
    const parsed = createTokenSchema.safeParse({
      name: form.get("name"),
      roleId: roleId === "" ? undefined : roleId,
      expiresAt: expiresAtOf(expiry, day),
    });
    if (!parsed.success) {
      const noDay = parsed.error.issues[0]?.path[0] === "expiresAt" && expiry === "custom" && day === "";
      setInvalid(noDay ? "Choose the day the token expires." : firstIssueMessage(parsed.error));
      return;
    }
    setInvalid(null);
    create.mutate(parsed.data, {
      onSuccess: () => {
        formElement.reset();
        setExpiry("90");
      },
    });
  }

  return (
    <form className="space-y-4" onSubmit={submit} noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required maxLength={100} autoComplete="off" placeholder="CI deploys" help="What the token is for, so you recognise it later." />
        <SelectField
          label="Access"
          name="roleId"
          defaultValue=""
          help={
            grantableRoles === null
              ? "Your role cannot list roles, so the token gets your own access."
              : "Limiting a token to a role never gives it more than your own access."
          }
        >
          <option value="">Same as yours ({ownRoleName}), following your role</option>
          {grantableRoles?.map((role) => (
            <option key={role.id} value={role.id}>
              Limited to {role.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Expires" name="expiry" value={expiry} onChange={(event) => setExpiry(event.target.value as ExpiryChoice)}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        {expiry === "custom" ? (
          <div className="space-y-1.5">
            <label htmlFor={`${id}-day`} className={labelStyles}>
              Expiry date
            </label>
            <input id={`${id}-day`} name="expiresOn" type="date" min={localDay(1)} required className={inputStyles} aria-describedby={`${id}-day-help`} />
            <p id={`${id}-day-help`} className={helpStyles}>
              The token stops working at the end of this day.
            </p>
          </div>
        ) : null}
      </div>
      {invalid ? <Alert>{invalid}</Alert> : create.isError ? <ErrorAlert error={create.error} /> : null}
      <div className="flex justify-end">
        <button type="submit" className={buttonStyles.primary} disabled={create.isPending}>
          {create.isPending ? "Creating token…" : "Create token"}
        </button>
      </div>
    </form>
  );
}
