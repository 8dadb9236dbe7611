import type { ConnectionState, LiveConnection, OfflineReason } from "../live/stores";

const LOOK: Record<ConnectionState, { label: string; dot: string }> = {
  live: { label: "Live", dot: "bg-emerald-500 dark:bg-emerald-400" },
  connecting: { label: "Connecting…", dot: "bg-slate-400 motion-safe:animate-pulse dark:bg-slate-500" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500 motion-safe:animate-pulse dark:bg-amber-400" },
  offline: { label: "Offline", dot: "bg-slate-400 dark:bg-slate-500" },
};

const EXPLANATION: Record<ConnectionState, string> = {
  live: "Changes appear as they happen.",
  connecting: "Connecting to live updates.",
  reconnecting: "The connection dropped; changes will catch up once it is back.",
  offline: "Changes do not appear until you reload.",
};

const OFFLINE_EXPLANATION: Record<OfflineReason, string> = {
  revoked: "You no longer have access to this organization.",
  "signed-out": "Your session ended. Sign in again to follow changes.",
  "no-permission": "Live updates need read access to resources.",
  "not-member": "You are not a member of this organization.",
  "browser-offline": "Your device is offline.",
  closed: "Live updates are off.",
};

/**
 * Whether the page is following changes as they happen. A polite live region, so a screen reader hears
 * "Reconnecting…" and "Live" without being interrupted; the dot is decoration, the word carries the state.
 */
export function LiveIndicator({ connection }: { connection: LiveConnection }) {
  const { state, reason } = connection;
  const { label, dot } = LOOK[state];
  const explanation = state === "offline" && reason ? OFFLINE_EXPLANATION[reason] : EXPLANATION[state];
  return (
    <p
      role="status"
      aria-live="polite"
      title={explanation}
      className="inline-flex shrink-0 items-center gap-1.5 rounded-full border border-slate-200 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-700 dark:border-slate-700 dark:text-slate-300"
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      {label}
      {/* Why it is offline matters (reload, ask for access); the other states say enough in one word. */}
      {state === "offline" ? <span className="sr-only">{`: ${explanation}`}</span> : null}
    </p>
  );
}
