import { describe, expect, it } from "vitest";
import type { ApiError } from "../lib/errors";
import type { Config } from "../../core/config";
import { checkBaseUrl } from "./base-url-policy";
import { outboundPolicyOf } from "../../core/outbound";

const config = (overrides: Partial<Config>): Config => ({ CREDENTIALS_KEYS: "k", ALLOW_CUSTOM_BASE_URLS: true, ENVIRONMENT: "production", ...overrides });

function refusal(baseUrl: string, overrides: Partial<Config> = {}): ApiError {
  try {
    checkBaseUrl(config(overrides), baseUrl);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error(`${baseUrl} was accepted`);
}

describe("checkBaseUrl", () => {
  it("is refused entirely when custom base URLs are off", () => {
    expect(() => checkBaseUrl(config({ ALLOW_CUSTOM_BASE_URLS: false }), "https://api.example.com")).toThrow(/disabled/);
    expect(checkBaseUrl(config({ ALLOW_CUSTOM_BASE_URLS: false }), undefined)).toBeNull();
  });
  it("refuses loopback and private addresses in production but allows them in development", () => {
    expect(() => checkBaseUrl(config({}), "http://127.0.0.1:9000")).toThrow(/private and loopback/);
    expect(() => checkBaseUrl(config({}), "http://169.254.169.254/latest")).toThrow(/private and loopback/);
    expect(checkBaseUrl(config({ ENVIRONMENT: "development" }), "http://127.0.0.1:9000/")).toBe("http://127.0.0.1:9000");
    expect(checkBaseUrl(config({ ENVIRONMENT: "test" }), "http://127.0.0.1.nip.io:9000/")).toBe("http://127.0.0.1.nip.io:9000");
  });
  it("answers 400 naming baseUrl with the reason the host is refused", () => {
    const err = refusal("https://169.254.169.254.nip.io/v2");
    expect(err).toMatchObject({ code: "bad_request", status: 400 });
    expect(err.message).toBe("invalid body: baseUrl: private and loopback addresses are refused: 169.254.169.254.nip.io is under nip.io, a wildcard-DNS service that maps names to arbitrary addresses");
    expect(err.details).toEqual({ issues: [{ field: "baseUrl", message: expect.stringMatching(/^private and loopback addresses are refused: 169\.254\.169\.254\.nip\.io/) }] });
    // Written the way `new URL()` reads it: the integer form of 127.0.0.1 is 127.0.0.1.
    expect(refusal("http://2130706433:8080").message).toMatch(/: 127\.0\.0\.1 is in 127\.0\.0\.0\/8 \(loopback\)$/);
    expect(refusal("http://[::ffff:7f00:1]").message).toMatch(/: \[::ffff:7f00:1\] is in ::ffff:0:0\/96 \(IPv4-mapped\) and carries 127\.0\.0\.1, which is in 127\.0\.0\.0\/8 \(loopback\)$/);
  });
  it("accepts a public https endpoint and refuses embedded credentials", () => {
    expect(checkBaseUrl(config({}), "https://coolify.example.com/")).toBe("https://coolify.example.com");
    expect(checkBaseUrl(config({}), "https://[2606:4700::1111]/api/")).toBe("https://[2606:4700::1111]/api");
    expect(() => checkBaseUrl(config({}), "https://user:pw@coolify.example.com")).toThrow(/credentials/);
  });
});

describe("outboundPolicyOf", () => {
  it("allows private hosts only in development and test", () => {
    expect(outboundPolicyOf(config({ ENVIRONMENT: "production" }))).toEqual({ allowPrivateHosts: false });
    expect(outboundPolicyOf(config({ ENVIRONMENT: "development" }))).toEqual({ allowPrivateHosts: true });
    expect(outboundPolicyOf(config({ ENVIRONMENT: "test" }))).toEqual({ allowPrivateHosts: true });
  });
});
