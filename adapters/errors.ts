/**
 * How a provider call can fail. The sync engine and the API decide what to do from the kind alone:
 * rejected credentials stop the dock until they change, a rate limit waits until `retryAt`, a transient
 * failure backs off, and a contract violation (the provider sent something we do not understand) is
 * reported with the field that broke. A refused destination (the request would leave the dock's origin, or
 * go to a host the outbound policy refuses) is the dock's configuration at fault: it is never retried in the
 * call, and nothing was sent.
 */
export type ProviderErrorKind = "credentials_rejected" | "rate_limited" | "transient" | "contract_violation" | "request_failed" | "destination_refused";

export class ProviderError extends Error {
  override name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status?: number;
  /** For `rate_limited`: when the provider will take requests again. */
  readonly retryAt?: Date;

  constructor(provider: string, kind: ProviderErrorKind, message: string, options: { status?: number; retryAt?: Date } = {}) {
    super(message);
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAt = options.retryAt;
  }
}
