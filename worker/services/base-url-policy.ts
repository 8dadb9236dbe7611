import { refusedUrlReason } from "../../shared/outbound-policy";
import { outboundPolicyOf } from "../../core/outbound";
import type { Config } from "../../core/config";
import { ApiError } from "../lib/errors";

const badBaseUrl = (message: string) =>
  new ApiError("bad_request", `invalid body: baseUrl: ${message}`, { details: { issues: [{ field: "baseUrl", message }] } });

/**
 * A dock may point at a self-hosted provider or a local fake, but only where the installation allows it;
 * in production, private, loopback and other special-purpose hosts are refused so a dock cannot be aimed at
 * internal services. This is the check when a dock is written, so the person gets a clear answer; the HTTP
 * client applies the same policy again on every request it sends.
 */
export function checkBaseUrl(config: Config, baseUrl: string | null | undefined): string | null {
  if (baseUrl === undefined || baseUrl === null) return null;
  if (!config.ALLOW_CUSTOM_BASE_URLS) throw badBaseUrl("custom base URLs are disabled on this installation");
  const url = new URL(baseUrl);
  if (url.username || url.password) throw badBaseUrl("must not contain credentials");
  const reason = refusedUrlReason(url, outboundPolicyOf(config));
  if (reason) throw badBaseUrl(`private and loopback addresses are refused: ${reason}`);
  return url.toString().replace(/\/+$/, "");
}
