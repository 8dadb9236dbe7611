import type { Dock } from "../../../../shared/docks";
import type { Provider } from "../../../../shared/api";
import { RelativeTime } from "../RelativeTime";
import { linkStyles } from "../styles";
import { Fact, FactCard } from "./FactList";

interface DockConnectionFactsProps {
  dock: Dock;
  /** `undefined` while the catalogue loads, or when this installation no longer offers the provider. */
  provider: Provider | undefined;
}

/** Which account the dock talks to and how: provider, credentials hint, endpoint, webhooks. */
export function DockConnectionFacts({ dock, provider }: DockConnectionFactsProps) {
  const providerName = provider?.name ?? dock.provider;
  return (
    <FactCard title="Connection">
      <Fact label="Provider">
        {provider?.docsUrl ? (
          <a href={provider.docsUrl} target="_blank" rel="noreferrer" className={linkStyles}>
            {providerName}
            <span className="sr-only"> (documentation, opens in a new tab)</span>
          </a>
        ) : (
          providerName
        )}
      </Fact>
      <Fact label="Credentials">
        {/* Only a few characters, so the credentials can be recognised without being revealed. */}
        <code className="font-mono text-xs">{dock.credentialsHint}</code>
      </Fact>
      <Fact label="Accounts">{dock.scope === null ? "Every account the credentials reach" : dock.scope.join(", ")}</Fact>
      <Fact label="API base URL">
        {dock.baseUrl ? (
          <code className="font-mono text-xs break-all">{dock.baseUrl}</code>
        ) : provider ? (
          <>
            <code className="font-mono text-xs break-all">{provider.defaultBaseUrl}</code>{" "}
            <span className="text-slate-500 dark:text-slate-400">(default)</span>
          </>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">{providerName}'s default</span>
        )}
      </Fact>
      <Fact label="Webhooks">
        {provider === undefined ? (
          <span className="text-slate-500 dark:text-slate-400">Unknown</span>
        ) : provider.webhooks ? (
          "Supported"
        ) : (
          <span className="text-slate-500 dark:text-slate-400">Not offered by {provider.name}</span>
        )}
      </Fact>
      <Fact label="Connected">
        <RelativeTime iso={dock.createdAt} />
      </Fact>
    </FactCard>
  );
}
