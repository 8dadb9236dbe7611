import { afterEach, describe, expect, it, vi } from "vitest";
import type { Config } from "../../core/config";
import { mailerFor } from "./mailer";
import { consoleMailer } from "./mailer-console";
import { outboxMailer } from "./mailer-outbox";
import { MailError, RESEND_EMAILS_URL, resendMailer } from "./mailer-resend";

const config = (overrides: Partial<Config>): Config => ({ CREDENTIALS_KEYS: "k", ALLOW_CUSTOM_BASE_URLS: false, ENVIRONMENT: "production", ...overrides });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("choosing the mailer", () => {
  it("uses Resend when MAIL_FROM and RESEND_API_KEY are set, in any environment", () => {
    for (const ENVIRONMENT of ["production", "development", "test"] as const) {
      const choice = mailerFor(config({ ENVIRONMENT, MAIL_FROM: "EdgeDock <no-reply@example.com>", RESEND_API_KEY: "re_test" }));
      expect(choice.mailer).toBeDefined();
      expect(choice.mailer).not.toBe(consoleMailer);
      expect(choice.mailer).not.toBe(outboxMailer);
    }
  });

  it("falls back to the console in development and the outbox in tests, never in production", () => {
    expect(mailerFor(config({ ENVIRONMENT: "development" })).mailer).toBe(consoleMailer);
    expect(mailerFor(config({ ENVIRONMENT: "test", MAIL_FROM: "", RESEND_API_KEY: "" })).mailer).toBe(outboxMailer);
    const production = mailerFor(config({ ENVIRONMENT: "production", MAIL_FROM: "" }));
    expect(production.mailer).toBeUndefined();
    expect(production.problem).toMatch(/MAIL_FROM/);
    expect(production.problem).toMatch(/RESEND_API_KEY/);
  });

  it("names the missing half when only one of MAIL_FROM and RESEND_API_KEY is set", () => {
    expect(mailerFor(config({ ENVIRONMENT: "development", MAIL_FROM: "no-reply@example.com" })).problem).toMatch(/MAIL_FROM and RESEND_API_KEY must be set together/);
    expect(mailerFor(config({ RESEND_API_KEY: "re_test" })).problem).toMatch(/must be set together/);
  });
});

describe("the console mailer", () => {
  it("logs one JSON line with the recipient and the links", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    await consoleMailer.send({ to: "dev@example.com", subject: "Confirm", text: "Open\n\nhttp://localhost:8787/verify-email#token=abc_DEF-123\n\nThanks" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: "info",
      msg: "mail",
      to: "dev@example.com",
      subject: "Confirm",
      links: ["http://localhost:8787/verify-email#token=abc_DEF-123"],
      text: "Open\n\nhttp://localhost:8787/verify-email#token=abc_DEF-123\n\nThanks",
    });
  });
});

describe("the Resend mailer", () => {
  it("posts the message as Resend's send-email call expects", async () => {
    const requests: Request[] = [];
    const mailer = resendMailer({
      apiKey: "re_123",
      from: "EdgeDock <no-reply@example.com>",
      fetch: async (input, init) => {
        requests.push(new Request(input, init));
        return Response.json({ id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" });
      },
    });
    await mailer.send({ to: "owner@example.com", subject: "Hello", text: "Plain text" });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req!.url).toBe(RESEND_EMAILS_URL);
    expect(req!.url).toBe("https://api.resend.com/emails");
    expect(req!.method).toBe("POST");
    expect(req!.headers.get("authorization")).toBe("Bearer re_123");
    expect(req!.headers.get("content-type")).toBe("application/json");
    expect(req!.headers.get("user-agent")).toBe("EdgeDock");
    expect(await req!.json()).toEqual({ from: "EdgeDock <no-reply@example.com>", to: ["owner@example.com"], subject: "Hello", text: "Plain text" });
  });

  it("fails with Resend's own message, and never with the message text", async () => {
    const mailer = resendMailer({
      apiKey: "re_123",
      from: "no-reply@example.com",
      fetch: async () => Response.json({ statusCode: 403, name: "validation_error", message: "The example.com domain is not verified." }, { status: 403 }),
    });
    const sending = mailer.send({ to: "owner@example.com", subject: "Link", text: "https://app.example/verify-email#token=secret" });
    await expect(sending).rejects.toBeInstanceOf(MailError);
    await expect(sending).rejects.toThrow("Resend refused the message (HTTP 403): The example.com domain is not verified.");
    await expect(sending).rejects.not.toThrow(/secret/);
  });
});
