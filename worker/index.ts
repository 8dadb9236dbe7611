import { createApp } from "./app";
import { configFrom } from "../core/config";
import { createDb } from "../core/db/client";
import { registerRoutes } from "./routes";
import { reencryptStaleCredentials } from "./services/credential-rotation";
import { rearmOverdue } from "./services/cron";
import { forgetOldDeliveries } from "./services/webhook-deliveries";

export { OrgHub } from "../durable-objects/org-hub";

export const app = createApp(registerRoutes);

const log = (msg: string, fields: Record<string, unknown>) => console.log(JSON.stringify({ level: "info", msg, ...fields }));

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    const db = createDb(env.DB);
    // A lost alarm heals here: only organizations with overdue docks are touched.
    ctx.waitUntil(
      rearmOverdue(env, db).then((r) => {
        if (r.rearmed > 0 || r.failed > 0) log("re-armed overdue organizations", r);
      }),
    );
    ctx.waitUntil(forgetOldDeliveries(db));
    // Key rotation heals itself too: each run re-encrypts a bounded batch of docks sealed with an older key.
    ctx.waitUntil(
      reencryptStaleCredentials(db, configFrom(env)).then(({ reencrypted, remaining }) => {
        if (reencrypted > 0 || remaining) log("credentials re-encrypted", { reencrypted, remaining });
      }),
    );
  },
} satisfies ExportedHandler<Env>;
