import { z } from "zod";
import { defineKind, nullableText } from "./define";

/**
 * A provider's own grouping: a Vercel, Neon, Sentry, Supabase or Convex project. (EdgeDock's projects, which
 * group resources across providers, are something else.) Where it is hosted is the common `region` field.
 */
export const project = defineKind({
  id: "project",
  labels: { singular: "Project", plural: "Projects" },
  group: "apps",
  area: "resources",
  attributes: z
    .object({
      description: nullableText(),
      /** The framework or platform the provider records for it (Vercel's framework, Sentry's platform). */
      platform: nullableText(),
      /** The short name the provider uses in its URLs. */
      slug: nullableText(),
    })
    .strict(),
  columns: [
    { key: "platform", header: "Platform", format: "text" },
    { key: "description", header: "Description", format: "text" },
  ],
});
