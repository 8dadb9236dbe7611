import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import type { z } from "zod";
import { createInvitationSchema } from "../../../shared/api";
import type { Role, createdInvitationSchema } from "../../../shared/api";
import { createInvitation, invitationsQueryKey } from "../api/queries";
import { firstIssueMessage } from "../lib/first-issue";
import { formatDateTime } from "../lib/format";
import { defaultInviteRole } from "../lib/roles";
import { Alert, ErrorAlert } from "./ErrorAlert";
import { SelectField } from "./SelectField";
import { TextField } from "./TextField";
import { buttonStyles, helpStyles, inputStyles, labelStyles } from "./styles";

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

type CopyState = "idle" | "copied" | "failed";

/** The one and only showing of an invitation link. */
function InvitationLink({ invitation, onDone }: { invitation: CreatedInvitation; onDone: () => void }) {
  const inputId = useId();
  const noteId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<CopyState>("idle");
  const link = `${window.location.origin}/invitations/${encodeURIComponent(invitation.token)}`;

  // Focus lands on the link, selected, so it can be copied with the keyboard straight away.
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopyState("copied");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin); the selected text is the fallback.
      inputRef.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <section
      aria-labelledby={`${inputId}-title`}
      className="space-y-3 rounded-md border border-emerald-200 wrap-anywhere bg-emerald-50/70 p-4 dark:border-emerald-900/60 dark:bg-emerald-950/30"
    >
      <h3 id={`${inputId}-title`} className="text-sm font-semibold text-emerald-900 dark:text-emerald-200">
        Invitation created for {invitation.email} ({invitation.role.name})
      </h3>
      <div className="space-y-1.5">
        <label htmlFor={inputId} className={labelStyles}>
          Invitation link
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            readOnly
            value={link}
            aria-describedby={noteId}
            onFocus={(event) => event.currentTarget.select()}
            className={`${inputStyles} font-mono`}
          />
          <button type="button" className={buttonStyles.primary} onClick={() => void copy()}>
            {copyState === "copied" ? "Copied" : "Copy link"}
          </button>
        </div>
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {copyState === "copied"
            ? "Link copied to the clipboard."
            : copyState === "failed"
              ? "Copying was blocked by the browser. The link is selected: copy it with Ctrl+C or ⌘C."
              : ""}
        </p>
      </div>
      <p id={noteId} className="text-sm text-slate-700 dark:text-slate-300">
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
