import { z } from "zod";
import { defineKind, nullableBoolean, nullableText } from "./define";

/** A reserved, floating or primary address the provider lists on its own. */
export const ipAddress = defineKind({
  id: "ip_address",
  labels: { singular: "IP address", plural: "IP addresses" },
  group: "network",
  area: "resources",
  attributes: z.object({ ip: z.string(), family: z.enum(["ipv4", "ipv6"]), assignedTo: nullableText(), blocked: nullableBoolean() }).strict(),
  columns: [
    { key: "ip", header: "Address", format: "text" },
    { key: "family", header: "Family", format: "text" },
    { key: "assignedTo", header: "Assigned to", format: "text" },
  ],
});
