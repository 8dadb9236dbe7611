import { z } from "zod";
import { errorEnvelopeSchema } from "../../shared/api";

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}

const error = (description: string) => jsonContent(errorEnvelopeSchema, description);

/** The error statuses every authenticated route may answer. */
export const commonErrors = {
  400: error("Invalid input; the message names the field"),
  401: error("Not signed in"),
  403: error("The role does not allow this"),
  404: error("Not found, or not visible to the caller"),
  429: error("Too many requests"),
};
/**
 * A route anyone may call still authenticates whatever credential comes with the request (`authenticate`
 * runs on all of `/api/*`), so a malformed or revoked bearer token is refused there too.
 */
export const badCredentialError = { 401: error("An Authorization header was sent, and it is not a valid credential") };
export const conflictError = { 409: error("Conflicts with the current state") };
export const unprocessableError = { 422: error("The provider rejected the input") };
/** Routes that call a provider while the caller waits (validating credentials) can answer this too. */
export const providerUnavailableError = { 502: error("The provider could not be reached, or answered in a way that could not be used") };
export const noContent = { 204: { description: "Done" } };

/** OpenAPI's Security Requirement Object: scheme name → scopes (none for cookie and bearer schemes). */
type SecurityRequirement = Record<string, string[]>;

/** The names of the security schemes registered with the document (`worker/routes/index.ts`). */
export const SESSION_SCHEME = "session";
export const BEARER_SCHEME = "bearer";

/**
 * `security` of a route that needs a caller: the session cookie, or a bearer credential (API token or
 * identity-provider JWT) — `authenticate` accepts either on every route. Alternatives, so either one suffices.
 */
export const signedIn: SecurityRequirement[] = [{ [SESSION_SCHEME]: [] }, { [BEARER_SCHEME]: [] }];
/** `security` of a route anyone may call (sign-up, log-in, the provider catalog): stated, not left to a default. */
export const anonymous: SecurityRequirement[] = [];

export const orgParams = z.object({ orgId: z.string().min(1).max(64) });
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
