import { z } from "zod";
import { defineKind, nullableInt, nullableText, textList } from "./define";

/** A virtual or dedicated machine: a droplet, a Hetzner cloud server, a Linode, a Vultr instance, a Fly machine. */
export const server = defineKind({
  id: "server",
  labels: { singular: "Server", plural: "Servers" },
  group: "compute",
  area: "resources",
  attributes: z
    .object({
      ipv4: nullableText(),
      ipv6: nullableText(),
      privateIpv4: nullableText(),
      vcpus: nullableInt(),
      memoryMb: nullableInt(),
      diskGb: nullableInt(),
      image: nullableText(),
      size: nullableText(),
      tags: textList(),
    })
    .strict(),
  columns: [
    { key: "ipv4", header: "IPv4", format: "text" },
    { key: "size", header: "Size", format: "text" },
    { key: "image", header: "Image", format: "text" },
  ],
});
