import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { Certificate, Firewall, FirewallResource, FloatingIp, Image, LoadBalancer, LoadBalancerTarget, LocationPrice, Network, PrimaryIp, Pricing, Rrset, Server, Volume, Zone } from "./schemas";

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
  const net = monthlyNet(prices, location);
  return net !== null ? Math.round(net / 100) : null;
}

/** The net monthly price in ten-thousandths, so surcharges are added before the one rounding to cents. */
function monthlyNet(prices: LocationPrice[], location: string): number | null {
  const entry = prices.find((p) => p.location === location);
  return entry ? tenThousandths(entry.price_monthly.net) : null;
}

/** What an address of a family costs a month in a location, in ten-thousandths, from the price list. */
function addressNet(list: Pricing["primary_ips"], family: "ipv4" | "ipv6", location: string): number | null {
  const entry = list.find((p) => p.type === family);
  return entry ? monthlyNet(entry.prices, location) : null;
}

/**
 * Hetzner reports a server's IPv6 as its /64 network and, unless told otherwise, configures the network's
 * `::1` on the server: that address is the one to show (and to connect to).
 */
export function hostAddress(network: string): string {
  const [prefix = network] = network.split("/");
  if (prefix.endsWith("::")) return `${prefix}1`;
  const groups = prefix.split(":");
  // A fully written network (no "::"): the interface part is its last group.
  if (groups.length === 8) return [...groups.slice(0, 7), "1"].join(":");
  return prefix;
}

/** Labels are Hetzner's tags: `key=value`, or the bare key when the value is empty. */
function labelTags(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([key, value]) => (value === "" ? key : `${key}=${value}`));
}

/**
 * The console's resource pages live under the project's id (`/projects/<id>/servers/<id>/overview`), which no
 * API call reveals: a token belongs to one project but the API never names it. The best stable link is the
 * console's project list, one click from the resource; a per-resource link would need the id typed in.
 */
export const CONSOLE_URL = "https://console.hetzner.cloud/projects";

/**
 * A server's monthly cost: its type's price in its location, plus the backup surcharge (a percentage of
 * that price) when backups are on, plus the primary IPv4 when it has one — Hetzner bills that address on
 * its own, and a server without one costs less. Primary IPv6 is free, so only the IPv4 is added; a price list
 * without an IPv4 entry for the location (the contract's example lists only IPv6) adds nothing.
 */
export function serverMonthlyCents(s: Server, pricing: Pricing): number | null {
  const base = monthlyNet(s.server_type.prices, s.location.name);
  if (base === null) return null;
  const percentage = s.backup_window != null && pricing.server_backup ? tenThousandths(pricing.server_backup.percentage) : 0;
  const backup = (base * percentage) / 1_000_000;
  const ipv4 = s.public_net.ipv4 ? (addressNet(pricing.primary_ips, "ipv4", s.location.name) ?? 0) : 0;
  return Math.round((base + backup + ipv4) / 100);
}

