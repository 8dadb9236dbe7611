import { z } from "zod";
import type { CredentialField } from "../../shared/api";

export const credentialsSchema = z
  .object({
    token: z
      .string()
      .trim()
      .min(20, "token looks too short for a Hetzner Cloud API token")
      .max(200)
      .regex(/^[\x21-\x7e]+$/, "token must not contain spaces or control characters"),
  })
  .strict();
export type HetznerCredentials = z.infer<typeof credentialsSchema>;

export const credentialFields: CredentialField[] = [
  {
    name: "token",
    label: "API token",
    secret: true,
    help: "Create one in the Hetzner Cloud Console: open the project, then Security → API tokens. Read-only is enough. A token sees only its own project, so connect one dock per project.",
  },
];
