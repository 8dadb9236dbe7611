import { createApp } from "./app";
import { configFrom } from "./env";
import { createDb } from "./db/client";
import { registerRoutes } from "./routes";
import { reencryptStaleCredentials } from "./services/credential-rotation";

export { OrgHub } from "../durable-objects/org-hub";

export const app = createApp(registerRoutes);

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    // Key rotation heals itself: each run re-encrypts a bounded batch of docks sealed with an older key.
    ctx.waitUntil(
      reencryptStaleCredentials(createDb(env.DB), configFrom(env)).then(({ reencrypted, remaining }) => {
        if (reencrypted > 0 || remaining) console.log(JSON.stringify({ level: "info", msg: "credentials re-encrypted", reencrypted, remaining }));
      }),
    );
  },
} satisfies ExportedHandler<Env>;
