import { z } from "zod";
import type { CredentialField } from "../../shared/api";

export const credentialsSchema = z
  .object({
    token: z
      .string()
      .trim()
      .min(20, "token looks too short for a Linode personal access token")
      .max(200)
      .regex(/^[\x21-\x7e]+$/, "token must not contain spaces or control characters"),
  })
  .strict();
export type LinodeCredentials = z.infer<typeof credentialsSchema>;

/** The read-only scope of every area a listing reads (the manifest's `scopes` maps kinds onto them). */
export const READ_SCOPES = [
  "linodes:read_only",
  "volumes:read_only",
  "nodebalancers:read_only",
  "domains:read_only",
  "databases:read_only",
  "object_storage:read_only",
  "firewall:read_only",
  "vpc:read_only",
  "lke:read_only",
  "images:read_only",
] as const;

export const credentialFields: CredentialField[] = [
  {
    name: "token",
    label: "Personal access token",
    secret: true,
    help: `Create one in Cloud Manager under your profile → API Tokens → Create a Personal Access Token. Read Only access is enough: grant it for Linodes (servers and their backups), Volumes, NodeBalancers, Domains, Databases, Object Storage, Firewalls, VPCs, Kubernetes and Images (${READ_SCOPES.join(", ")}). An area left at "No Access" is skipped and named.`,
  },
];
