/**
 * How a provider call can fail. The sync engine and the API decide what to do from the kind alone:
 * - `credentials_rejected`: the provider does not accept the credentials at all (401, a locked account). A
 *   dead token is dead for every kind: the dock stops until the credentials change.
 * - `permission_missing`: the credentials work, but may not do this (a 403 for a scope the token was not
 *   given). Only what needed that permission is affected; `scope` names what to grant when it is known.
 * - `not_found`: the provider has no such thing (404) — a resource gone between two requests, or a path the
 *   provider does not serve at this base URL.
 * - `rate_limited`: wait until `retryAt`.
 * - `provider_down`: the provider kept failing (5xx) after the client's retries.
 * - `transient`: the provider could not be reached or did not answer in time (network, timeouts), or a
 *   listing kept moving under the pager; worth trying again later.
 * - `contract_violation`: the provider sent something we do not understand; the message names the field.
 * - `request_failed`: any other refusal (other 4xx), or a redirect that could not be followed.
 * - `destination_refused`: the request would leave the dock's origin, or go to a host the outbound policy
 *   refuses. The dock's configuration is at fault: never retried, and nothing was sent.
 */
export type ProviderErrorKind =
  | "credentials_rejected"
  | "permission_missing"
  | "not_found"
  | "rate_limited"
  | "provider_down"
  | "transient"
  | "contract_violation"
  | "request_failed"
  | "destination_refused";

export interface ProviderErrorOptions {
  status?: number;
  retryAt?: Date;
  scope?: string;
  outcomeUnknown?: boolean;
}

export class ProviderError extends Error {
  override name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status?: number;
  /** For `rate_limited`: when the provider will take requests again. */
  readonly retryAt?: Date;
  /** For `permission_missing`: the provider's name for the permission to grant, when the provider said. */
  readonly scope?: string;
  /**
   * A request that changes something (POST, PATCH) failed in a way that does not tell whether the provider
   * applied it (the connection dropped, it timed out, a 5xx). It was not retried: the caller must look before
   * trying again, or the change could happen twice.
   */
  readonly outcomeUnknown: boolean;

  constructor(provider: string, kind: ProviderErrorKind, message: string, options: ProviderErrorOptions = {}) {
    super(message);
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAt = options.retryAt;
    this.scope = options.scope;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}
