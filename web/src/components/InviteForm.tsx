import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { z } from "zod";
import { createInvitationSchema } from "../../../shared/api";
import type { Role, createdInvitationSchema } from "../../../shared/api";
import { createInvitation, invitationsQueryKey } from "../api/queries";
import { firstIssueMessage } from "../lib/first-issue";
import { formatDateTime } from "../lib/format";
import { invitationLink } from "../lib/pending-invitation";
import { defaultInviteRole } from "../lib/roles";
import { Alert, ErrorAlert } from "./ErrorAlert";
import { SelectField } from "./SelectField";
import { OneTimeSecretField } from "./settings/OneTimeSecretField";
import { TextField } from "./TextField";
import { buttonStyles, helpStyles } from "./styles";

type CreatedInvitation = z.output<typeof createdInvitationSchema>;

interface InviteFormProps {
  orgId: string;
  orgName: string;
  /** Only the roles the caller may hand out. */
  grantableRoles: Role[];
}

export function InviteForm({ orgId, orgName, grantableRoles }: InviteFormProps) {
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | null>(null);
  // The link exists only in this response: the API keeps nothing but a hash of the token.
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const mutation = useMutation({
    mutationFn: (input: { email: string; roleId: string }) => createInvitation(orgId, input),
    onSuccess: (invitation) => {
      setCreated(invitation);
      void queryClient.invalidateQueries({ queryKey: invitationsQueryKey(orgId) });
    },
  });
  const defaultRole = defaultInviteRole(grantableRoles);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const parsed = createInvitationSchema.safeParse({ email: form.get("email"), roleId: form.get("roleId") });
    if (!parsed.success) {
      setInvalid(firstIssueMessage(parsed.error));
      return;
    }
    setInvalid(null);
    setCreated(null);
    mutation.mutate(parsed.data, { onSuccess: () => formElement.reset() });
  }

  return (
    <div className="space-y-5">
      <form className="space-y-4" onSubmit={onSubmit}>
        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
          <TextField
            label="Email address"
            name="email"
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={254}
            placeholder="teammate@example.com"
          />
          <SelectField label="Role" name="roleId" defaultValue={defaultRole?.id} required>
            {grantableRoles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </SelectField>
        </div>
        <p className={helpStyles}>
          They join {orgName} with this role once they accept. You can only give roles with no more access than your own.
        </p>
        {invalid ? <Alert>{invalid}</Alert> : mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
        <div className="flex justify-end">
          <button type="submit" className={buttonStyles.primary} disabled={mutation.isPending}>
            {mutation.isPending ? "Creating invitation…" : "Create invitation link"}
          </button>
        </div>
      </form>
      {created ? <InvitationLink key={created.id} invitation={created} onDone={() => setCreated(null)} /> : null}
    </div>
  );
}

/** The one and only showing of an invitation link. */
function InvitationLink({ invitation, onDone }: { invitation: CreatedInvitation; onDone: () => void }) {
  const id = useId();
  const link = invitationLink(window.location.origin, invitation.token);

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="space-y-3 rounded-md border border-emerald-200 wrap-anywhere bg-emerald-50/70 p-4 dark:border-emerald-900/60 dark:bg-emerald-950/30"
    >
      <h3 id={`${id}-title`} className="text-sm font-semibold text-emerald-900 dark:text-emerald-200">
        Invitation created for {invitation.email} ({invitation.role.name})
      </h3>
      <OneTimeSecretField label="Invitation link" value={link} copyLabel="Copy link" noun="Link" describedBy={`${id}-note`} />
      <p id={`${id}-note`} className="text-sm text-slate-700 dark:text-slate-300">
        <strong className="font-semibold">This link is shown only now.</strong> Copy it and send it to{" "}
        {invitation.email} yourself; EdgeDock does not email it. It expires on{" "}
        <time dateTime={invitation.expiresAt}>{formatDateTime(invitation.expiresAt)}</time> and works only for an
        account with that email address. If it gets lost, revoke it and create a new one.
      </p>
      <div className="flex justify-end">
        <button type="button" className={buttonStyles.secondary} onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
