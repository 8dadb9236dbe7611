import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import type { Provider } from "../../../../shared/api";
import type { Dock } from "../../../../shared/docks";
import { revealWebhookSettings, rotateWebhookSecret, webhookUrlOf } from "../../api/dock-queries";
import type { WebhookSettings } from "../../api/dock-queries";
import { ConfirmDialog } from "../ConfirmDialog";
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
  return (
    <SettingsCard
      title="Webhook"
      description={`${provider.name} can tell EdgeDock about changes as they happen, between scheduled syncs. Add a webhook in ${provider.name} with this URL and secret.`}
    >
      <WebhookSettingsPanel orgId={orgId} dock={dock} provider={provider} />
    </SettingsCard>
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
  const url = settings?.url ?? webhookUrlOf(dock);

  return (
    <>
      {/* The provider's own instructions refer to "the URL below", so they go first. */}
      {settings?.setupHelp ? <p className={helpStyles}>{settings.setupHelp}</p> : null}
      <SecretRow label="Payload URL">
        <code className="min-w-0 flex-1 font-mono text-xs break-all">{url}</code>
        <CopyButton text={url} label="webhook URL" />
      </SecretRow>
      <SecretRow label="Secret">
        {settings ? (
          <>
            <code className="min-w-0 flex-1 font-mono text-xs break-all">{settings.secret}</code>
            <CopyButton text={settings.secret} label="webhook secret" />
            <button type="button" className={`${buttonStyles.quiet} shrink-0 px-2.5 py-1.5 text-xs`} onClick={() => setSettings(null)}>
              Hide
            </button>
          </>
        ) : (
          <>
            <span className="min-w-0 flex-1 font-mono text-xs text-slate-500 dark:text-slate-400">
              <span aria-hidden="true">••••••••••••••••</span>
              <span className="sr-only">Hidden</span>
            </span>
            <button
              type="button"
              className={`${buttonStyles.secondary} shrink-0 px-2.5 py-1.5 text-xs`}
              disabled={reveal.isPending}
              onClick={() => reveal.mutate()}
            >
              {reveal.isPending ? "Showing…" : "Show secret"}
            </button>
          </>
        )}
      </SecretRow>
      {settings ? null : <p className={helpStyles}>Showing the secret is recorded in the organization's audit log.</p>}
      <div>
        <button type="button" className={buttonStyles.dangerSecondary} onClick={() => setConfirmingRotate(true)}>
          Rotate secret…
        </button>
      </div>
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
        <p>
          EdgeDock makes a new secret and refuses deliveries signed with the current one from now on. Until you paste the
          new secret into {provider.name}'s webhook settings, deliveries from {provider.name} to this dock are rejected.
          Scheduled syncs carry on as before.
        </p>
      </ConfirmDialog>
    </>
  );
}

function SecretRow({ label, children }: { label: string; children: ReactNode }) {
  const labelId = useId();
  return (
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
