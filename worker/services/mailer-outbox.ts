import type { MailMessage, Mailer } from "./mailer";

/** Bounded, so a long test run cannot grow it without end; tests read only what they just caused. */
const KEEP = 500;
const outbox: MailMessage[] = [];

/**
 * The test suite's mailer (ENVIRONMENT=test): messages stay in this isolate's memory, where the tests,
 * which run in the same isolate as the Worker, read them back.
 */
export const outboxMailer: Mailer = {
  async send(message) {
    outbox.push({ ...message });
    if (outbox.length > KEEP) outbox.splice(0, outbox.length - KEEP);
  },
};

/** Every kept message to the address, oldest first. */
export function mailTo(to: string): MailMessage[] {
  const address = to.toLowerCase();
  return outbox.filter((m) => m.to.toLowerCase() === address);
}
