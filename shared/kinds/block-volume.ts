import { z } from "zod";
import { defineKind, nullableInt, nullableText, textList } from "./define";

/** Block storage attached to servers. */
export const blockVolume = defineKind({
  id: "block_volume",
  labels: { singular: "Volume", plural: "Volumes" },
  group: "storage",
  area: "resources",
  attributes: z.object({ sizeGb: nullableInt(), attachedTo: textList(), filesystem: nullableText(), description: nullableText() }).strict(),
  columns: [
    { key: "sizeGb", header: "Size", format: "number", unit: "GB" },
    { key: "attachedTo", header: "Attached to", format: "list" },
  ],
});
