import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { FormEvent, ReactNode } from "react";
import { createOrgSchema } from "../../../shared/api";
import type { Me } from "../../../shared/api";
import { createOrg, meQueryKey } from "../api/queries";
import { rememberLastOrgId } from "../lib/last-org";
import { useCheckedSubmit } from "../lib/use-checked-submit";
import { FormError } from "./ErrorAlert";
import { TextField } from "./TextField";
import { buttonStyles } from "./styles";

interface CreateOrgFormProps {
  /** Extra buttons next to submit, such as Cancel in a dialog. */
  actions?: ReactNode;
  onCreated?: () => void;
  autoFocus?: boolean;
}

/** Creates an organization and opens its docks. */
export function CreateOrgForm({ actions, onCreated, autoFocus }: CreateOrgFormProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: createOrg,
    onSuccess: async (org) => {
      // The response already carries the caller's role, so the session is updated without a round trip
      // and the new organization's pages can check permissions immediately.
      queryClient.setQueryData<Me | null>(meQueryKey, (me) =>
        me ? { ...me, memberships: [...me.memberships, { orgId: org.id, orgName: org.name, role: org.role }] } : me,
      );
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
      rememberLastOrgId(org.id);
      onCreated?.();
      await navigate({ to: "/orgs/$orgId/docks", params: { orgId: org.id } });
    },
  });

  const checked = useCheckedSubmit(createOrgSchema, (input) => mutation.mutate(input));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    checked.submit({ name: new FormData(event.currentTarget).get("name") });
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      <TextField
        label="Organization name"
        name="name"
        autoComplete="organization"
        autoFocus={autoFocus}
        required
        maxLength={100}
        help="Usually your company or team. You can invite people once it exists."
      />
      <FormError invalid={checked.invalid} error={mutation.error} />
      <div className="flex flex-wrap justify-end gap-2">
        {actions}
        <button type="submit" className={buttonStyles.primary} disabled={mutation.isPending}>
          {mutation.isPending ? "Creating…" : "Create organization"}
        </button>
      </div>
    </form>
  );
}
