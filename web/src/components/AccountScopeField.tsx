import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { DockAccount, DiscoverAccountsInput } from "../../../shared/docks";
import { discoverAccounts } from "../api/queries";
import { FormError } from "./ErrorAlert";
import { buttonStyles } from "./styles";

/** Which accounts a new dock covers: every one (the default, including accounts added later) or those ticked. */
export interface AccountChoice {
  /** Null: every account the credentials see. */
  scope: string[] | null;
}

interface AccountScopeFieldProps {
  orgId: string;
  providerName: string;
  /** The credentials as the form holds them now, read when the person asks for the accounts. */
  readInput: () => DiscoverAccountsInput;
  value: AccountChoice;
  onChange: (choice: AccountChoice) => void;
}

/**
 * Lists the accounts, teams or organizations the entered credentials see, once the person asks (the provider
 * is asked, which checks the credentials too), and lets them pick one, several or all.
 */
export function AccountScopeField({ orgId, providerName, readInput, value, onChange }: AccountScopeFieldProps) {
  const [accounts, setAccounts] = useState<DockAccount[] | null>(null);
  const lookup = useMutation({
    mutationFn: () => discoverAccounts(orgId, readInput()),
    onSuccess: (found) => {
      setAccounts(found.accounts);
      onChange({ scope: null });
    },
  });
  const chosen = new Set(value.scope ?? []);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange({ scope: [...next] });
  };

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A dock covers every account the credentials see unless you choose some. Check the credentials to see which {providerName} accounts they reach.
      </p>
      <button type="button" className={buttonStyles.secondary} onClick={() => lookup.mutate()} disabled={lookup.isPending}>
        {lookup.isPending ? "Checking credentials…" : "Check credentials and list accounts"}
      </button>
      <FormError invalid={null} error={lookup.error} />
      {accounts === null ? null : accounts.length <= 1 ? (
        <p className="text-sm" role="status">
          These credentials reach one account: <strong>{accounts[0]?.name ?? "none"}</strong>.
        </p>
      ) : (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Accounts to cover ({accounts.length} found)</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scopeMode" checked={value.scope === null} onChange={() => onChange({ scope: null })} />
            All accounts, including ones these credentials reach later
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scopeMode" checked={value.scope !== null} onChange={() => onChange({ scope: [] })} />
            Only the accounts ticked below
          </label>
          <ul className="ml-6 space-y-1">
            {accounts.map((account) => (
              <li key={account.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" disabled={value.scope === null} checked={value.scope === null || chosen.has(account.id)} onChange={(e) => toggle(account.id, e.currentTarget.checked)} />
                  {account.name}
                  {account.name !== account.id ? <span className="text-slate-500 dark:text-slate-400">({account.id})</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </div>
  );
}
