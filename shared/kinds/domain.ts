import { z } from "zod";
import { defineKind, nullableInt, nullableText, textList } from "./define";

/** A DNS zone a provider hosts. Its external id is the domain name, which its records name as their parent. */
export const domain = defineKind({
  id: "domain",
  labels: { singular: "Domain", plural: "Domains" },
  group: "network",
  area: "resources",
  attributes: z.object({ expiresAt: nullableText(), nameservers: textList(), ttl: nullableInt() }).strict(),
  columns: [
    { key: "expiresAt", header: "Expires", format: "date" },
    { key: "nameservers", header: "Nameservers", format: "list" },
  ],
});
