import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import type { Provider } from "../../../shared/api";
import { MAX_SYNC_INTERVAL_SECONDS, MIN_SYNC_INTERVAL_SECONDS, createDockSchema } from "../../../shared/docks";
import type { CreateDockInput } from "../../../shared/docks";
import { createDock, docksQueryKey } from "../api/queries";
import { formatInterval } from "../lib/format";
import { FormError } from "./ErrorAlert";
import { BaseUrlField, CredentialFields, formText, readCredentials } from "./CredentialFields";
import { TextField } from "./TextField";
import { AccountScopeField } from "./AccountScopeField";
import type { AccountChoice } from "./AccountScopeField";
import { buttonStyles } from "./styles";
import { useCheckedSubmit } from "../lib/use-checked-submit";

interface ConnectProviderFormProps {
  orgId: string;
  provider: Provider;
  customBaseUrlsAllowed: boolean;
}

const legendStyles = "mb-1 text-base font-semibold";

/** The credential form generated from a provider's `credentialFields`, plus the dock's own settings. */
export function ConnectProviderForm({ orgId, provider, customBaseUrlsAllowed }: ConnectProviderFormProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: (input: CreateDockInput) => createDock(orgId, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: docksQueryKey(orgId) });
      await navigate({ to: "/orgs/$orgId/docks", params: { orgId } });
    },
  });

  const checked = useCheckedSubmit(createDockSchema, (input) => mutation.mutate(input));
  const formRef = useRef<HTMLFormElement>(null);
  const [accounts, setAccounts] = useState<AccountChoice>({ scope: null });

  /** The credentials and destination as entered now: what both the account lookup and the connect send. */
  function readConnection(form: FormData) {
    const baseUrl = customBaseUrlsAllowed ? formText(form, "baseUrl") : "";
    return { provider: provider.id, credentials: readCredentials(form, provider), ...(baseUrl ? { baseUrl } : {}) };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const interval = formText(form, "syncIntervalSeconds");
    checked.submit({
      name: formText(form, "name"),
      ...readConnection(form),
      ...(interval ? { syncIntervalSeconds: Number(interval) } : {}),
      ...(accounts.scope ? { scope: accounts.scope } : {}),
    });
  }

  return (
    <form ref={formRef} className="space-y-8" onSubmit={onSubmit}>
      <fieldset className="space-y-4">
        <legend className={legendStyles}>{provider.name} credentials</legend>
        <CredentialFields provider={provider} />
      </fieldset>

      <fieldset className="space-y-4">
        <legend className={legendStyles}>Accounts</legend>
        <AccountScopeField
          orgId={orgId}
          providerName={provider.name}
          readInput={() => readConnection(new FormData(formRef.current ?? undefined))}
          value={accounts}
          onChange={setAccounts}
        />
      </fieldset>

      <fieldset className="space-y-4">
        <legend className={legendStyles}>Dock settings</legend>
        <TextField
          label="Dock name"
          name="name"
          required
          maxLength={100}
          placeholder={`${provider.name} production`}
          help="How this connection is labelled in EdgeDock."
        />
        <TextField
          label="Sync interval in seconds (optional)"
          name="syncIntervalSeconds"
          type="number"
          inputMode="numeric"
          min={MIN_SYNC_INTERVAL_SECONDS}
          max={MAX_SYNC_INTERVAL_SECONDS}
          step={1}
          placeholder={String(provider.defaultIntervalSeconds)}
          help={`Leave empty to use ${provider.name}'s default of ${formatInterval(provider.defaultIntervalSeconds)}. At least ${MIN_SYNC_INTERVAL_SECONDS}.`}
        />
        {customBaseUrlsAllowed ? <BaseUrlField provider={provider} /> : null}
      </fieldset>

      <FormError invalid={checked.invalid} error={mutation.error} />

      <div className="flex flex-wrap justify-end gap-2">
        <Link to="/orgs/$orgId/docks" params={{ orgId }} className={buttonStyles.secondary}>
          Cancel
        </Link>
        <button type="submit" className={buttonStyles.primary} disabled={mutation.isPending}>
          {/* The API checks the credentials with the provider before answering, which can take a few seconds. */}
          {mutation.isPending ? "Checking credentials…" : `Connect ${provider.name}`}
        </button>
      </div>
    </form>
  );
}
