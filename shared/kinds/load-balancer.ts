import { z } from "zod";
import { defineKind, nullableText, textList } from "./define";

export const loadBalancer = defineKind({
  id: "load_balancer",
  labels: { singular: "Load balancer", plural: "Load balancers" },
  group: "network",
  area: "resources",
  attributes: z.object({ ipv4: nullableText(), ipv6: nullableText(), algorithm: nullableText(), type: nullableText(), targets: textList() }).strict(),
  columns: [
    { key: "ipv4", header: "IPv4", format: "text" },
    { key: "algorithm", header: "Algorithm", format: "text" },
  ],
});
