import type { Context } from "hono";
import type { AppEnv } from "../context";
import type { Config } from "../../core/config";
import { consoleMailer } from "./mailer-console";
import { outboxMailer } from "./mailer-outbox";
import { resendMailer } from "./mailer-resend";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where account mail goes; each installation picks one through its configuration (`mailerFor`). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export type MailerChoice = { mailer: Mailer; problem?: undefined } | { mailer?: undefined; problem: string };

const trimmed = (value: string | undefined) => value?.trim() || undefined;

/**
 * The configured mailer: Resend when MAIL_FROM and RESEND_API_KEY are set, otherwise the console in
 * development and the in-memory outbox in tests. Production without a mailer gets a problem to report
 * instead, never a fallback that would print links into the logs.
 */
export function mailerFor(config: Config): MailerChoice {
  const from = trimmed(config.MAIL_FROM);
  const apiKey = trimmed(config.RESEND_API_KEY);
  if (from && apiKey) return { mailer: resendMailer({ apiKey, from }) };
  if (from || apiKey) return { problem: "account mail is misconfigured: MAIL_FROM and RESEND_API_KEY must be set together" };
  if (config.ENVIRONMENT === "development") return { mailer: consoleMailer };
  if (config.ENVIRONMENT === "test") return { mailer: outboxMailer };
  return { problem: "this installation cannot send email yet (set MAIL_FROM and the RESEND_API_KEY secret), so new accounts cannot be confirmed" };
}

/**
 * Sends after the response: how long the mail API takes must not tell a caller which kind of mail (a
 * confirmation link or a notice to an existing owner) went out. Failures are logged without the text,
 * which holds a link that signs its reader in.
 */
export function sendInBackground(c: Context<AppEnv>, mailer: Mailer, message: MailMessage, purpose: string): void {
  const sending = mailer.send(message).catch((err: unknown) => {
    console.error(JSON.stringify({ level: "error", msg: "mail not sent", purpose, error: err instanceof Error ? err.message : String(err) }));
  });
  c.executionCtx.waitUntil(sending);
}
