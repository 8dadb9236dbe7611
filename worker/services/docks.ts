import { ProviderError } from "../../adapters/errors";
import type { Adapter } from "../../adapters/types";
import { ApiError } from "../lib/errors";
import { invalidInput } from "../lib/validation";

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
    // Credentials that do not work, or may not do what connecting needs: the person must enter others.
    case "credentials_rejected":
    case "permission_missing":
      return new ApiError("unprocessable", err.message, { details: { provider: err.provider, reason: err.kind, ...(err.scope ? { scope: err.scope } : {}) } });
    case "rate_limited": {
      const seconds = err.retryAt ? Math.max(1, Math.ceil((err.retryAt.getTime() - Date.now()) / 1000)) : 60;
      return new ApiError("rate_limited", `${err.message}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
    }
    default:
      return new ApiError("provider_unavailable", err.message, { details: { provider: err.provider, reason: err.kind } });
  }
}
