/**
 * `npm start`: everything a fresh clone needs to run EdgeDock locally at http://localhost:8787 —
 * local secrets, the dashboard build, D1 migrations, then `wrangler dev`.
 *
 * Optional overrides, so a second instance (the browser tests, `npm run bench:web`) can run beside a
 * developer's own without sharing its port, database or secrets; unset, nothing changes:
 * - `EDGEDOCK_PORT`: the port to serve on (default 8787).
 * - `EDGEDOCK_STATE_DIR`: where the local D1 and Durable Object state live (wrangler's `--persist-to`;
 *   default `.wrangler/state`).
 * - `EDGEDOCK_DEV_VARS`: the local secrets file to write and use instead of `.dev.vars`.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const DEV_VARS = process.env.EDGEDOCK_DEV_VARS || ".dev.vars";
const PORT = process.env.EDGEDOCK_PORT || "8787";
const STATE_DIR = process.env.EDGEDOCK_STATE_DIR || undefined;

if (!/^\d{1,5}$/.test(PORT)) throw new Error(`EDGEDOCK_PORT must be a port number, not ${JSON.stringify(PORT)}`);

/** Local-only settings; a value already in the file is kept, so the credentials key survives restarts. */
function ensureDevVars(): void {
  const current = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, "utf8") : "";
  const has = (name: string) => new RegExp(`^\\s*${name}\\s*=`, "m").test(current);
  const additions: string[] = [];
  if (!has("CREDENTIALS_KEYS")) additions.push(`CREDENTIALS_KEYS="local1:${randomBytes(32).toString("base64")}"`);
  if (!has("ENVIRONMENT")) additions.push(`ENVIRONMENT="development"`);
  if (!has("ALLOW_CUSTOM_BASE_URLS")) additions.push(`ALLOW_CUSTOM_BASE_URLS="true"`);
  if (additions.length === 0) return;
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  writeFileSync(DEV_VARS, `${current}${separator}${additions.join("\n")}\n`, { mode: 0o600 });
  console.log(`[start] wrote ${additions.map((a) => a.split("=")[0]).join(", ")} to ${DEV_VARS}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`))));
  });
}

const persist = STATE_DIR ? ["--persist-to", STATE_DIR] : [];
// wrangler reads `.dev.vars` by itself; another file has to be named, and then `.dev.vars` is not read at all.
const vars = DEV_VARS === ".dev.vars" ? [] : ["--env-file", DEV_VARS];

ensureDevVars();
console.log("[start] building the dashboard");
await run("vite", ["build", "--logLevel", "warn"]);
console.log(`[start] applying D1 migrations to the local database${STATE_DIR ? ` in ${STATE_DIR}` : ""}`);
await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", ...persist], { ...process.env, CI: "true" });
console.log(`[start] serving EdgeDock at http://localhost:${PORT}`);
await run("wrangler", ["dev", "--port", PORT, ...persist, ...vars]);
