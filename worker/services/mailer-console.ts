import type { Mailer } from "./mailer";

/**
 * Development only: each message becomes one JSON log line, links listed apart so a developer (or the
 * browser tests reading wrangler's output) can follow them without a mail server.
 */
export const consoleMailer: Mailer = {
  async send({ to, subject, text }) {
    const links = text.match(/https?:\/\/\S+/g) ?? [];
    console.log(JSON.stringify({ level: "info", msg: "mail", to, subject, links, text }));
  },
};
