import { z } from "zod";
import { defineKind, nullableInt, nullableText } from "./define";

/**
 * A managed database or cluster. Where the provider groups databases under a project (Neon, Supabase), the
 * project is its parent.
 */
export const database = defineKind({
  id: "database",
  labels: { singular: "Database", plural: "Databases" },
  group: "data",
  area: "resources",
  attributes: z.object({ engine: z.string(), version: nullableText(), nodes: nullableInt(), size: nullableText(), storageMb: nullableInt() }).strict(),
  columns: [
    { key: "engine", header: "Engine", format: "text" },
    { key: "version", header: "Version", format: "text" },
    { key: "size", header: "Size", format: "text" },
  ],
  parents: ["project"],
});
