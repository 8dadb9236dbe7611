import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import type { Provider } from "../../../../shared/api";
import type { Dock } from "../../../../shared/docks";
import { revealWebhookSettings, rotateWebhookSecret, storeProviderWebhookSecret, webhookUrlOf } from "../../api/dock-queries";
import type { WebhookSettings } from "../../api/dock-queries";
import { ConfirmDialog } from "../ConfirmDialog";
import { TextField } from "../TextField";
import { buttonStyles, helpStyles, labelStyles } from "../styles";
import { CopyButton } from "./CopyButton";
import { SettingsCard } from "./SettingsCard";
import { intervalLabel } from "./SyncIntervalSelect";

interface WebhookSectionProps {
  orgId: string;
  dock: Dock;
  provider: Provider;
}

/** The URL and secret to paste into the provider's webhook settings, or why there are none. */
export function WebhookSection({ orgId, dock, provider }: WebhookSectionProps) {
  if (!provider.webhooks) {
    // The API would still hand out a URL and secret, but deliveries to it are refused for such providers.
    return (
      <SettingsCard
        title="Webhook"
        description={`${provider.name} does not send webhooks to EdgeDock, so there is nothing to set up here. This dock stays current through its schedule (${intervalLabel(dock.syncIntervalSeconds).toLowerCase()}) and Sync now.`}
      />
    );
  }
  const how =
    provider.webhookSecretSource === "provider"
      ? `Add a webhook in ${provider.name} with this URL, then paste the secret ${provider.name} shows you below.`
      : provider.webhookSecretSource === "url_token"
        ? `${provider.name} signs nothing it sends, so the URL itself carries a secret token: anyone who has the URL can post to it. Keep it private, and rotate it if it leaks.`
        : `Add a webhook in ${provider.name} with this URL and secret.`;
  return (
    <SettingsCard title="Webhook" description={`${provider.name} can tell EdgeDock about changes as they happen, between scheduled syncs. ${how}`}>
      <WebhookSettingsPanel orgId={orgId} dock={dock} provider={provider} />
      {provider.webhookSecretSource === "provider" ? <ProviderSecretForm orgId={orgId} dock={dock} provider={provider} /> : null}
    </SettingsCard>
  );
}

/** Where a provider that issues its own secret has it pasted in; the field is cleared once it is stored. */
function ProviderSecretForm({ orgId, dock, provider }: WebhookSectionProps) {
  const [secret, setSecret] = useState("");
  const store = useMutation({
    mutationFn: () => storeProviderWebhookSecret(orgId, dock.id, { secret }),
    meta: { errorTitle: "Could not store the webhook secret" },
    onSuccess: () => {
      setSecret("");
      toast.success("Webhook secret stored", { description: `Deliveries from ${provider.name} signed with it are taken from now on.` });
    },
  });
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        store.mutate();
      }}
    >
      <TextField
        label={`Secret from ${provider.name}`}
        type="password"
        autoComplete="off"
        value={secret}
        onChange={(event) => setSecret(event.target.value)}
        help={`Until one is stored, every delivery is refused. Pasting a new one replaces the old.`}
      />
      <button type="submit" className={buttonStyles.secondary} disabled={store.isPending || secret.trim() === ""}>
        {store.isPending ? "Storing…" : "Store secret"}
      </button>
    </form>
  );
}

