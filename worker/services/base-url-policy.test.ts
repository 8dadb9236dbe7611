import { describe, expect, it } from "vitest";
import type { Config } from "../env";
import { checkBaseUrl, isPrivateHost } from "./base-url-policy";

const config = (overrides: Partial<Config>): Config => ({ CREDENTIALS_KEYS: "k", ALLOW_CUSTOM_BASE_URLS: true, ENVIRONMENT: "production", ...overrides });

describe("isPrivateHost", () => {
  it.each(["localhost", "api.localhost", "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "[::1]", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "db.internal", "printer.local"])(
    "%s is private",
    (host) => expect(isPrivateHost(host)).toBe(true),
  );
  it.each(["api.digitalocean.com", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "coolify.example.com"])("%s is public", (host) =>
    expect(isPrivateHost(host)).toBe(false),
  );
});

describe("checkBaseUrl", () => {
  it("is refused entirely when custom base URLs are off", () => {
    expect(() => checkBaseUrl(config({ ALLOW_CUSTOM_BASE_URLS: false }), "https://api.example.com")).toThrow(/disabled/);
    expect(checkBaseUrl(config({ ALLOW_CUSTOM_BASE_URLS: false }), undefined)).toBeNull();
  });
  it("refuses loopback and private addresses in production but allows them in development", () => {
    expect(() => checkBaseUrl(config({}), "http://127.0.0.1:9000")).toThrow(/private and loopback/);
    expect(() => checkBaseUrl(config({}), "http://169.254.169.254/latest")).toThrow(/private and loopback/);
    expect(checkBaseUrl(config({ ENVIRONMENT: "development" }), "http://127.0.0.1:9000/")).toBe("http://127.0.0.1:9000");
  });
  it("accepts a public https endpoint and refuses embedded credentials", () => {
    expect(checkBaseUrl(config({}), "https://coolify.example.com/")).toBe("https://coolify.example.com");
    expect(() => checkBaseUrl(config({}), "https://user:pw@coolify.example.com")).toThrow(/credentials/);
  });
});
