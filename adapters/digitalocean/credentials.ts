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

/** Every read scope the adapter uses: `account:read` to check the token, then each kind's (see the manifest's `scopes`). */
export const READ_SCOPES = [
  "account:read",
  "droplet:read",
  "block_storage:read",
  "domain:read",
  "database:read",
  "load_balancer:read",
  "cdn:read",
  "firewall:read",
  "snapshot:read",
  "image:read",
  "vpc:read",
  "reserved_ip:read",
  "certificate:read",
  "kubernetes:read",
  "app:read",
  "uptime:read",
] as const;

export const credentialFields: CredentialField[] = [
  {
    name: "token",
    label: "Personal access token",
    secret: true,
    help: `Create one under API → Tokens in the DigitalOcean control panel. Read access is enough; a custom-scoped token needs ${READ_SCOPES.join(", ")}. A kind whose scope is missing is skipped and named.`,
    placeholder: "dop_v1_…",
  },
];
