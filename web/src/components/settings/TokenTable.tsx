import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import type { ApiToken } from "../../../../shared/api";
import { revokeToken, tokensQueryKey } from "../../api/settings-queries";
import { ConfirmDialog } from "../ConfirmDialog";
import { RelativeTime } from "../RelativeTime";
import { buttonStyles, cardStyles } from "../styles";

interface TokenTableProps {
  orgId: string;
  tokens: ApiToken[];
  currentUserId: string;
  /** Names of members by user id, when the list holds other people's tokens too; null shows no owner column. */
  ownerNames: Map<string, string> | null;
}

const th = "px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";
// Below `sm` every row becomes a small card: cells stack and carry their own labels.
const td = "px-4 py-3 align-middle max-sm:block max-sm:px-0 max-sm:py-1";
const mobileLabel = "mr-2 text-slate-500 sm:hidden dark:text-slate-400";

export function TokenTable({ orgId, tokens, currentUserId, ownerNames }: TokenTableProps) {
  return (
    <div className={`overflow-hidden ${cardStyles}`}>
      <table className="w-full text-sm max-sm:block">
        <caption className="sr-only">API tokens</caption>
        <thead className="border-b border-slate-200 bg-slate-50 max-sm:sr-only dark:border-slate-800 dark:bg-slate-800/40">
          <tr>
            <th scope="col" className={th}>Name</th>
            <th scope="col" className={th}>Access</th>
            {ownerNames ? <th scope="col" className={th}>Owner</th> : null}
            <th scope="col" className={th}>Last used</th>
            <th scope="col" className={th}>Expires</th>
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-sm:block dark:divide-slate-800">
          {tokens.map((token) => (
            <TokenRow
              key={token.id}
              orgId={orgId}
              token={token}
              mine={token.userId === currentUserId}
              ownerName={ownerNames ? token.userId === currentUserId ? "You" : ownerNames.get(token.userId) ?? "A former member" : null}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TokenRow({ orgId, token, mine, ownerName }: { orgId: string; token: ApiToken; mine: boolean; ownerName: string | null }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => revokeToken(orgId, token.id),
    onSuccess: async () => {
      setConfirming(false);
      toast.success(`Revoked the token ${token.name}`);
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey(orgId) });
    },
  });
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();

  return (
    <tr className="max-sm:block max-sm:px-4 max-sm:py-3">
      <th scope="row" className={`${td} text-left font-medium`}>
        <span className="break-words">{token.name}</span>
        <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
          <span className="font-mono">{token.prefix}…</span> · created <RelativeTime iso={token.createdAt} />
        </span>
      </th>
      <td className={td}>
        <span className={mobileLabel}>Access</span>
        {token.role ? `Limited to ${token.role.name}` : mine ? "Same as yours" : "Same as its owner's"}
      </td>
      {ownerName !== null ? (
        <td className={td}>
          <span className={mobileLabel}>Owner</span>
          {ownerName}
        </td>
      ) : null}
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Last used</span>
        {token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : <span className="text-slate-500 dark:text-slate-400">Never</span>}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={mobileLabel}>Expires</span>
        {token.expiresAt === null ? (
          "Never"
        ) : expired ? (
          <span className="inline-flex items-center rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-red-300 ring-inset dark:bg-red-500/15 dark:text-red-300 dark:ring-red-500/40">
            Expired <RelativeTime iso={token.expiresAt} />
          </span>
        ) : (
          <RelativeTime iso={token.expiresAt} />
        )}
      </td>
      <td className={`${td} text-right max-sm:pt-2 max-sm:text-left`}>
        <button
          type="button"
          className={buttonStyles.dangerSecondary}
          onClick={() => {
            revoke.reset();
            setConfirming(true);
          }}
        >
          Revoke<span className="sr-only"> the token {token.name}</span>
        </button>
        {confirming ? (
          <ConfirmDialog
            open
            title={`Revoke the token ${token.name}?`}
            confirmLabel="Revoke token"
            pendingLabel="Revoking…"
            pending={revoke.isPending}
            error={revoke.isError ? revoke.error : null}
            onConfirm={() => revoke.mutate()}
            onClose={() => setConfirming(false)}
          >
            <p>
              Anything using it ({token.prefix}…) is refused from the next request on, including live connections. This
              cannot be undone; create a new token if it is still needed.
            </p>
          </ConfirmDialog>
        ) : null}
      </td>
    </tr>
  );
}
