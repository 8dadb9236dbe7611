/**
 * The app as `npm start` serves it plus the provider fakes of `npm run sim`, each on its own ports and with
 * its own throwaway state, for the browser tests and `npm run bench:web`. Both run as process groups so
 * that stopping them also stops what they spawned (vite, wrangler, workerd).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForConfirmationLink } from "./mailbox";
import { listAdapters } from "../adapters/registry";

export interface Stack {
  /** The dashboard and API, e.g. http://localhost:8795. */
  appUrl: string;
  /** The DigitalOcean fake's base URL and the token it accepts, as `npm run sim` prints them. */
  digitalocean: { baseUrl: string; token: string };
  /** Every fake `npm run sim` printed, by provider id. */
  sims: Record<string, { baseUrl: string; token: string }>;
  /** The app's whole output (`wrangler dev` included), where the development mailer prints each mail. */
  appLogPath: string;
  /** The newest confirmation link mailed to the address, read from the development mailer's log line. */
  confirmationLink: (email: string) => Promise<string>;
  stop: () => Promise<void>;
}

export interface StackOptions {
  /** Default: a free port. */
  appPort?: number;
  /** The first of the consecutive ports `npm run sim` takes, one per registered provider. Default: a free run. */
  simPort?: number;
  /** Echo the children's output (otherwise it goes to log files, shown when something fails). */
  verbose?: boolean;
  /** Readiness deadline for the build, migrations and `wrangler dev` together. */
  startTimeoutMs?: number;
  /** Where the children's output is written (`app.log`, `sim.log`); kept after stop. Default: the throwaway state directory, removed on stop. */
  logDir?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  name: string;
  process: ChildProcess;
  logPath: string;
  output: () => string;
  /** Every whole line of output that mentions mail, kept in full (the rest is only kept as a tail). */
  mailLines: () => string;
}

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, verbose: boolean): Child {
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  let text = "";
  let mail = "";
  // One per stream, so a line of stdout is never glued to a piece of stderr.
  const taker = () => {
    let partial = "";
    return (chunk: Buffer) => {
      log.write(chunk);
      // Only the end is ever shown; wrangler logs every request.
      text = (text + chunk.toString()).slice(-64_000);
      // Mail lines are kept whole however the chunks split them: tests follow the links in them.
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.includes('"msg":"mail"')) mail += `${line}\n`;
      if (verbose) process.stderr.write(`[${name}] ${chunk.toString()}`);
    };
  };
  // `npm` itself, so the scripts run exactly as a developer starts them (and on node_modules' Node 22).
  const child = spawn("npm", args, { env: { ...env, NO_COLOR: "1" }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", taker());
  child.stderr?.on("data", taker());
  child.on("exit", () => log.end());
  return { name, process: child, logPath, output: () => text, mailLines: () => mail };
}

function alive(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/** SIGTERM to the whole group, SIGKILL if it is still there after a few seconds. */
async function stopChild(child: Child): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined || !alive(child)) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // the group is gone already
    }
  };
  const exited = new Promise<void>((resolve) => child.process.once("exit", () => resolve()));
  signal("SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!done) signal("SIGKILL");
  // Children of the group (workerd) can outlive the npm process by a moment; give them a last, hard signal.
  await sleep(200);
  signal("SIGKILL");
}

function tail(child: Child, lines = 40): string {
  // Terminal colours, which some tools print regardless of NO_COLOR.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what an ANSI colour code starts with.
  return child.output().replace(/\x1b\[[0-9;]*m/g, "").split("\n").slice(-lines).join("\n");
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, child: Child, deadline: number, ready: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await ready()) return;
    if (!alive(child)) throw new Error(`${what} exited (${child.process.exitCode ?? child.process.signalCode}) before it was ready. Last output:\n${tail(child)}`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready in time. Last output (full log: ${child.logPath}):\n${tail(child)}`);
    await sleep(250);
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * `count` consecutive free loopback ports. Fixed defaults would collide with whatever else runs on a shared
 * machine (a developer's `npm start` and `npm run sim`, benchmarks, another checkout's tests).
 */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`found no ${count} consecutive free ports`);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const { verbose = false, startTimeoutMs = 180_000 } = options;
  const appPort = options.appPort ?? (await freePorts(1));
  // `npm run sim` starts one fake per registered provider, on consecutive ports.
  const simPorts = listAdapters().length;
  const simPort = options.simPort ?? (await freePorts(simPorts));
  const appUrl = `http://localhost:${appPort}`;
  // Something already answering would be tested instead of this build, or would take the fakes' ports.
  for (const [port, knob] of [
    [appPort, "the app"],
    ...Array.from({ length: simPorts }, (_, i) => [simPort + i, `the fakes (${simPorts} from the base port)`] as const),
  ] as const) {
    if (!(await portIsFree(port)) || (await answers(`http://localhost:${port}/`))) throw new Error(`port ${port} is already in use; choose another for ${knob}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "edgedock-e2e-"));
  const logDir = options.logDir ?? dir;
  mkdirSync(logDir, { recursive: true });
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  // A test runner interrupted with Ctrl-C must not leave wrangler and the fakes behind.
  const onExit = () => {
    for (const child of children) {
      try {
        if (child.process.pid !== undefined) process.kill(-child.process.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", onExit);

  try {
    const sim = startChild("sim", ["run", "sim"], { ...process.env, SIM_PORT: String(simPort) }, logDir, verbose);
    children.push(sim);
    const app = startChild(
      "app",
      ["start"],
      {
        ...process.env,
        EDGEDOCK_PORT: String(appPort),
        EDGEDOCK_STATE_DIR: join(dir, "state"),
        EDGEDOCK_DEV_VARS: join(dir, "dev.vars"),
      },
      logDir,
      verbose,
    );
    children.push(app);
    const deadline = Date.now() + startTimeoutMs;

    // The values a developer would copy from `npm run sim`'s output.
    const sims: Stack["sims"] = {};
    await waitFor("npm run sim", sim, deadline, async () => {
      const output = sim.output();
      for (const [, provider, baseUrl, token] of output.matchAll(/^\s+(\S+)\s+base URL (\S+)\s+token (\S+)/gm)) sims[provider!] = { baseUrl: baseUrl!, token: token! };
      // The list is complete once the line after it is out.
      return output.includes("Control each fake") && sims.digitalocean !== undefined;
    });
    const digitalocean = sims.digitalocean;

    // Ready when both the API and the built dashboard answer: wrangler's log lines are not a contract.
    await waitFor("npm start", app, deadline, async () => {
      try {
        const api = await fetch(`${appUrl}/api/providers`, { signal: AbortSignal.timeout(5_000) });
        if (!api.ok) return false;
        const page = await fetch(`${appUrl}/`, { signal: AbortSignal.timeout(5_000) });
        return page.ok && (await page.text()).includes('id="root"');
      } catch {
        return false;
      }
    });

    return {
      appUrl,
      digitalocean: digitalocean!,
      sims,
      appLogPath: app.logPath,
      confirmationLink: (email) => waitForConfirmationLink(app.mailLines, email),
      stop: async () => {
        process.removeListener("exit", onExit);
        await stop();
      },
    };
  } catch (error) {
    process.removeListener("exit", onExit);
    await stop();
    throw error;
  }
}
