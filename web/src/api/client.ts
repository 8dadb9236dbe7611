import type { z } from "zod";
import { errorEnvelopeSchema } from "../../../shared/api";
import { asSentence } from "../lib/format";

/** A failed API call, carrying the server's own message so it can be shown to the user as-is. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds the server asked us to wait (Retry-After), when it said so. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, details?: unknown, retryAfterSeconds: number | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the EdgeDock API on the same origin. With a schema the JSON response is validated and
 * returned; with `null` the response body is ignored.
 */
export function api<S extends z.ZodType>(path: string, schema: S, options?: ApiOptions): Promise<z.output<S>>;
export function api(path: string, schema: null, options?: ApiOptions): Promise<void>;
export async function api(path: string, schema: z.ZodType | null, options: ApiOptions = {}): Promise<unknown> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: string | undefined;
  if (method !== "GET") {
    // The API refuses writes that are not JSON, even when there is nothing to send.
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "same-origin", signal: options.signal });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, "network_error", "Could not reach EdgeDock. Check your connection and try again.");
  }

  if (!response.ok) throw await errorFromResponse(response);
  if (schema === null) return undefined;

  let payload: unknown;
  try {
    payload = await response.json();
  } catch (cause) {
    // Cancelled while the body was arriving (the query moved on): not a malformed response.
    if (options.signal?.aborted) throw cause;
    payload = undefined;
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    // Logged for whoever is debugging a client/server mismatch; the user only needs to know it failed.
    console.error(`Unexpected response from ${method} ${path}`, parsed.error.issues);
    throw new ApiError(response.status, "invalid_response", "EdgeDock sent a response this page does not understand. Reload and try again.");
  }
  return parsed.data;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  const payload: unknown = await response.json().catch(() => undefined);
  const envelope = errorEnvelopeSchema.safeParse(payload);
  if (envelope.success) {
    const { code, message, details } = envelope.data.error;
    return new ApiError(response.status, code, message, details, retryAfter);
  }
  // No envelope means the error came from something in front of the API (proxy, platform).
  const message =
    response.status >= 500
      ? "EdgeDock is unavailable right now. Try again in a moment."
      : `The request failed (HTTP ${response.status}).`;
  return new ApiError(response.status, "http_error", message, undefined, retryAfter);
}

/** Retry-After is either a number of seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The sentence to show a user for any error thrown while talking to the API. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      return error.retryAfterSeconds !== null
        ? `Too many attempts, try again in ${error.retryAfterSeconds} s.`
        : "Too many attempts, try again shortly.";
    }
    return asSentence(error.message);
  }
  return "Something went wrong. Reload the page and try again.";
}
