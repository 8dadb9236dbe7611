import { z } from "zod";
import { defineKind, nullableText } from "./define";

/**
 * One deployment of code to an environment. It belongs to what was deployed: a repository (GitHub), a web
 * service (Render, Netlify) or a project (Vercel, Convex).
 */
export const deployment = defineKind({
  id: "deployment",
  labels: { singular: "Deployment", plural: "Deployments" },
  group: "apps",
  area: "resources",
  attributes: z
    .object({ repository: z.string(), environment: nullableText(), ref: nullableText(), sha: nullableText(), creator: nullableText(), latestState: nullableText() })
    .strict(),
  columns: [
    { key: "environment", header: "Environment", format: "text" },
    { key: "latestState", header: "Latest state", format: "text" },
    { key: "repository", header: "Repository", format: "text" },
  ],
  parents: ["web_service", "repository", "project"],
  activity: { created: "Deployed", deleted: "Removed" },
});
