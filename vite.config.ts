import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  // Absolute so `vite` behaves the same whichever directory it is started from.
  root: fileURLToPath(new URL("./web", import.meta.url)),
  plugins: [react(), tailwindcss()],
  build: {
    // The Worker serves this directory as its static assets.
    outDir: "../dist/web",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      // Host is kept as-is so the API sees the dashboard's own origin, as it does in production.
      "/api": { target: "http://localhost:8787", changeOrigin: false, ws: true },
    },
  },
});
