import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { LoadBalancer, LoadBalancerTarget, LocationPrice, Pricing, Server, Volume } from "./schemas";

const SERVER_STATUS: Record<string, ResourceStatus> = {
  running: "running",
  off: "stopped",
  initializing: "starting",
  starting: "starting",
  migrating: "starting",
  rebuilding: "starting",
  // On its way off: the shutdown has been asked for, so it no longer counts as serving.
  stopping: "stopped",
  // Still listed while it goes away; neither running nor coming back.
  deleting: "inactive",
  unknown: "unknown",
};

/** A decimal string as an exact integer of ten-thousandths, so "1.1950" does not turn into 1.19499… on its way to cents. */
export function tenThousandths(value: string): number {
  const [whole = "0", fraction = ""] = value.split(".");
  const digits = fraction.padEnd(5, "0");
  return Number(whole) * 10_000 + Number(digits.slice(0, 4)) + (Number(digits[4]) >= 5 ? 1 : 0);
}

/**
 * Net, not gross: gross adds VAT at the rate Hetzner applies to this project (`pricing.vat_rate`), while
 * other providers' list prices (DigitalOcean's `price_monthly`, for one) exclude tax. Net keeps totals
 * across docks comparable.
 */
function monthlyNetCents(prices: LocationPrice[], location: string): number | null {
  const entry = prices.find((p) => p.location === location);
  return entry ? Math.round(tenThousandths(entry.price_monthly.net) / 100) : null;
}

/** Labels are Hetzner's tags: `key=value`, or the bare key when the value is empty. */
function labelTags(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([key, value]) => (value === "" ? key : `${key}=${value}`));
}

/**
 * The console's resource pages live under the project's id, which no API call reveals (a token belongs to
 * one project but the API never names it), so there is no link to give.
 */
const CONSOLE_URL = null;

export function normalizeServer(s: Server, currency: string | null): NormalizedResource {
  const cents = monthlyNetCents(s.server_type.prices, s.location.name);
  return {
    kind: "server",
    externalId: String(s.id),
    name: s.name,
    status: SERVER_STATUS[s.status] ?? "unknown",
    providerStatus: s.status,
    region: s.location.name,
    url: CONSOLE_URL,
    createdAt: s.created,
    monthlyCostCents: cents !== null && currency !== null ? cents : null,
    currency: cents !== null ? currency : null,
    attributes: {
      ipv4: s.public_net.ipv4?.ip ?? null,
      // Hetzner assigns each server a /64 and reports the network, not one address in it.
      ipv6: s.public_net.ipv6?.ip ?? null,
      privateIpv4: s.private_net.find((n) => n.ip)?.ip ?? null,
      vcpus: s.server_type.cores,
      // The type's memory and disk are in GB; the type is what the server is billed for.
      memoryMb: Math.round(s.server_type.memory * 1024),
      diskGb: Math.round(s.server_type.disk),
      image: s.image?.description || s.image?.name || null,
      size: s.server_type.name,
      tags: labelTags(s.labels),
    },
  };
}

export function normalizeVolume(v: Volume, pricing: Pricing | null): NormalizedResource {
  const attached = v.server != null ? [String(v.server)] : [];
  // Volumes carry no price: they are billed by size at the project's per-GB rate.
  const perGb = pricing?.volume?.price_per_gb_month.net;
  const cents = perGb !== undefined ? Math.round((tenThousandths(perGb) * v.size) / 100) : null;
  return {
    kind: "block_volume",
    externalId: String(v.id),
    name: v.name,
    // Same reading as the other providers: a volume serves something when it is attached.
    status: v.status === "creating" ? "starting" : v.status !== "available" ? "unknown" : attached.length > 0 ? "active" : "inactive",
    providerStatus: v.status,
    region: v.location.name,
    url: CONSOLE_URL,
    createdAt: v.created,
    monthlyCostCents: cents,
    currency: cents !== null && pricing ? pricing.currency : null,
    attributes: { sizeGb: Math.round(v.size), attachedTo: attached, filesystem: v.format ?? null, description: null },
  };
}

/** Server targets by id (as volumes' `attachedTo` names servers), IP targets by address, label targets by selector. */
function targetName(t: LoadBalancerTarget): string | null {
  if (t.type === "server" && t.server) return String(t.server.id);
  if (t.type === "ip" && t.ip) return t.ip.ip;
  if (t.type === "label_selector" && t.label_selector) return `label:${t.label_selector.selector}`;
  return null;
}

export function normalizeLoadBalancer(lb: LoadBalancer, currency: string | null): NormalizedResource {
  const cents = monthlyNetCents(lb.load_balancer_type.prices, lb.location.name);
  return {
    kind: "load_balancer",
    externalId: String(lb.id),
    name: lb.name,
    // The API gives load balancers no status: one that is listed exists and is billed.
    status: "active",
    providerStatus: null,
    region: lb.location.name,
    url: CONSOLE_URL,
    createdAt: lb.created,
    monthlyCostCents: cents !== null && currency !== null ? cents : null,
    currency: cents !== null ? currency : null,
    attributes: {
      ipv4: lb.public_net.enabled ? (lb.public_net.ipv4?.ip ?? null) : null,
      ipv6: lb.public_net.enabled ? (lb.public_net.ipv6?.ip ?? null) : null,
      algorithm: lb.algorithm?.type ?? null,
      type: lb.load_balancer_type.name,
      targets: lb.targets.map(targetName).filter((t): t is string => t !== null),
    },
  };
}
