/**
 * The invitation token of the link the user followed. The link carries it in the `#token=` fragment, which
 * browsers never send, so it reaches no access log; the page posts it in a request body.
 *
 * Accepting may first take a log-in, or a sign-up whose confirmation link opens in another tab, so the token
 * is kept in this browser until the invitation is accepted; return paths (`?next=`) name only the page, never
 * the token. Storage may be blocked: then the user opens the invitation link again, so failures are ignored.
 */
import { MAX_LINK_TOKEN_LENGTH } from "./fragment-token";

const KEY = "edgedock.pendingInvitation";
/** The page the link opens, and where log-in and sign-up come back to. */
export const INVITATION_PATH = "/invitation";

export function invitationLink(origin: string, token: string): string {
  return `${origin}${INVITATION_PATH}#token=${encodeURIComponent(token)}`;
}


export function rememberInvitationToken(token: string): void {
  try {
    window.localStorage.setItem(KEY, token);
  } catch {
    // See above.
  }
}

export function readInvitationToken(): string | null {
  try {
    const token = window.localStorage.getItem(KEY);
    return token && token.length <= MAX_LINK_TOKEN_LENGTH ? token : null;
  } catch {
    return null;
  }
}

/** Once accepted, the token is spent; a later visit must not offer it again. */
export function forgetInvitationToken(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // See above.
  }
}
