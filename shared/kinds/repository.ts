import { z } from "zod";
import { defineKind, nullableInt, nullableText } from "./define";

/** A code repository (GitHub, GitLab); its external id is the provider's numeric id, which deployments and runs name. */
export const repository = defineKind({
  id: "repository",
  labels: { singular: "Repository", plural: "Repositories" },
  group: "code",
  area: "resources",
  attributes: z
    .object({
      fullName: z.string(),
      defaultBranch: nullableText(),
      private: z.boolean(),
      language: nullableText(),
      archived: z.boolean(),
      fork: z.boolean(),
      stars: nullableInt(),
      pushedAt: nullableText(),
    })
    .strict(),
  columns: [
    { key: "language", header: "Language", format: "text" },
    { key: "defaultBranch", header: "Default branch", format: "text" },
    { key: "private", header: "Private", format: "boolean" },
  ],
});
