import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { toast } from "sonner";
import type { Provider } from "../../../../shared/api";
import type { Dock, UpdateDockInput } from "../../../../shared/docks";
import { updateDockSchema } from "../../../../shared/docks";
import { updateDock } from "../../api/dock-queries";
import { dockQueryKey, docksQueryKey } from "../../api/queries";
import { useCheckedSubmit } from "../../lib/use-checked-submit";
import { FormError } from "../ErrorAlert";
import { BaseUrlField, CredentialFields, formText, readCredentials } from "../CredentialFields";
import { buttonStyles } from "../styles";
import { SettingsCard } from "./SettingsCard";

interface ReplaceCredentialsSectionProps {
  orgId: string;
  dock: Dock;
  provider: Provider;
  customBaseUrlsAllowed: boolean;
}

/**
 * New credentials (and, where the installation allows it, another API base URL), checked with the provider
 * before they replace the old ones. The provider's refusal is shown next to the fields, in its own words.
 */
export function ReplaceCredentialsSection({ orgId, dock, provider, customBaseUrlsAllowed }: ReplaceCredentialsSectionProps) {
  const [open, setOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (wasOpen.current && !open) openButton.current?.focus();
    wasOpen.current = open;
  }, [open]);

  return (
    <SettingsCard
      title="Credentials"
      description={
        <>
          EdgeDock uses the credentials ending in <code className="font-mono text-xs">{dock.credentialsHint}</code>. Replace
          them after rotating them at {provider.name}, or when {provider.name} starts refusing them. The new ones are checked
          with {provider.name} before they are kept, and the next sync starts right away.
        </>
      }
    >
      {open ? (
        <ReplaceCredentialsForm
          orgId={orgId}
          dock={dock}
          provider={provider}
          customBaseUrlsAllowed={customBaseUrlsAllowed}
          onDone={() => setOpen(false)}
        />
      ) : (
        <button ref={openButton} type="button" className={buttonStyles.secondary} onClick={() => setOpen(true)}>
          Replace credentials
        </button>
      )}
    </SettingsCard>
  );
}

function ReplaceCredentialsForm({ orgId, dock, provider, customBaseUrlsAllowed, onDone }: ReplaceCredentialsSectionProps & { onDone: () => void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    // No errorTitle: the provider's refusal is shown inline, where the user can correct the fields.
    mutationFn: (input: UpdateDockInput) => updateDock(orgId, dock.id, input),
    onSuccess: (updated) => {
      queryClient.setQueryData(dockQueryKey(orgId, dock.id), updated);
      void queryClient.invalidateQueries({ queryKey: docksQueryKey(orgId) });
      toast.success("Credentials replaced", {
        description: `${provider.name} accepted them. A sync of ${updated.name} starts now.`,
      });
      onDone();
    },
  });

  const checked = useCheckedSubmit(updateDockSchema, (input) => mutation.mutate(input));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const credentials = readCredentials(form, provider);
    const missing = provider.credentialFields.find((field) => credentials[field.name] === "");
    if (missing) {
      checked.setInvalid(`${missing.label} is required.`);
      return;
    }
    const input: Record<string, unknown> = { credentials };
    if (customBaseUrlsAllowed) {
      // Only a change is sent: an unchanged base URL would be recorded in the audit log as changed.
      const baseUrl = formText(form, "baseUrl") || null;
      if (baseUrl !== dock.baseUrl) input.baseUrl = baseUrl;
    }
    checked.submit(input);
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit} noValidate>
      <CredentialFields provider={provider} autoFocus />
      {customBaseUrlsAllowed ? <BaseUrlField provider={provider} defaultValue={dock.baseUrl ?? ""} /> : null}

      <FormError invalid={checked.invalid} error={mutation.error} />

      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className={buttonStyles.secondary} onClick={onDone} disabled={mutation.isPending}>
          Cancel
        </button>
        <button type="submit" className={buttonStyles.primary} disabled={mutation.isPending}>
          {/* The API checks the credentials with the provider before answering, which can take a few seconds. */}
          {mutation.isPending ? "Checking credentials…" : "Check and replace"}
        </button>
      </div>
    </form>
  );
}
