import { z } from "zod";
import { defineKind, nullableInt } from "./define";

/** One record of a hosted zone; it belongs to its domain. */
export const dnsRecord = defineKind({
  id: "dns_record",
  labels: { singular: "DNS record", plural: "DNS records" },
  group: "network",
  area: "resources",
  attributes: z
    .object({ domain: z.string(), type: z.string(), recordName: z.string(), data: z.string(), ttl: nullableInt(), priority: nullableInt() })
    .strict(),
  columns: [
    { key: "domain", header: "Domain", format: "text" },
    { key: "type", header: "Type", format: "text" },
    { key: "data", header: "Data", format: "text" },
  ],
  parents: ["domain"],
});
