import { z } from "zod";
import type { CredentialField } from "../../shared/api";

export const credentialsSchema = z
  .object({
    token: z
      .string()
      .trim()
      .min(20, "token looks too short for a DigitalOcean API token")
      .max(200)
      .regex(/^[\x21-\x7e]+$/, "token must not contain spaces or control characters"),
  })
  .strict();
export type DigitalOceanCredentials = z.infer<typeof credentialsSchema>;

export const credentialFields: CredentialField[] = [
  {
    name: "token",
    label: "Personal access token",
    secret: true,
    help: "Create one under API → Tokens in the DigitalOcean control panel. Read scope is enough (account:read, droplet:read, …).",
    placeholder: "dop_v1_…",
  },
];