export function normalizeServer(s: Server, pricing: Pricing | null): NormalizedResource {
  const cents = pricing ? serverMonthlyCents(s, pricing) : null;
  const currency = pricing?.currency ?? null;
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
      ipv6: s.public_net.ipv6 ? hostAddress(s.public_net.ipv6.ip) : null,
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

/** An address: active while it is assigned to something, inactive (and still billed) while it waits. */
function addressStatus(assigned: boolean): ResourceStatus {
  return assigned ? "active" : "inactive";
}

/** What primary and floating IPs have in common: an address, where it is, what it is routed to, its net price. */
interface AddressFacts {
  externalId: string;
  ip: PrimaryIp | FloatingIp;
  region: string | null;
  assignedTo: string | null;
  /** Net monthly price in hundredths of a cent, null when there is none to show. */
  net: number | null;
  pricing: Pricing | null;
}

function addressResource({ externalId, ip, region, assignedTo, net, pricing }: AddressFacts): NormalizedResource {
  return {
    kind: "ip_address",
    externalId,
    name: ip.name,
    status: addressStatus(assignedTo !== null),
    providerStatus: null,
    region,
    url: CONSOLE_URL,
    createdAt: ip.created,
    monthlyCostCents: net !== null ? Math.round(net / 100) : null,
    currency: net !== null && pricing ? pricing.currency : null,
    attributes: {
      ip: ip.type === "ipv6" ? hostAddress(ip.ip) : ip.ip,
      family: ip.type,
      assignedTo,
      blocked: ip.blocked ?? null,
    },
  };
}

/**
 * Primary and floating IPs carry no status word. An assigned primary IPv4 is already counted in its server's
 * cost (see `serverMonthlyCents`), so only an unassigned one shows its own price, and totals count it once.
 */
export function normalizePrimaryIp(ip: PrimaryIp, pricing: Pricing | null): NormalizedResource {
  const location = ip.location?.name ?? ip.datacenter?.location.name ?? null;
  const assigned = ip.assignee_id != null;
  const net = pricing && location !== null && !assigned ? addressNet(pricing.primary_ips, ip.type, location) : null;
  return addressResource({ externalId: `primary-${ip.id}`, ip, region: location, assignedTo: assigned ? String(ip.assignee_id) : null, net, pricing });
}

/** A floating IP is billed on its own whether or not it is routed to a server. */
export function normalizeFloatingIp(ip: FloatingIp, pricing: Pricing | null): NormalizedResource {
  const net = pricing ? addressNet(pricing.floating_ips, ip.type, ip.home_location.name) : null;
  return addressResource({ externalId: `floating-${ip.id}`, ip, region: ip.home_location.name, assignedTo: ip.server != null ? String(ip.server) : null, net, pricing });
}

/** Servers a firewall applies to by name, including those a label selector currently resolves to. */
function firewallServers(applied: FirewallResource[]): string[] {
  const ids = new Set<string>();
  for (const a of applied) {
    if (a.type === "server" && a.server) ids.add(String(a.server.id));
    for (const r of a.applied_to_resources ?? []) if (r.type === "server" && r.server) ids.add(String(r.server.id));
  }
  return [...ids].sort();
}

/** Firewalls, networks and uploaded certificates have no status and no price: listed means in place, and free. */
export function normalizeFirewall(f: Firewall): NormalizedResource {
  return {
    kind: "firewall",
    externalId: String(f.id),
    name: f.name,
    status: f.applied_to.length > 0 ? "active" : "inactive",
    providerStatus: null,
    region: null,
    url: CONSOLE_URL,
    createdAt: f.created,
    monthlyCostCents: null,
    currency: null,
    attributes: {
      inboundRules: f.rules.filter((r) => r.direction === "in").length,
      outboundRules: f.rules.filter((r) => r.direction === "out").length,
      attachedTo: firewallServers(f.applied_to),
      appliesToTags: f.applied_to.flatMap((a) => (a.type === "label_selector" && a.label_selector ? [a.label_selector.selector] : [])),
    },
  };
}

export function normalizeNetwork(n: Network): NormalizedResource {
  const zones = [...new Set(n.subnets.flatMap((s) => (s.network_zone ? [s.network_zone] : [])))];
  return {
    kind: "network",
    externalId: String(n.id),
    name: n.name,
    status: "active",
    providerStatus: null,
    // A network spans a network zone (eu-central…), not one location; one zone is the best region there is.
    region: zones.length === 1 ? zones[0]! : null,
    url: CONSOLE_URL,
    createdAt: n.created,
    monthlyCostCents: null,
    currency: null,
    attributes: { ipRange: n.ip_range, attachedCount: n.servers.length + n.load_balancers.length, isDefault: null, description: null },
  };
}

/**
 * A managed certificate's `status.issuance` (pending, completed, failed) and `status.renewal` (scheduled,
 * pending, failed, unavailable) as one word: a failure of either is what needs attention.
 */
const ISSUANCE_STATUS: Record<string, ResourceStatus> = { pending: "starting", completed: "active", failed: "error" };

export function normalizeCertificate(c: Certificate): NormalizedResource {
  const issuance = c.status?.issuance ?? null;
  const renewal = c.status?.renewal ?? null;
  const status: ResourceStatus =
    issuance === null ? "active" : renewal === "failed" ? "error" : (ISSUANCE_STATUS[issuance] ?? "unknown");
  return {
    kind: "certificate",
    externalId: String(c.id),
    name: c.name,
    status,
    providerStatus: issuance === null ? null : renewal !== null && renewal !== "unavailable" ? `${issuance}/${renewal}` : issuance,
    region: null,
    url: CONSOLE_URL,
    createdAt: c.created,
    monthlyCostCents: null,
    currency: null,
    attributes: { domains: c.domain_names, expiresAt: c.not_valid_after ?? null, type: c.type, issuer: null },
  };
}

const IMAGE_STATUS: Record<string, ResourceStatus> = { available: "active", creating: "starting", unavailable: "error" };

/**
 * Snapshots are billed by `image_size` at the per-GB image rate. Backups are not priced one by one: they are
 * the backup surcharge on their server's cost. The parent is the server the image was taken from — `bound_to`
 * for a backup (still bound to its server), else `created_from`.
 */
export function normalizeImage(image: Image, pricing: Pricing | null): NormalizedResource {
  const kind = image.type === "backup" ? "backup" : "snapshot";
  const perGb = kind === "snapshot" ? pricing?.image?.price_per_gb_month.net : undefined;
  const cents = perGb !== undefined && image.image_size != null ? Math.round((tenThousandths(perGb) * image.image_size) / 100) : null;
  const parent = image.bound_to ?? image.created_from?.id ?? null;
  return {
    kind,
    externalId: String(image.id),
    name: image.description,
    status: IMAGE_STATUS[image.status] ?? "unknown",
    providerStatus: image.status,
    region: null,
    url: CONSOLE_URL,
    createdAt: image.created,
    monthlyCostCents: cents,
    currency: cents !== null && pricing ? pricing.currency : null,
    ...(parent !== null ? { parentExternalId: String(parent) } : {}),
    attributes: { source: image.created_from?.name ?? null, sizeGb: image.image_size ?? image.disk_size, type: "server" },
  };
}

const ZONE_STATUS: Record<string, ResourceStatus> = { ok: "active", updating: "starting", error: "error" };

/** A zone's external id is its name, as the `domain` kind requires; its records name it as their parent. */
export function normalizeZone(z: Zone): NormalizedResource {
  return {
    kind: "domain",
    externalId: z.name,
    name: z.name,
    status: ZONE_STATUS[z.status] ?? "unknown",
    providerStatus: z.status,
    region: null,
    url: CONSOLE_URL,
    createdAt: z.created,
    monthlyCostCents: null,
    currency: null,
    attributes: { expiresAt: null, nameservers: z.authoritative_nameservers.assigned, ttl: z.ttl },
  };
}

/**
 * One resource per RRSet: Hetzner's records have no id of their own, only the set (`<name>/<type>`) does, so
 * the set is what can be followed from one sync to the next. Its values are joined, one per line.
 */
export function normalizeRrset(r: Rrset, zone: Zone): NormalizedResource {
  const mx = r.type === "MX" && r.records.length === 1 ? /^(\d+)\s/.exec(r.records[0]!.value) : null;
  return {
    kind: "dns_record",
    externalId: `${zone.name}/${r.id}`,
    name: r.name === "@" ? zone.name : `${r.name}.${zone.name}`,
    status: "active",
    providerStatus: null,
    region: null,
    url: CONSOLE_URL,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    parentExternalId: zone.name,
    attributes: {
      domain: zone.name,
      type: r.type,
      recordName: r.name,
      data: r.records.map((v) => v.value).join("\n"),
      ttl: r.ttl ?? zone.ttl,
      priority: mx ? Number(mx[1]) : null,
    },
  };
}
