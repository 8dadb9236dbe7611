import { helpStyles, linkStyles } from "../styles";

/** A request that works as written, with this organization's id and the origin the dashboard is served from. */
export function TokenExample({ orgId, token }: { orgId: string; token?: string }) {
  const command = `curl -H "Authorization: Bearer ${token ?? "edk_…"}" \\\n  ${window.location.origin}/api/orgs/${orgId}/docks`;
  return (
    <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs leading-relaxed text-slate-100 dark:bg-black/40">
      <code>{command}</code>
    </pre>
  );
}

export function TokenUsage({ orgId }: { orgId: string }) {
  return (
    <div className="space-y-3 text-sm text-slate-700 dark:text-slate-300">
      <p>
        Send the token in the <code className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800">Authorization</code> header
        as a bearer token. It works for this organization's API only, with the access shown next to it, and never
        more than its creator currently has.
      </p>
      <TokenExample orgId={orgId} />
      <p className={helpStyles}>
        Every endpoint and its fields are described in the{" "}
        <a className={linkStyles} href="/api/openapi.json" target="_blank" rel="noreferrer">
          OpenAPI document
        </a>
        . Tokens cannot create other tokens.
      </p>
    </div>
  );
}
