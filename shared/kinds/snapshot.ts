import { z } from "zod";
import { defineKind, nullableNumber, nullableText } from "./define";

/** A snapshot someone took of a server or volume (provider backups on a schedule are `backup`). */
export const snapshot = defineKind({
  id: "snapshot",
  labels: { singular: "Snapshot", plural: "Snapshots" },
  group: "storage",
  area: "resources",
  attributes: z
    .object({
      /** The provider's id or name of what it was taken of; the source may be gone since. */
      source: nullableText(),
      sizeGb: nullableNumber(),
      /** What it was taken of: server, volume… */
      type: nullableText(),
    })
    .strict(),
  columns: [
    { key: "source", header: "Source", format: "text" },
    { key: "type", header: "Type", format: "text" },
    { key: "sizeGb", header: "Size", format: "number", unit: "GB" },
  ],
  activity: { created: "Taken" },
  // The server it was taken of, where the provider says and it is still there (Hetzner `created_from`).
  parents: ["server"],
});
