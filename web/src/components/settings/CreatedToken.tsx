import { useId } from "react";
import type { CreatedApiToken } from "../../api/settings-queries";
import { formatDateTime } from "../../lib/format";
import { buttonStyles } from "../styles";
import { OneTimeSecretField } from "./OneTimeSecretField";
import { TokenExample } from "./TokenUsage";

/** The one and only showing of a new token: the API keeps nothing but its hash. */
export function CreatedToken({ token, orgId, onDone }: { token: CreatedApiToken; orgId: string; onDone: () => void }) {
  const id = useId();
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="space-y-3 rounded-md border border-emerald-200 bg-emerald-50/70 p-4 wrap-anywhere dark:border-emerald-900/60 dark:bg-emerald-950/30"
    >
      <h3 id={`${id}-title`} className="text-sm font-semibold text-emerald-900 dark:text-emerald-200">
        Token “{token.name}” created
      </h3>
      <p
        id={`${id}-warning`}
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-200"
      >
        <strong className="font-semibold">Copy it now: this is the only time it is shown.</strong> EdgeDock keeps only a
        fingerprint of it. Store it in a secret manager or your CI's secrets; if it is lost, revoke it and create another.
      </p>
      <OneTimeSecretField label="API token" value={token.token} copyLabel="Copy token" noun="Token" describedBy={`${id}-warning`} />
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Access: {token.role ? `limited to ${token.role.name}` : "the same as yours"}. Expires:{" "}
        {token.expiresAt ? <time dateTime={token.expiresAt}>{formatDateTime(token.expiresAt)}</time> : "never"}.
      </p>
      <TokenExample orgId={orgId} token={token.token} />
      <div className="flex justify-end">
        <button type="button" className={buttonStyles.secondary} onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
