import { z } from "zod";
import { defineKind, nullableInt, nullableText } from "./define";

/** An error-tracker issue (Sentry); it belongs to the provider's project. Read under the monitoring area. */
export const issue = defineKind({
  id: "issue",
  labels: { singular: "Issue", plural: "Issues" },
  group: "monitoring",
  area: "monitoring",
  attributes: z.object({ project: nullableText(), level: nullableText(), occurrences: nullableInt(), lastSeenAt: nullableText() }).strict(),
  columns: [
    { key: "project", header: "Project", format: "text" },
    { key: "level", header: "Level", format: "text" },
    { key: "occurrences", header: "Occurrences", format: "number" },
  ],
  parents: ["project"],
  // An issue the tracker stops listing has, as a rule, been resolved or ignored there, not destroyed.
  activity: { created: "Opened", deleted: "Closed" },
});
