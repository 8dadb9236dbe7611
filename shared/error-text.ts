/**
 * Error text that came from a provider (or from a failure while talking to one) is stored on the dock and
 * its runs and shown to every member who can read docks, Viewers included. It is the provider's text, not
 * ours: it may be long, carry terminal escapes or bidirectional overrides, echo the request's token, or
 * quote a URL whose query holds a signature. This makes it fit to show.
 */

/** Longest error text stored or shown. */
export const MAX_ERROR_TEXT = 500;

const REDACTED = "[redacted]";

/** Echoed request headers, bearer tokens and credential query parameters, with what replaces each. */
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  // Each replacement is itself left alone by a second pass: text cleaned twice reads the same.
  [/\b(authorization|proxy-authorization|x-api-key|x-auth-token|api-key)\s*:\s*(?:(?:bearer|basic|digest|token)\s+)?[^\s,;]+/gi, `$1: ${REDACTED}`],
  [/\b(cookie|set-cookie)\s*:\s*(?:[^\s;,=]+=[^\s;,]*;?\s*)+/gi, `$1: ${REDACTED} `],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, `Bearer ${REDACTED}`],
  [/\b(api[_-]?key|access[_-]?token|auth[_-]?token|token|password|secret|signature|sig|key)=[^\s&,;"']+/gi, `$1=${REDACTED}`],
];

/** Terminal escape sequences, then every control and invisible formatting character (bidi overrides included). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
const ANSI_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+/gi;

/** A URL reduced to origin and path: no user info, query or fragment, which is where secrets travel. */
function withoutQuery(match: string): string {
  // Punctuation that ends the sentence around a URL is not part of it.
  const trailing = /[.,;:!?)\]]+$/.exec(match)?.[0] ?? "";
  const raw = match.slice(0, match.length - trailing.length);
  try {
    const url = new URL(raw);
    const path = url.pathname === "/" && !raw.endsWith("/") ? "" : url.pathname;
    return `${url.origin === "null" ? `${url.protocol}//[url]` : `${url.origin}${path}`}${trailing}`;
  } catch {
    return `[url]${trailing}`;
  }
}

/**
 * Error text safe to store and show: the given secrets and anything shaped like a credential redacted,
 * URLs without their query, control characters and escapes replaced by spaces, whitespace collapsed, and at
 * most `max` characters.
 */
export function cleanErrorText(text: string, options: { secrets?: readonly string[]; max?: number } = {}): string {
  const max = options.max ?? MAX_ERROR_TEXT;
  let out = text;
  // Short values would redact ordinary words; a credential is never this short.
  for (const secret of options.secrets ?? []) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(ANSI_ESCAPE, " ").replace(CONTROL_OR_FORMAT, " ");
  out = out.replace(URL_IN_TEXT, withoutQuery);
  out = out.replace(/\s+/g, " ").trim();
  if (out.length <= max) return out;
  let cut = out.slice(0, max - 1);
  // Never leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The values of request headers that carry credentials, and their bare tokens, to redact from replies. */
export function credentialValues(headers: Record<string, string>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/authorization|token|key|secret|auth/i.test(name)) continue;
    values.push(value);
    const bare = /^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value)?.[1];
    if (bare) values.push(bare.trim());
  }
  return values;
}
