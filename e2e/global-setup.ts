/**
 * Starts the app (`npm start`: build, migrations, `wrangler dev`) and the provider fakes (`npm run sim`)
 * on ports of their own with throwaway state, so the suite runs beside a developer's `npm start` without
 * touching its database; stops both afterwards, whether the tests passed or not.
 */
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { LOG_DIR, SCREENSHOT_DIR } from "./paths";
import { startStack } from "./stack";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    doBaseUrl: string;
    doToken: string;
    /** The Vultr fake's, as `npm run sim` prints them. */
    vultrBaseUrl: string;
    vultrToken: string;
    /** The app's output, where the development mailer prints confirmation links. */
    appLogPath: string;
  }
}

/** A port from the environment, or undefined to let the stack pick free ones. */
const port = (name: string) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65_533) throw new Error(`${name} must be a port number`);
  return value;
};

export default async function setup(project: TestProject) {
  // Each run's screenshots replace the last run's, so the folder never mixes two versions of the UI.
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  const started = Date.now();
  const stack = await startStack({
    appPort: port("E2E_PORT"),
    simPort: port("E2E_SIM_PORT"),
    verbose: process.env.E2E_VERBOSE === "1",
    logDir: LOG_DIR,
  });
  console.log(`[e2e] app at ${stack.appUrl}, fakes from ${stack.digitalocean.baseUrl}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("appUrl", stack.appUrl);
  project.provide("doBaseUrl", stack.digitalocean.baseUrl);
  project.provide("doToken", stack.digitalocean.token);
  const vultr = stack.sims.vultr;
  if (!vultr) throw new Error("npm run sim printed no Vultr fake");
  project.provide("vultrBaseUrl", vultr.baseUrl);
  project.provide("vultrToken", vultr.token);
  project.provide("appLogPath", stack.appLogPath);
  return () => stack.stop();
}
