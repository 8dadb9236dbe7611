import { z } from "zod";
import { defineKind, nullableInt, nullableText } from "./define";

/** An uptime or heartbeat check; read under the monitoring area, as on-call roles see it. */
export const monitor = defineKind({
  id: "monitor",
  labels: { singular: "Monitor", plural: "Monitors" },
  group: "monitoring",
  area: "monitoring",
  attributes: z.object({ target: nullableText(), checkType: nullableText(), intervalSeconds: nullableInt() }).strict(),
  columns: [
    { key: "target", header: "Target", format: "text" },
    { key: "checkType", header: "Check", format: "text" },
  ],
});
