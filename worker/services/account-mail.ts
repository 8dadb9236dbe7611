import type { MailMessage } from "./mailer";

// Plain text, and nothing a caller typed (a name, say) goes into it: otherwise sign-up would let anyone send
// text of their choosing, under our name, to any address.

export function verificationMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Confirm your email address for EdgeDock",
    text: [
      "Confirm that this address is yours to start using your EdgeDock account:",
      "",
      link,
      "",
      "The link works once and expires in 24 hours. Opening it signs you in.",
      "",
      "If you did not create an EdgeDock account, ignore this email: without the link the account cannot be used.",
    ].join("\n"),
  };
}

export function signupAttemptNotice(to: string, origin: string): MailMessage {
  return {
    to,
    subject: "Someone tried to sign up to EdgeDock with your address",
    text: [
      "Someone tried to create an EdgeDock account with this email address, which already has one.",
      "",
      `If it was you, log in instead: ${origin}/login`,
      "If you have not confirmed your address yet, logging in with your password sends you a new confirmation link.",
      "",
      "If it was not you, you can ignore this email; nothing was changed.",
    ].join("\n"),
  };
}
