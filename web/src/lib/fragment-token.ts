/**
 * Links that carry a secret (a confirmation or invitation token) put it in the `#token=` fragment, which
 * browsers never send to a server, so it reaches no access log; the page reads it here and posts it in a body.
 */
export const MAX_LINK_TOKEN_LENGTH = 128;

export function tokenFromFragment(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
  return token && token.length <= MAX_LINK_TOKEN_LENGTH ? token : null;
}
