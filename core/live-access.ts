import { z } from "zod";
import { permissionsSchema } from "../shared/permissions";
import type { LiveCredential } from "./access";

/**
 * What the Worker stamps on a live-channel upgrade after it authenticated the caller, and the hub keeps in the
 * socket's attachment (it survives hibernation). Both sides read it through this one schema.
 */
export const connectionAccessSchema = z.object({
  userId: z.string(),
  tokenId: z.string().nullable(),
  /** The hash of the session that opened the socket (D1's key for it), never the cookie; null for a token. */
  sessionKey: z.string().max(128).nullable(),
  /** When that session or token stops working, in ms since the epoch; null when it does not expire. */
  expiresAt: z.number().int().nullable(),
  permissions: permissionsSchema,
  /** The sequence number sent in `hello`: everything after it reached this socket live. */
  helloSeq: z.number().int().default(0),
});
export type ConnectionAccess = z.infer<typeof connectionAccessSchema>;
/** What the Worker stamps on the upgrade request. */
export type AccessStamp = z.input<typeof connectionAccessSchema>;
export const ACCESS_HEADER = "x-edgedock-access";

/** The stamp on an upgrade request; null when absent or malformed (the request did not come through the Worker). */
export function accessFromRequest(request: Request): ConnectionAccess | null {
  const raw = request.headers.get(ACCESS_HEADER);
  if (!raw) return null;
  try {
    const parsed = connectionAccessSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The session or token behind a socket; null for an identity-provider token, which D1 does not hold. */
export function credentialOf(access: ConnectionAccess): LiveCredential | null {
  if (access.tokenId) return { kind: "token", tokenId: access.tokenId };
  if (access.sessionKey) return { kind: "session", sessionKey: access.sessionKey };
  return null;
}

export const expired = (access: Pick<ConnectionAccess, "expiresAt">, now: number) => typeof access.expiresAt === "number" && access.expiresAt <= now;
/** Whether the socket's credential can stop working, so the periodic check must keep coming while it is open. */
export const mayEnd = (access: ConnectionAccess) => access.expiresAt !== null || credentialOf(access) !== null;
export const endedReason = (access: ConnectionAccess) => (access.tokenId ? "API token expired or revoked" : "session expired or signed out");