function WebhookSettingsPanel({ orgId, dock, provider }: WebhookSectionProps) {
  // Held only in this component: the secret is never cached, so it is gone once the page is left or hidden.
  const [settings, setSettings] = useState<WebhookSettings | null>(null);
  const [confirmingRotate, setConfirmingRotate] = useState(false);
  const reveal = useMutation({
    mutationFn: () => revealWebhookSettings(orgId, dock.id),
    meta: { errorTitle: "Could not show the webhook secret" },
    onSuccess: setSettings,
  });
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(orgId, dock.id),
    onSuccess: (next) => {
      setSettings(next);
      setConfirmingRotate(false);
      toast.success("Webhook secret rotated", {
        description: `Paste the new secret into ${provider.name}; deliveries signed with the old one are refused from now on.`,
      });
    },
  });
  const tokenInUrl = provider.webhookSecretSource === "url_token";
  const issuedByProvider = provider.webhookSecretSource === "provider";
  // A URL carrying the token is as secret as the token: shown only once revealed, like a secret.
  const url = settings?.url ?? (tokenInUrl ? null : webhookUrlOf(dock));

  return (
    <>
      {/* The provider's own instructions refer to "the URL below", so they go first. */}
      {settings?.setupHelp ? <p className={helpStyles}>{settings.setupHelp}</p> : null}
      <SecretRow label="Payload URL">
        {url !== null ? (
          <>
            <code className="min-w-0 flex-1 font-mono text-xs break-all">{url}</code>
            <CopyButton text={url} label="webhook URL" />
            {tokenInUrl ? (
              <button type="button" className={`${buttonStyles.quiet} shrink-0 px-2.5 py-1.5 text-xs`} onClick={() => setSettings(null)}>
                Hide
              </button>
            ) : null}
          </>
        ) : (
          <HiddenValue pending={reveal.isPending} onReveal={() => reveal.mutate()} label="Show URL" />
        )}
      </SecretRow>
      {tokenInUrl ? null : (
        <SecretRow label="Secret">
          {settings?.secret ? (
            <>
              <code className="min-w-0 flex-1 font-mono text-xs break-all">{settings.secret}</code>
              <CopyButton text={settings.secret} label="webhook secret" />
              <button type="button" className={`${buttonStyles.quiet} shrink-0 px-2.5 py-1.5 text-xs`} onClick={() => setSettings(null)}>
                Hide
              </button>
            </>
          ) : settings ? (
            <span className="min-w-0 flex-1 text-xs text-slate-500 dark:text-slate-400">None stored yet: deliveries are refused until you paste {provider.name}'s secret below.</span>
          ) : (
            <HiddenValue pending={reveal.isPending} onReveal={() => reveal.mutate()} label="Show secret" />
          )}
        </SecretRow>
      )}
      {settings ? null : <p className={helpStyles}>Showing the {tokenInUrl ? "URL" : "secret"} is recorded in the organization's audit log.</p>}
      {issuedByProvider ? null : (
        <div>
          <button type="button" className={buttonStyles.dangerSecondary} onClick={() => setConfirmingRotate(true)}>
            {tokenInUrl ? "Rotate URL token…" : "Rotate secret…"}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirmingRotate}
        title="Rotate the webhook secret?"
        confirmLabel="Rotate secret"
        pendingLabel="Rotating…"
        pending={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotate.mutate()}
        onClose={() => {
          setConfirmingRotate(false);
          rotate.reset();
        }}
      >
        {tokenInUrl ? (
          <p>
            EdgeDock makes a new URL and refuses deliveries to the current one from now on. Until you enter the new URL in{" "}
            {provider.name}'s webhook settings, deliveries from {provider.name} to this dock are rejected. Scheduled syncs
            carry on as before.
          </p>
        ) : (
          <p>
            EdgeDock makes a new secret and refuses deliveries signed with the current one from now on. Until you paste the
            new secret into {provider.name}'s webhook settings, deliveries from {provider.name} to this dock are rejected.
            Scheduled syncs carry on as before.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

/** A value not shown until asked for, since showing it is audited. */
function HiddenValue({ pending, onReveal, label }: { pending: boolean; onReveal: () => void; label: string }) {
  return (
    <>
      <span className="min-w-0 flex-1 font-mono text-xs text-slate-500 dark:text-slate-400">
        <span aria-hidden="true">••••••••••••••••</span>
        <span className="sr-only">Hidden</span>
      </span>
      <button type="button" className={`${buttonStyles.secondary} shrink-0 px-2.5 py-1.5 text-xs`} disabled={pending} onClick={onReveal}>
        {pending ? "Showing…" : label}
      </button>
    </>
  );
}

function SecretRow({ label, children }: { label: string; children: ReactNode }) {
  const labelId = useId();
  return (
    // biome-ignore lint/a11y/useSemanticElements: not a form control group but a read-only value with its copy button; a fieldset's min-content width would overflow at 375 px.
    <div role="group" aria-labelledby={labelId} className="space-y-1.5">
      <p id={labelId} className={labelStyles}>
        {label}
      </p>
      <div className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-800 dark:bg-slate-950/40">
        {children}
      </div>
    </div>
  );
}
