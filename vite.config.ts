import { fileURLToPath } from "node:url";
import { cloudflare } from "@cloudflare/vite-plugin";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  // Absolute so `vite` behaves the same whichever directory it is started from.
  root: fileURLToPath(new URL("./web", import.meta.url)),
  build: {
    // One level up from web/: dist/client (the dashboard, the Worker's static assets) and dist/edgedock.
    outDir: "../dist",
    emptyOutDir: true,
  },
  plugins: [
    react(),
    tailwindcss(),
    // Runs the Worker (API, OrgHub, webhooks) in workerd behind the dev server, so one origin serves everything.
    cloudflare({
      configPath: fileURLToPath(new URL("./wrangler.toml", import.meta.url)),
      // The same local D1 and Durable Object state as `npm start` (wrangler dev), so both see one database.
      persistState: { path: fileURLToPath(new URL("./.wrangler/state", import.meta.url)) },
    }),
  ],
});
