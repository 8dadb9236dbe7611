/**
 * The development mailer prints each message as one JSON line (`{"level":"info","msg":"mail",…}`) on the
 * app's output; these read the confirmation links back from it, as a developer would copy them.
 */
export interface LoggedMail {
  to: string;
  subject: string;
  links: string[];
}

const MARK = '{"level":"info","msg":"mail"';

function parseLine(line: string): LoggedMail | null {
  const start = line.indexOf(MARK);
  if (start < 0) return null;
  const end = line.lastIndexOf("}");
  try {
    const value: unknown = JSON.parse(line.slice(start, end + 1));
    if (typeof value !== "object" || value === null) return null;
    const { to, subject, links } = value as Record<string, unknown>;
    if (typeof to !== "string" || typeof subject !== "string" || !Array.isArray(links)) return null;
    return { to, subject, links: links.filter((l): l is string => typeof l === "string") };
  } catch {
    return null;
  }
}

/** Every mail in the output, oldest first. */
export function mailsIn(output: string): LoggedMail[] {
  return output
    .split("\n")
    .map(parseLine)
    .filter((m): m is LoggedMail => m !== null);
}

/** The newest confirmation link mailed to `to`, waiting for it to be printed (mail is sent after the response). */
export async function waitForConfirmationLink(read: () => string, to: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const link = mailsIn(read())
      .filter((m) => m.to === to.toLowerCase())
      .flatMap((m) => m.links)
      .filter((l) => l.includes("/verify-email#token="))
      .at(-1);
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no confirmation link for ${to} in the app's output within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
