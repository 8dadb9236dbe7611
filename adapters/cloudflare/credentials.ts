import { z } from "zod";
import type { CredentialField } from "../../shared/api";

export const credentialsSchema = z
  .object({
    token: z
      .string()
      .trim()
      .min(20, "token looks too short for a Cloudflare API token")
      .max(255)
      .regex(/^[\x21-\x7e]+$/, "token must not contain spaces or control characters"),
    // Only for account-owned tokens, which can neither verify at /user/tokens/verify nor list /accounts.
    accountId: z
      .string()
      .trim()
      .regex(/^([0-9a-f]{32})?$/i, "accountId must be a 32-character Cloudflare account ID, or empty for a user token")
      .default(""),
  })
  .strict();
export type CloudflareCredentials = z.infer<typeof credentialsSchema>;

/** The read permission each listing needs, in the names of Cloudflare's token form ("Accepted Permissions"). */
export const PERMISSIONS = {
  zone: "Zone Read",
  dns: "DNS Read",
  workers: "Workers Scripts Read",
  pages: "Pages Read",
  r2: "Workers R2 Storage Read",
  d1: "D1 Read",
  loadBalancers: "Load Balancers Read",
  ssl: "SSL and Certificates Read",
} as const;

export const READ_PERMISSIONS: readonly string[] = Object.values(PERMISSIONS);

export const credentialFields: CredentialField[] = [
  {
    name: "token",
    label: "API token",
    secret: true,
    help:
      "Create one in the Cloudflare dashboard under My Profile → API Tokens (a user token) or Manage Account → Account API Tokens (an account-owned token), " +
      'for example from the "Read all resources" template. The read permissions used: Zone → Zone Read (zones), Zone → DNS Read (DNS records), ' +
      "Account → Workers Scripts Read (Workers), Account → Cloudflare Pages Read (Pages projects and deployments), Account → Workers R2 Storage Read (R2 buckets), " +
      "Account → D1 Read (D1 databases), Zone → Load Balancers Read (load balancers) and Zone → SSL and Certificates Read (edge certificates and custom hostnames), for the accounts and zones the dock should see. A kind whose permission is missing is skipped and named.",
    placeholder: "Cloudflare API token",
  },
  {
    name: "accountId",
    label: "Account ID (account-owned tokens only)",
    secret: false,
    help: "Leave empty for a user token: the dock then covers the accounts it sees. An account-owned token needs its account's ID, shown on the account's Overview page in the dashboard.",
    placeholder: "023e105f4ecef8ad9ca31a8372d0c353",
  },
];
