import { z } from "zod";
import { defineKind, nullableInt } from "./define";

/** Object storage: an R2, Spaces or S3-compatible bucket. */
export const bucket = defineKind({
  id: "bucket",
  labels: { singular: "Bucket", plural: "Buckets" },
  group: "storage",
  area: "resources",
  attributes: z.object({ storageBytes: nullableInt(), objectCount: nullableInt() }).strict(),
  columns: [
    { key: "storageBytes", header: "Stored", format: "bytes" },
    { key: "objectCount", header: "Objects", format: "number" },
  ],
});
