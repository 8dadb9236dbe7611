import { z } from "zod";
import type { Mailer } from "./mailer";

export const RESEND_EMAILS_URL = "https://api.resend.com/emails";
const SEND_TIMEOUT_MS = 10_000;

// Resend's error body: { statusCode, name, message }; only the message is worth repeating.
const resendErrorSchema = z.object({ message: z.string() });

export class MailError extends Error {
  override name = "MailError";
}

/**
 * Production mail through Resend's `POST /emails` (Bearer API key, JSON `{ from, to: [..], subject, text }`,
 * 200 with the message id). Plain text only: nothing a user typed is ever rendered as HTML in a mail.
 */
export function resendMailer(options: { apiKey: string; from: string; fetch?: typeof fetch }): Mailer {
  const send = options.fetch ?? fetch;
  return {
    async send({ to, subject, text }) {
      const res = await send(RESEND_EMAILS_URL, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          "content-type": "application/json",
          // Resend refuses requests without a User-Agent.
          "user-agent": "EdgeDock",
        },
        body: JSON.stringify({ from: options.from, to: [to], subject, text }),
        redirect: "manual",
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (res.ok) return;
      const body = resendErrorSchema.safeParse(await res.json().catch(() => null));
      throw new MailError(`Resend refused the message (HTTP ${res.status})${body.success ? `: ${body.data.message.slice(0, 200)}` : ""}`);
    },
  };
}
