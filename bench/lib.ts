/**
 * Shared by the benchmarks: a throwaway `wrangler dev` of the app with its own local D1, a client for it,
 * and sign-up through the real flow (the emailed confirmation link, read from the development mailer's output).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForConfirmationLink } from "../e2e/mailbox";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningApp {
  url: string;
  process: ChildProcess;
  /** The newest confirmation link mailed to the address, read from the development mailer's log line. */
  confirmationLink: (email: string) => Promise<string>;
  stop: () => Promise<void>;
}

/**
 * Keeps every whole line of a stream that mentions mail (the development mailer's `{"msg":"mail",…}` lines),
 * however the chunks split them; everything else, wrangler's log of every request, is dropped.
 */
function mailLineCollector(into: { text: string }) {
  let partial = "";
  return (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.includes('"msg":"mail"')) into.text += `${line}\n`;
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"], env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

export async function startApp(port: number): Promise<RunningApp> {
  // Something already answering there would be measured instead of this build.
  if (await fetch(`http://localhost:${port}/`).then(() => true, () => false)) throw new Error(`port ${port} is busy; set BENCH_PORT`);
  const persist = mkdtempSync(join(tmpdir(), "edgedock-bench-"));
  const env = { ...process.env, CI: "true" };
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], env);
  const vars = [
    `CREDENTIALS_KEYS:bench:${randomBytes(32).toString("base64")}`,
    "ALLOW_CUSTOM_BASE_URLS:true",
    "ENVIRONMENT:development",
  ];
  const child = spawn("wrangler", ["dev", "--port", String(port), "--persist-to", persist, ...vars.flatMap((v) => ["--var", v])], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
    detached: true,
  });
  const url = `http://localhost:${port}`;
  // Always read, so a full pipe never stalls wrangler; one collector per stream so lines are never glued together.
  const mail = { text: "" };
  child.stdout?.on("data", mailLineCollector(mail));
  child.stderr?.on("data", mailLineCollector(mail));
  if (process.env.BENCH_VERBOSE) {
    child.stdout?.on("data", (c: Buffer) => process.stderr.write(c));
    child.stderr?.on("data", (c: Buffer) => process.stderr.write(c));
  }
  // Ready when it answers: wrangler's own log lines are not a contract.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/api/providers`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGTERM");
      throw new Error("wrangler dev did not answer within 120 s");
    }
    await sleep(250);
  }
  // Interrupted or timed out, the benchmark still takes its server down with it.
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.once("SIGINT", () => {
    kill();
    process.exit(130);
  });
  process.once("SIGTERM", () => {
    kill();
    process.exit(143);
  });
  return {
    url,
    process: child,
    confirmationLink: (email) => waitForConfirmationLink(() => mail.text, email),
    stop: async () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
    },
  };
}

/** Peak resident memory (VmHWM) of the workerd processes, in MB: the isolate running the Worker and OrgHub lives there. */
export function workerdPeakMb(): number {
  let peak = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("workerd")) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // the process ended while we looked
    }
  }
  return Math.round(peak);
}

function parentOf(pid: number): number | null {
  try {
    const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return ppid ? Number(ppid[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The pids of the workerd processes started under `root` (the app's `wrangler dev`): the runtime holding the
 * Worker, OrgHub and the local D1. Only descendants count, so another workerd on a shared machine (a test
 * run) is never measured as ours.
 */
export function workerdPids(root: number): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd")) continue;
    } catch {
      continue;
    }
    for (let p: number | null = parentOf(pid); p !== null && p > 1; p = parentOf(p)) {
      if (p === root) {
        pids.push(pid);
        break;
      }
    }
  }
  return pids;
}

/** Clock ticks per second of /proc's utime and stime: 100 on Linux (USER_HZ), which the kernel fixes for user space. */
const USER_HZ = 100;

/**
 * CPU time (user + system, ms) the workerd processes have used so far, from /proc/<pid>/stat. workerd is a
 * child of wrangler, not of this script, so `process.cpuUsage()` cannot see it; the kernel's own
 * accounting of that process is the same figure `process.cpuUsage()` reports for one's own.
 */
export function workerdCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return (ticks * 1000) / USER_HZ;
}

export class Client {
  private cookie = "";
  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return this.cookie;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { "content-type": "application/json", origin: this.base, cookie: this.cookie },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
    // The session cookie, the only one the API sets (`name=value`, attributes dropped).
    const setCookie = res.headers.getSetCookie()[0];
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}


/**
 * A new account signed in the way a person gets one: sign up (202, no session), take the confirmation link
 * the mailer sent, post its `#token=` to `POST /api/auth/verify-email`, which sets the session cookie on
 * `client`. `confirmationLink` reads the app's mail (`RunningApp.confirmationLink`, `Stack.confirmationLink`).
 */
export async function signUpAndVerify(
  client: Client,
  confirmationLink: (email: string) => Promise<string>,
  account: { email: string; password: string; name: string },
): Promise<void> {
  const answer = await client.call<{ status?: string }>("POST", "/api/auth/signup", account);
  if (answer?.status !== "verification_sent") throw new Error(`sign-up answered ${JSON.stringify(answer)}, not verification_sent`);
  const link = await confirmationLink(account.email);
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get("token");
  if (!token) throw new Error(`the confirmation link has no #token=: ${link}`);
  await client.call("POST", "/api/auth/verify-email", { token });
  if (!client.cookieHeader) throw new Error("verify-email answered without a session cookie");
}
