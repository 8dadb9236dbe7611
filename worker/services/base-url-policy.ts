import type { Config } from "../env";
import { ApiError } from "../lib/errors";

function ipv4Private(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

/** Loopback, private, link-local and internal-only names: never a provider's API on the public internet. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true;
  if (ipv4Private(host)) return true;
  if (host.includes(":")) {
    if (host === "::" || host === "::1") return true;
    if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped && ipv4Private(mapped[1]!)) return true;
    // ::ffff:7f00:1 and similar hex forms of mapped IPv4.
    if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(host)) return true;
  }
  return false;
}

/**
 * A dock may point at a self-hosted provider or a local fake, but only where the installation allows it;
 * in production, loopback and private addresses are refused so a dock cannot be aimed at internal services.
 */
export function checkBaseUrl(config: Config, baseUrl: string | null | undefined): string | null {
  if (baseUrl === undefined || baseUrl === null) return null;
  if (!config.ALLOW_CUSTOM_BASE_URLS) {
    throw new ApiError("bad_request", "invalid body: baseUrl: custom base URLs are disabled on this installation", {
      details: { issues: [{ field: "baseUrl", message: "custom base URLs are disabled" }] },
    });
  }
  const url = new URL(baseUrl);
  if (url.username || url.password) {
    throw new ApiError("bad_request", "invalid body: baseUrl: must not contain credentials", {
      details: { issues: [{ field: "baseUrl", message: "must not contain credentials" }] },
    });
  }
  if (config.ENVIRONMENT === "production" && isPrivateHost(url.hostname)) {
    throw new ApiError("bad_request", "invalid body: baseUrl: private and loopback addresses are refused", {
      details: { issues: [{ field: "baseUrl", message: "private and loopback addresses are refused" }] },
    });
  }
  return url.toString().replace(/\/+$/, "");
}
