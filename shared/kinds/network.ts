import { z } from "zod";
import { defineKind, nullableBoolean, nullableInt, nullableText } from "./define";

/** A private network: a DigitalOcean or Vultr VPC, a Hetzner network, a Linode VPC. */
export const network = defineKind({
  id: "network",
  labels: { singular: "Private network", plural: "Private networks" },
  group: "network",
  area: "resources",
  attributes: z
    .object({
      ipRange: nullableText(),
      /** How many resources are attached, where the provider says. */
      attachedCount: nullableInt(),
      isDefault: nullableBoolean(),
      description: nullableText(),
    })
    .strict(),
  columns: [
    { key: "ipRange", header: "IP range", format: "text" },
    { key: "attachedCount", header: "Attached", format: "number" },
  ],
});
