/**
 * Which hosts EdgeDock may send a provider request to. A dock can point at a self-hosted provider, which
 * turns EdgeDock into something that sends authenticated requests to a host a member chose; this module
 * decides whether a host is one that is on the public internet. It is pure (no I/O), so the Worker uses it
 * when a base URL is written and the adapters' HTTP client uses it on every request and redirect hop.
 *
 * What it judges: literal IPv4 and IPv6 addresses against every range of the IANA special-purpose address
 * registries (IPv4-mapped, IPv4-compatible, NAT64 and 6to4 addresses by the IPv4 address they carry), names
 * that only resolve privately (single labels, special-use suffixes), wildcard-DNS services that map names to
 * addresses, and names whose labels spell a special-purpose IPv4 address.
 *
 * What it cannot judge: a Worker's `fetch` resolves DNS itself and offers no way to resolve first, so a
 * public-looking name whose DNS record points at a private address (a member's own zone, DNS rebinding) is
 * not caught here. That remaining risk is accepted because of where a Worker runs: its `fetch` leaves from
 * Cloudflare's network, not from the operator's, so there is no route into the operator's private network
 * and no cloud-metadata endpoint beside it, the usual targets of request forgery from a VM. What stays
 * reachable is what any host on the internet can reach; the response is only ever seen as schema-checked
 * data or as capped error text; and the credentials sent are the ones the member entered for that very
 * base URL. Installations that need no self-hosted providers keep `ALLOW_CUSTOM_BASE_URLS=false`.
 */

/** How strict the outbound host check is. */
export interface OutboundPolicy {
  /**
   * Development and tests only: the host check is skipped, so loopback fakes and self-hosted providers on a
   * LAN are reachable. The scheme, cross-origin and redirect rules apply regardless.
   */
  allowPrivateHosts: boolean;
}

/** The default wherever nobody said otherwise: private hosts refused. */
export const PRODUCTION_OUTBOUND: OutboundPolicy = Object.freeze({ allowPrivateHosts: false });

/** The policy of an installation: anything not explicitly development or test is treated as production. */
export function outboundPolicyFor(environment: string | undefined): OutboundPolicy {
  return environment === "development" || environment === "test" ? { allowPrivateHosts: true } : PRODUCTION_OUTBOUND;
}

// ---------------------------------------------------------------------------------------------- IPv4

interface Ipv4Range {
  base: number;
  prefix: number;
  label: string;
}

function ipv4Range(cidr: string, label: string): Ipv4Range {
  const [address, prefix] = cidr.split("/");
  const base = parseIpv4(address!);
  if (base === null) throw new Error(`bad range ${cidr}`);
  return { base, prefix: Number(prefix), label };
}

