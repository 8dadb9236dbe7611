import { z } from "zod";
import { defineKind, nullableInt, textList } from "./define";

/**
 * A cloud firewall (DigitalOcean, Hetzner, Linode, Vultr firewall groups). Rules are counted rather than copied:
 * their sources and ports are the provider console's business, how many there are tells whether one is open.
 */
export const firewall = defineKind({
  id: "firewall",
  labels: { singular: "Firewall", plural: "Firewalls" },
  group: "network",
  area: "resources",
  attributes: z
    .object({
      inboundRules: nullableInt(),
      outboundRules: nullableInt(),
      /** Provider ids of the resources it applies to by name (servers, droplets, Linodes). */
      attachedTo: textList(),
      /** Tags or label selectors it applies to, which cover resources without naming them. */
      appliesToTags: textList(),
    })
    .strict(),
  columns: [
    { key: "inboundRules", header: "Inbound rules", format: "number" },
    { key: "outboundRules", header: "Outbound rules", format: "number" },
    { key: "attachedTo", header: "Attached to", format: "list" },
  ],
});
