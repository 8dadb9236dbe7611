import { describe, expect, it } from "vitest";
import { outboundPolicyFor, parseIpv6, PRODUCTION_OUTBOUND, refusedHostReason, refusedUrlReason } from "./outbound-policy";

const hex = (bytes: Uint8Array | null) => (bytes ? Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") : null);

describe("refusedHostReason", () => {
  it.each(["localhost", "api.localhost", "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "[::1]", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "db.internal", "printer.local"])(
    "%s is refused",
    (host) => expect(refusedHostReason(host)).not.toBeNull(),
  );
  it.each(["api.digitalocean.com", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "coolify.example.com", "deadbeef.example.com", "1-2-3-4.example.com"])("%s is public", (host) =>
    expect(refusedHostReason(host)).toBeNull(),
  );

  it("says which range or rule refused the host", () => {
    expect(refusedHostReason("10.1.2.3")).toBe("10.1.2.3 is in 10.0.0.0/8 (private-use)");
    expect(refusedHostReason("[fe80::1]")).toBe("[fe80::1] is in fe80::/10 (link-local)");
    expect(refusedHostReason("[2002:a00:1::]")).toBe("[2002:a00:1::] is in 2002::/16 (6to4) and carries 10.0.0.1, which is in 10.0.0.0/8 (private-use)");
    expect(refusedHostReason("printer")).toBe("printer is a single-label name, which only resolves on a local network");
    expect(refusedHostReason("nas.home.arpa")).toBe("nas.home.arpa is under .home.arpa, a special-use or private name");
    expect(refusedHostReason("ip-10-0-0-1.eu.example.com")).toBe("ip-10-0-0-1.eu.example.com spells 10.0.0.1, which is in 10.0.0.0/8 (private-use)");
    expect(refusedHostReason("[::ffff:0:7f00:1]")).toBe("[::ffff:0:7f00:1] is outside 2000::/3 (not global unicast)");
  });

  it("judges the IPv4 address an IPv4-mapped, compatible, NAT64 or 6to4 address carries, not the form", () => {
    expect(refusedHostReason("[::ffff:1.1.1.1]")).toBeNull();
    expect(refusedHostReason("[64:ff9b::101:101]")).toBeNull();
    expect(refusedHostReason("[2002:101:101::1]")).toBeNull();
    expect(refusedHostReason("[64:ff9b::10.0.0.1]")).toMatch(/carries 10\.0\.0\.1/);
  });

  it("reads hosts the way new URL() does, trailing dots and percent-encoding included", () => {
    expect(refusedHostReason("LOCALHOST.")).toBe("localhost is a loopback name");
    expect(refusedHostReason("%31%32%37.0.0.1")).toBe("127.0.0.1 is in 127.0.0.0/8 (loopback)");
    expect(refusedHostReason("0x7f.1")).toBe("127.0.0.1 is in 127.0.0.0/8 (loopback)");
    expect(refusedHostReason("evil.com@127.0.0.1")).toMatch(/is not a host name/);
    expect(refusedHostReason("")).toBe("the URL has no host");
  });
});

describe("parseIpv6", () => {
  it("parses every RFC 4291 text form to 16 bytes", () => {
    expect(hex(parseIpv6("::"))).toBe("0".repeat(32));
    expect(hex(parseIpv6("::1"))).toBe(`${"0".repeat(31)}1`);
    expect(hex(parseIpv6("1:2:3:4:5:6:7:8"))).toBe("00010002000300040005000600070008");
    expect(hex(parseIpv6("2001:DB8::ff00:42:8329"))).toBe("20010db8000000000000ff0000428329");
    expect(hex(parseIpv6("::ffff:192.0.2.128"))).toBe("00000000000000000000ffffc0000280");
    expect(hex(parseIpv6("fe80::"))).toBe(`fe80${"0".repeat(28)}`);
    expect(hex(parseIpv6("1::8"))).toBe("00010000000000000000000000000008");
  });
  it.each(["", "1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1::", "1::2:", "::1.2.3", "::256.0.0.1", "1:2:3:4:5:6:7::8", "::g", "fe80::1%eth0"])("%j is not an IPv6 address", (text) =>
    expect(parseIpv6(text)).toBeNull(),
  );
});

describe("refusedUrlReason", () => {
  it("checks scheme and embedded credentials under every policy, the host only in production", () => {
    const dev = { allowPrivateHosts: true };
    expect(refusedUrlReason(new URL("ftp://api.example.com/"), dev)).toBe("ftp: is not an http(s) URL");
    expect(refusedUrlReason(new URL("https://u:p@api.example.com/"), dev)).toBe("the URL must not contain credentials");
    expect(refusedUrlReason(new URL("http://127.0.0.1:8080/"), dev)).toBeNull();
    expect(refusedUrlReason(new URL("http://127.0.0.1:8080/"), PRODUCTION_OUTBOUND)).toBe("127.0.0.1 is in 127.0.0.0/8 (loopback)");
    expect(refusedUrlReason(new URL("https://api.digitalocean.com/v2"), PRODUCTION_OUTBOUND)).toBeNull();
  });
  it("treats every environment but development and test as production", () => {
    expect(outboundPolicyFor("development")).toEqual({ allowPrivateHosts: true });
    expect(outboundPolicyFor("test")).toEqual({ allowPrivateHosts: true });
    for (const environment of ["production", "staging", "", undefined]) expect(outboundPolicyFor(environment)).toBe(PRODUCTION_OUTBOUND);
  });
});