/** IANA IPv4 Special-Purpose Address Registry plus multicast and the reserved class E block. */
const IPV4_SPECIAL: readonly Ipv4Range[] = [
  ipv4Range("0.0.0.0/8", '"this network"'),
  ipv4Range("10.0.0.0/8", "private-use"),
  ipv4Range("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
  ipv4Range("127.0.0.0/8", "loopback"),
  ipv4Range("169.254.0.0/16", "link-local (cloud metadata)"),
  ipv4Range("172.16.0.0/12", "private-use"),
  ipv4Range("192.0.0.0/24", "IETF protocol assignments"),
  ipv4Range("192.0.2.0/24", "documentation"),
  ipv4Range("192.31.196.0/24", "AS112"),
  ipv4Range("192.52.193.0/24", "AMT"),
  ipv4Range("192.88.99.0/24", "6to4 relay anycast"),
  ipv4Range("192.168.0.0/16", "private-use"),
  ipv4Range("192.175.48.0/24", "AS112 direct delegation"),
  ipv4Range("198.18.0.0/15", "benchmarking"),
  ipv4Range("198.51.100.0/24", "documentation"),
  ipv4Range("203.0.113.0/24", "documentation"),
  ipv4Range("224.0.0.0/4", "multicast"),
  ipv4Range("255.255.255.255/32", "limited broadcast"),
  ipv4Range("240.0.0.0/4", "reserved"),
];

/** Dotted-quad decimal only: hosts reach here canonicalized by the WHATWG URL parser. */
function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

function ipv4Special(value: number): Ipv4Range | null {
  for (const range of IPV4_SPECIAL) {
    const mask = range.prefix === 0 ? 0 : (0xffffffff << (32 - range.prefix)) >>> 0;
    if (((value & mask) >>> 0) === ((range.base & mask) >>> 0)) return range;
  }
  return null;
}

const describeRange = (r: Ipv4Range) => `${formatIpv4(r.base)}/${r.prefix} (${r.label})`;

// ---------------------------------------------------------------------------------------------- IPv6

/** RFC 4291 text form (with `::` and an optional dotted IPv4 tail) to its 16 bytes; null if it is not one. */
export function parseIpv6(text: string): Uint8Array | null {
  let s = text.toLowerCase();
  const lastColon = s.lastIndexOf(":");
  if (lastColon < 0) return null;
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIpv4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const compressed = halves.length === 2;
  if (compressed ? head.length + rest.length > 7 : head.length !== 8) return null;
  const all = [...head, ...Array<string>(8 - head.length - rest.length).fill("0"), ...rest];
  const bytes = new Uint8Array(16);
  for (const [i, group] of all.entries()) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    const n = parseInt(group, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 255;
  }
  return bytes;
}

interface Ipv6Range {
  bytes: Uint8Array;
  prefix: number;
  cidr: string;
  label: string;
  /** Where the IPv4 address it carries starts: such addresses are judged by that IPv4 address. */
  embedsIpv4At?: number;
}

function ipv6Range(cidr: string, label: string, embedsIpv4At?: number): Ipv6Range {
  const [address, prefix] = cidr.split("/");
  const bytes = parseIpv6(address!);
  if (!bytes) throw new Error(`bad range ${cidr}`);
  return { bytes, prefix: Number(prefix), cidr, label, embedsIpv4At };
}

/** IANA IPv6 Special-Purpose Address Registry plus ULA, link-local, site-local and multicast; first match wins. */
const IPV6_SPECIAL: readonly Ipv6Range[] = [
  ipv6Range("::/128", "unspecified"),
  ipv6Range("::1/128", "loopback"),
  ipv6Range("::ffff:0:0/96", "IPv4-mapped", 12),
  ipv6Range("::/96", "IPv4-compatible", 12),
  ipv6Range("64:ff9b::/96", "NAT64", 12),
  ipv6Range("64:ff9b:1::/48", "local-use NAT64"),
  ipv6Range("100::/64", "discard-only"),
  ipv6Range("2001::/32", "Teredo"),
  ipv6Range("2001::/23", "IETF protocol assignments"),
  ipv6Range("2001:db8::/32", "documentation"),
  ipv6Range("2002::/16", "6to4", 2),
  ipv6Range("3fff::/20", "documentation"),
  ipv6Range("5f00::/16", "segment routing (SRv6) SIDs"),
  ipv6Range("fc00::/7", "unique local"),
  ipv6Range("fe80::/10", "link-local"),
  ipv6Range("fec0::/10", "site-local"),
  ipv6Range("ff00::/8", "multicast"),
];

function inPrefix(bytes: Uint8Array, range: Ipv6Range): boolean {
  const full = range.prefix >> 3;
  for (let i = 0; i < full; i++) if (bytes[i] !== range.bytes[i]) return false;
  const bits = range.prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (bytes[full]! & mask) === (range.bytes[full]! & mask);
}

function ipv6Reason(display: string, bytes: Uint8Array): string | null {
  for (const range of IPV6_SPECIAL) {
    if (!inPrefix(bytes, range)) continue;
    if (range.embedsIpv4At === undefined) return `${display} is in ${range.cidr} (${range.label})`;
    const at = range.embedsIpv4At;
    const v4 = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const special = ipv4Special(v4);
    // A public IPv4 address in one of these forms reaches the same public host: nothing to refuse.
    return special ? `${display} is in ${range.cidr} (${range.label}) and carries ${formatIpv4(v4)}, which is in ${describeRange(special)}` : null;
  }
  // Only 2000::/3 is allocated as global unicast; everything else left (the rest of ::/8 such as the
  // IPv4-translated ::ffff:0:0:0/96, and unallocated space) is not a public host either.
  if (bytes[0]! >> 5 !== 0b001) return `${display} is outside 2000::/3 (not global unicast)`;
  return null;
}

// ---------------------------------------------------------------------------------------------- names

/** Special-use and de-facto private suffixes (RFC 6761, RFC 8375, RFC 9476, RFC 7686, common LAN names). */
const PRIVATE_SUFFIXES = [
  "localhost",
  "local",
  "lan",
  "internal",
  "intranet",
  "corp",
  "home",
  "home.arpa",
  "localdomain",
  "test",
  "example",
  "invalid",
  "onion",
  "alt",
  "arpa",
];

/** Public DNS services whose names resolve to whatever address the name spells (or always to loopback). */
const WILDCARD_DNS = ["nip.io", "sslip.io", "xip.io", "localtest.me", "lvh.me", "vcap.me", "traefik.me", "localhost.direct"];

const under = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** An IPv4 address spelled inside a name — `10.0.0.1.x.com`, `ip-10-0-0-1.x.com`, `7f000001.x.io` — if special. */
function embeddedIpv4(labels: readonly string[]): { address: string; range: Ipv4Range } | null {
  const found = (value: number | null) => {
    const range = value === null ? null : ipv4Special(value);
    return range && value !== null ? { address: formatIpv4(value), range } : null;
  };
  for (let i = 0; i + 4 <= labels.length; i++) {
    const hit = found(parseIpv4(labels.slice(i, i + 4).join(".")));
    if (hit) return hit;
  }
  for (const label of labels) {
    const parts = label.split("-");
    for (let i = 0; i + 4 <= parts.length; i++) {
      const hit = found(parseIpv4(parts.slice(i, i + 4).join(".")));
      if (hit) return hit;
    }
    for (const part of parts) {
      if (!/^[0-9a-f]{8}$/.test(part)) continue;
      const hit = found(parseInt(part, 16) >>> 0);
      if (hit) return hit;
    }
  }
  return null;
}

function nameReason(host: string): string | null {
  if (under(host, "localhost")) return `${host} is a loopback name`;
  for (const domain of WILDCARD_DNS) if (under(host, domain)) return `${host} is under ${domain}, a wildcard-DNS service that maps names to arbitrary addresses`;
  if (!host.includes(".")) return `${host} is a single-label name, which only resolves on a local network`;
  for (const suffix of PRIVATE_SUFFIXES) if (under(host, suffix)) return `${host} is under .${suffix}, a special-use or private name`;
  const embedded = embeddedIpv4(host.split("."));
  if (embedded) return `${host} spells ${embedded.address}, which is in ${describeRange(embedded.range)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------- entry points

/**
 * Why a host must not be sent provider requests, or null when it is a public host. Accepts a URL's
 * `hostname` (IPv6 in brackets) or a bare address; anything else is canonicalized the way `new URL()` does
 * (`2130706433`, `0x7f.1` and percent-encoding all become the dotted form) before it is judged.
 */
export function refusedHostReason(host: string): string | null {
  let h = host.trim().toLowerCase();
  if (h === "") return "the URL has no host";
  if (/[\s/\\?#@]/.test(h)) return `${JSON.stringify(host)} is not a host name`;
  if (!h.startsWith("[") && h.includes(":")) h = `[${h}]`;
  try {
    h = new URL(`http://${h}/`).hostname;
  } catch {
    return `${JSON.stringify(host)} is not a valid host name`;
  }
  if (h.startsWith("[")) {
    const bytes = parseIpv6(h.slice(1, -1));
    return bytes ? ipv6Reason(h, bytes) : `${h} is not a valid IPv6 address`;
  }
  h = h.replace(/\.+$/, "");
  if (h === "") return "the URL has no host";
  const v4 = parseIpv4(h);
  if (v4 !== null) {
    const range = ipv4Special(v4);
    return range ? `${h} is in ${describeRange(range)}` : null;
  }
  return nameReason(h);
}

/**
 * Why a URL must not be sent provider requests under this policy, or null. The scheme and embedded
 * credentials are checked whatever the policy; the host only when private hosts are not allowed.
 */
export function refusedUrlReason(url: URL, policy: OutboundPolicy): string | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${url.protocol} is not an http(s) URL`;
  if (url.username || url.password) return "the URL must not contain credentials";
  return policy.allowPrivateHosts ? null : refusedHostReason(url.hostname);
}
