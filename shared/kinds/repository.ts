import { z } from "zod";
import { defineKind, nullableInt, nullableText, textList } from "./define";

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
      /** Its deployment environments with the types of their protection rules; null when the token may not read them. */
      environments: z.array(z.object({ name: z.string(), protectionRules: textList() }).strict()).nullable().optional(),
      /** Its latest published full release (neither draft nor prerelease); null when it has none or the token may not read it. */
      latestRelease: z
        .object({ tag: z.string(), name: nullableText(), publishedAt: nullableText(), prerelease: z.boolean(), draft: z.boolean(), url: z.string() })
        .strict()
        .nullable()
        .optional(),
    })
    .strict(),
  columns: [
    { key: "language", header: "Language", format: "text" },
    { key: "defaultBranch", header: "Default branch", format: "text" },
    { key: "private", header: "Private", format: "boolean" },
  ],
});
