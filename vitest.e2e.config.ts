// The browser suite (`npm run test:e2e`): plain Node, no workerd — it drives Chromium against the app as
// `npm start` serves it. Kept apart from vitest.config.ts so `npm test` never starts a browser.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["./e2e/global-setup.ts"],
    // One app, one organization, one story told in order: files and tests must not interleave.
    fileParallelism: false,
    sequence: { concurrent: false },
    // A step waits on the browser and the app; each wait has its own, shorter timeout with a clear message.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The global setup builds and starts the app (usually 15–30 s; slower on a cold CI machine).
    teardownTimeout: 30_000,
  },
});
