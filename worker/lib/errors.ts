import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "gone"
  | "provider_unavailable"
  | "unavailable"
  | "internal_error";

const STATUS: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  gone: 410,
  provider_unavailable: 502,
  // Something the installation must configure is missing (a mailer, an OIDC audience): not the caller's fault.
  unavailable: 503,
  internal_error: 500,
};

/** The one error type a route throws; the app's single error handler turns it into the error envelope. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: ContentfulStatusCode;
  readonly details?: unknown;
  /** Seconds, sent as Retry-After on 429. */
  readonly retryAfterSeconds?: number;

  constructor(code: ApiErrorCode, message: string, options: { details?: unknown; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = STATUS[code];
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);
