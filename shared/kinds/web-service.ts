import { z } from "zod";
import { defineKind, nullableText } from "./define";

/** Something a platform runs from code: a Vercel or Netlify site, a Render service, a Fly app, a Coolify application. */
export const webService = defineKind({
  id: "web_service",
  labels: { singular: "Web service", plural: "Web services" },
  group: "apps",
  area: "resources",
  attributes: z.object({ framework: nullableText(), repository: nullableText(), branch: nullableText() }).strict(),
  columns: [
    { key: "framework", header: "Framework", format: "text" },
    { key: "repository", header: "Repository", format: "text" },
    { key: "branch", header: "Branch", format: "text" },
  ],
});
