import { z } from "zod";
import { defineKind, nullableInt, nullableText } from "./define";

/** One run of a CI workflow (GitHub Actions, a GitLab pipeline); it belongs to its repository. */
export const workflowRun = defineKind({
  id: "workflow_run",
  labels: { singular: "Workflow run", plural: "Workflow runs" },
  group: "code",
  area: "resources",
  attributes: z
    .object({
      /** The repository's full name ("octo-org/octo-repo"). */
      repository: z.string(),
      workflow: nullableText(),
      branch: nullableText(),
      /** What started it: push, pull_request, schedule… */
      event: nullableText(),
      /** How a finished run ended (success, failure, cancelled); null while it runs. */
      conclusion: nullableText(),
      runNumber: nullableInt(),
      headSha: nullableText(),
      startedAt: nullableText(),
    })
    .strict(),
  columns: [
    { key: "workflow", header: "Workflow", format: "text" },
    { key: "branch", header: "Branch", format: "text" },
    { key: "conclusion", header: "Conclusion", format: "text" },
  ],
  parents: ["repository"],
  activity: { created: "Started", deleted: "Removed" },
});
