/**
 * `Link` header paging (RFC 8288): GitHub, GitLab REST, Netlify — follow `rel="next"` until there is none —
 * and Sentry, whose `rel="next"` is always there and says `results="false"` on the last page.
 *
 * Cursor: the next link's path and query relative to the dock's base URL (`/user/repos?page=2&per_page=100`,
 * `/repositories/1300192/issues?page=3`), kept exactly as the provider wrote them. Not the full URL, because:
 * - requests only ever go to the dock's base URL: the link's origin is dropped, so a dock pointed at a proxy,
 *   GitHub Enterprise or a fake stays there, and a stored cursor cannot even name another host;
 * - it is shorter to store;
 * - on resume it is checked again (`resolvePath`) before anything is sent, and the HTTP client refuses any
 *   other origin on top of that.
 */
import { invalidCursor, MAX_CURSOR_LENGTH, pagingViolation } from "./core";
import type { Paging } from "./core";

export interface LinkValue {
  /** The target as written between `<` and `>`. */
  target: string;
  /** Parameters by lower-cased name; the first occurrence wins, as RFC 8288 asks of parsers. */
  params: Record<string, string>;
  /** The relation types of `rel`, lower-cased (it may hold several, space-separated). */
  rels: string[];
}

/**
 * Parses a `Link` header into its link values. Written as a scanner rather than a split on commas: targets and
 * quoted parameter values (Sentry's `cursor="0:100:0"`) may hold commas and semicolons. Anything unreadable
 * ends the parse of that value, never the ones already read.
 */
export function parseLinkHeader(header: string | null): LinkValue[] {
  const links: LinkValue[] = [];
  if (!header) return links;
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && /[ \t]/.test(header[i]!)) i++;
  };
  while (i < n) {
    skipSpace();
    if (header[i] === ",") {
      i++;
      continue;
    }
    if (header[i] !== "<") {
      // Not a link value: skip to the next top-level comma.
      while (i < n && header[i] !== ",") i++;
      continue;
    }
    const close = header.indexOf(">", i + 1);
    if (close < 0) break;
    const target = header.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (header[i] !== ";") break;
      i++;
      skipSpace();
      const nameStart = i;
      while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i]!)) i++;
      const name = header.slice(nameStart, i).toLowerCase();
      skipSpace();
      let value = "";
      if (header[i] === "=") {
        i++;
        skipSpace();
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === "\\" && i + 1 < n) i++;
            value += header[i];
            i++;
          }
          i++;
        } else {
          const start = i;
          while (i < n && !/[;,\s]/.test(header[i]!)) i++;
          value = header.slice(start, i);
        }
      }
      if (name && !(name in params)) params[name] = value;
    }
    // Whatever else sits before the next comma is not ours to read.
    while (i < n && header[i] !== ",") i++;
    const rels = (params.rel ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ target, params, rels });
  }
  return links;
}

/** The first link with this relation type, or null. */
export function findLink(links: LinkValue[], rel: string): LinkValue | null {
  return links.find((link) => link.rels.includes(rel.toLowerCase())) ?? null;
}

const basePathOf = (baseUrl: string) => new URL(baseUrl).pathname.replace(/\/+$/, "");

/**
 * A link target as a path and query relative to the dock's base URL. A target under the base URL's path loses
 * that prefix (GitHub Enterprise at `/api/v3`, whose links repeat it); one outside it keeps its whole path,
 * which is what a dock pointed at a path-prefixed proxy needs (the provider's links name its own host).
 */
export function linkPath(baseUrl: string, target: string, relativeTo: string): string {
  const url = new URL(target, relativeTo);
  const basePath = basePathOf(baseUrl);
  let path = url.pathname;
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length) || "/";
  return path + url.search;
}

/** Whether text holds a C0 control character or DEL, which the URL parser would silently drop or keep. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A path and query relative to the base URL, or null when it is not one (scheme, host, `//`, backslash, spaces). */
function checkedPath(baseUrl: string, pathAndQuery: string): string | null {
  if (pathAndQuery.length > MAX_CURSOR_LENGTH || !/^\/(?![/\\])/.test(pathAndQuery) || /[\s\\]/.test(pathAndQuery) || hasControlCharacter(pathAndQuery)) return null;
  try {
    const base = new URL(baseUrl);
    const url = new URL(baseUrl.replace(/\/+$/, "") + pathAndQuery);
    return url.origin === base.origin ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The URL of a stored path cursor on the dock's base URL. Refuses anything that is not a plain path and query
 * on that origin: cursors come back from storage, and the credentials must never follow one elsewhere.
 */
export function resolvePath(baseUrl: string, pathAndQuery: string): string {
  const url = checkedPath(baseUrl, pathAndQuery);
  if (url === null) throw invalidCursor("link", pathAndQuery);
  return url;
}

export interface LinkHeaderOptions {
  /** The relation to follow; default `next`. */
  rel?: string;
}

/**
 * Follows `rel="next"` from the listing's first page (its own path and query) to the page without one, or
 * whose next link says `results="false"` (Sentry, where the link is always there). A next link equal to the
 * page just fetched would loop forever; it fails the kind rather than ending it, since nothing proves the
 * listing was complete.
 */
export function linkHeader(options: LinkHeaderOptions = {}): Paging<unknown> {
  const rel = options.rel ?? "next";
  return {
    async *walk(cursor, fetch, { provider, baseUrl }) {
      // A stored cursor is checked before anything is sent: it must be a path on the dock's base URL.
      if (cursor !== null) resolvePath(baseUrl, cursor);
      let current = cursor;
      for (;;) {
        const { step, page } = await fetch(current === null ? { query: {} } : { path: current }, ({ headers, url }) => {
          const link = findLink(parseLinkHeader(headers.get("link")), rel);
          const more = link !== null && link.params.results?.toLowerCase() !== "false";
          return { url, target: more ? link.target : null };
        });
        const { url } = step;
        let next: string | null = null;
        if (step.target !== null) {
          try {
            next = linkPath(baseUrl, step.target, url);
          } catch {
            throw pagingViolation(provider, "its next link is not a URL");
          }
          const target = checkedPath(baseUrl, next);
          if (target === null) throw pagingViolation(provider, "its next link is not a plain path and query");
          if (target === url) throw pagingViolation(provider, "its next link points at the page just fetched");
        }
        yield { page, next, at: current };
        if (next === null) return;
        current = next;
      }
    },
  };
}
