import { z } from "zod";
import { defineKind, nullableNumber, nullableText } from "./define";

/** A backup the provider takes on a schedule (droplet or Linode backups); a snapshot someone took is a `snapshot`. */
export const backup = defineKind({
  id: "backup",
  labels: { singular: "Backup", plural: "Backups" },
  group: "storage",
  area: "resources",
  attributes: z.object({ source: nullableText(), sizeGb: nullableNumber(), type: nullableText() }).strict(),
  columns: [
    { key: "source", header: "Source", format: "text" },
    { key: "type", header: "Type", format: "text" },
  ],
  activity: { created: "Taken" },
  // The server it was taken of, where the provider says and it is still there (Hetzner `created_from`).
  parents: ["server"],
});
