import { useState } from "react";
import type { z } from "zod";
import { firstIssueMessage } from "./first-issue";

/**
 * A form's own check before the API's, with the same shared schema: a mistake is answered at once and in the
 * API's words (`invalid`), and only input that passes is sent.
 */
export function useCheckedSubmit<S extends z.ZodType>(schema: S, send: (input: z.output<S>) => void) {
  const [invalid, setInvalid] = useState<string | null>(null);
  function submit(input: unknown): void {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setInvalid(firstIssueMessage(parsed.error));
      return;
    }
    setInvalid(null);
    send(parsed.data);
  }
  return { invalid, setInvalid, submit };
}
