import { asSentence } from "./format";

/** What to show when a shared schema rejects a form: its first complaint, as a sentence. */
export function firstIssueMessage(error: { issues: ReadonlyArray<{ message: string }> }): string {
  const message = error.issues[0]?.message;
  return message ? asSentence(message) : "Check the form and try again.";
}
