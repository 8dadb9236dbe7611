import type { Dock } from "../../shared/docks";
import { ProviderError } from "../../adapters/errors";
import type { Adapter } from "../../adapters/types";
import type { DockRow } from "../db/client";
import { ApiError } from "../lib/errors";
import { invalidInput } from "../lib/validation";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public view of a dock: never the credentials, only their hint. */
export function toDock(row: DockRow): Dock {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    status: row.status,
    credentialsHint: row.credentialsHint,
    baseUrl: row.baseUrl,
    syncEnabled: row.syncEnabled,
    syncIntervalSeconds: row.syncIntervalSeconds,
    lastSyncAt: iso(row.lastSyncAt),
    lastError: row.lastError,
    consecutiveFailures: row.consecutiveFailures,
    backoffUntil: iso(row.backoffUntil),
    nextSyncAt: iso(row.nextSyncAt),
    rateLimit: row.rateLimit ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Checks credentials against the provider's own schema; a bad field is a 400 naming `credentials.<field>`. */
export function parseCredentials(adapter: Adapter, input: Record<string, string>): Record<string, string> {
  const parsed = adapter.credentialsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, "json", ["credentials"]);
  return parsed.data;
}

/** What a provider's refusal means to the person connecting a dock. */
export function providerFailure(err: unknown): ApiError {
  if (!(err instanceof ProviderError)) throw err;
  switch (err.kind) {
    case "credentials_rejected":
      return new ApiError("unprocessable", err.message, { details: { provider: err.provider, reason: err.kind } });
    case "rate_limited": {
      const seconds = err.retryAt ? Math.max(1, Math.ceil((err.retryAt.getTime() - Date.now()) / 1000)) : 60;
      return new ApiError("rate_limited", `${err.message}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
    }
    default:
      return new ApiError("provider_unavailable", err.message, { details: { provider: err.provider, reason: err.kind } });
  }
}
