import { z } from "zod";
import type { CredentialField } from "../../shared/api";

export const credentialsSchema = z
  .object({
    apiKey: z
      .string()
      .trim()
      .min(20, "apiKey looks too short for a Vultr API key")
      .max(200, "apiKey looks too long for a Vultr API key")
      .regex(/^[\x21-\x7e]+$/, "apiKey must not contain spaces or control characters"),
  })
  .strict();
export type VultrCredentials = z.infer<typeof credentialsSchema>;

export const credentialFields: CredentialField[] = [
  {
    name: "apiKey",
    label: "API key",
    secret: true,
    help:
      "In the Vultr customer portal open Account → API (my.vultr.com/settings/#settingsapi), enable the API and copy the Personal Access Token; " +
      "under Access Control allow the addresses EdgeDock calls from. The key acts with its user's permissions: a sub-user needs " +
      "View Subscriptions (instances, bare metal, block storage, databases, Kubernetes, reserved IPs, VPCs, snapshots, backups), " +
      "Manage DNS (domains and records), Manage Firewall (firewall groups), Manage Object Storage (object storage) and " +
      "Manage Load Balancers (load balancers). Account owners have all of them.",
  },
];
