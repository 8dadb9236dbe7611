import { z } from "zod";
import { defineKind, nullableText, textList } from "./define";

/** A TLS certificate the provider holds for load balancers or CDNs (DigitalOcean, Hetzner, Vercel). */
export const certificate = defineKind({
  id: "certificate",
  labels: { singular: "Certificate", plural: "Certificates" },
  group: "network",
  area: "resources",
  attributes: z
    .object({
      domains: textList(),
      expiresAt: nullableText(),
      /** Managed (issued and renewed by the provider, e.g. Let's Encrypt) or uploaded. */
      type: nullableText(),
      issuer: nullableText(),
    })
    .strict(),
  columns: [
    { key: "domains", header: "Domains", format: "list" },
    { key: "expiresAt", header: "Expires", format: "date" },
    { key: "type", header: "Type", format: "text" },
  ],
});
