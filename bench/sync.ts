/**
 * `npm run bench:sync`: a dock of 10,000 droplets served by the DigitalOcean fake over loopback, synced
 * through the running app (`wrangler dev`: Worker, OrgHub, local D1) — first sync and unchanged re-sync —
 * and, as the floor, the same 10,000 normalized rows inserted into a local SQLite file by `node:sqlite`.
 */
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createDigitalOceanFake, initialState, accountOf, makeDroplet } from "../adapters/digitalocean/fake";
import { normalizeDroplet } from "../adapters/digitalocean/normalize";
import { dropletSchema } from "../adapters/digitalocean/schemas";
import type { SyncRun } from "../shared/resources";
import { startFake } from "../test/fake-servers";
import { Client, signUpAndVerify, sleep, startApp, workerdCpuMs, workerdPeakMb, workerdPids } from "./lib";

const COUNT = Number(process.env.BENCH_DROPLETS ?? 10_000);
const PORT = Number(process.env.BENCH_PORT ?? 8799);

type Run = SyncRun;

function sqliteFloor(): { ms: number; rowsPerSecond: number } {
  const rows = Array.from({ length: COUNT }, (_, i) => normalizeDroplet(dropletSchema.parse(makeDroplet(i))));
  const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), "edgedock-floor-")), "floor.sqlite"));
  db.exec(`CREATE TABLE resources (id TEXT PRIMARY KEY, organization_id TEXT, dock_id TEXT, provider TEXT, kind TEXT, external_id TEXT, name TEXT,
    status TEXT, provider_status TEXT, region TEXT, url TEXT, provider_created_at TEXT, monthly_cost_cents INTEGER, currency TEXT,
    attributes TEXT, first_seen_at INTEGER, last_seen_at INTEGER, deleted_at INTEGER, content_hash TEXT, UNIQUE (dock_id, kind, external_id))`);
  const insert = db.prepare("INSERT INTO resources VALUES (?, 'org', 'dock', 'digitalocean', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'hash')");
  const started = performance.now();
  db.exec("BEGIN");
  rows.forEach((r, i) => {
    insert.run(`res_${i}`, r.kind, r.externalId, r.name, r.status, r.providerStatus, r.region, r.url, r.createdAt, r.monthlyCostCents, r.currency, JSON.stringify(r.attributes), Date.now(), Date.now());
  });
  db.exec("COMMIT");
  const ms = performance.now() - started;
  db.close();
  return { ms: Math.round(ms), rowsPerSecond: Math.round(COUNT / (ms / 1000)) };
}

/** How often the run is polled; each poll is a request the workerd process also spends CPU on. */
const POLL_MS = 50;

async function waitForRun(client: Client, orgId: string, dockId: string, runId?: string): Promise<{ run: Run; polls: number }> {
  for (let polls = 1; ; polls++) {
    const { items } = await client.call<{ items: Run[] }>("GET", `/api/orgs/${orgId}/docks/${dockId}/runs`);
    const run = runId ? items.find((r) => r.id === runId) : items[0];
    if (run && run.status !== "running") return { run, polls };
    await sleep(POLL_MS);
  }
}

/**
 * CPU of one poll of the runs list, measured on an idle dock: subtracted from a sync's CPU, so the figure
 * is the sync's own and not the benchmark's watching of it.
 */
async function cpuPerPoll(client: Client, orgId: string, dockId: string, pids: number[]): Promise<number> {
  const polls = 40;
  const before = workerdCpuMs(pids);
  for (let i = 0; i < polls; i++) await client.call("GET", `/api/orgs/${orgId}/docks/${dockId}/runs`);
  return (workerdCpuMs(pids) - before) / polls;
}

function report(label: string, run: Run, grossCpuMs: number, pollCpuMs: number) {
  const ms = Date.parse(run.finishedAt!) - Date.parse(run.startedAt);
  const written = run.created + run.updated + run.deleted;
  const cpuMs = Math.max(0, grossCpuMs - pollCpuMs);
  return {
    label,
    status: run.status,
    error: run.error,
    ms,
    resourcesPerSecond: Math.round(run.seen / (ms / 1000)),
    cpuMs: Math.round(cpuMs),
    cpuMsPer1000: Math.round((cpuMs / (run.seen / 1000)) * 10) / 10,
    pollCpuMs: Math.round(pollCpuMs),
    requests: run.requests,
    pages: run.pages,
    resourceRowsWritten: written,
    eventRowsWritten: written,
    seen: run.seen,
  };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const state = initialState();
const fake = await startFake("digitalocean", createDigitalOceanFake(state));
const app = await startApp(PORT);
const median = <T>(items: T[], key: (t: T) => number): T => [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)]!;
try {
  const client = new Client(app.url);
  await signUpAndVerify(client, app.confirmationLink, { email: `bench-${Date.now()}@example.com`, password: "benchmark password", name: "Bench" });
  const org = await client.call<{ id: string }>("POST", "/api/orgs", { name: "Bench" });
  const pids = workerdPids(app.process.pid!);
  if (pids.length === 0) throw new Error("no workerd process found under wrangler dev: CPU cannot be measured");
  const firsts: ReturnType<typeof report>[] = [];
  const agains: ReturnType<typeof report>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Each round is a fresh account and dock: a first sync happens once per dock.
    const token = `dop_v1_bench_token_${round}_${Date.now()}`;
    state.tokens.add(token);
    const account = accountOf(state, token);
    account.droplets = Array.from({ length: COUNT }, (_, i) => makeDroplet(i));
    Object.assign(account, { volumes: [], domains: [], databases: [], loadBalancers: [] });
    // CPU is the workerd process's between the request that starts a sync and the poll that sees it end: the
    // sync, plus the creation or sync request and the polls, whose measured cost is subtracted.
    const cpuBeforeFirst = workerdCpuMs(pids);
    const dock = await client.call<{ id: string }>("POST", `/api/orgs/${org.id}/docks`, { name: `10k droplets #${round}`, provider: "digitalocean", credentials: { token }, baseUrl: fake.url });
    const first = await waitForRun(client, org.id, dock.id);
    const cpuFirst = workerdCpuMs(pids) - cpuBeforeFirst;
    const perPoll = await cpuPerPoll(client, org.id, dock.id, pids);
    const cpuBeforeAgain = workerdCpuMs(pids);
    const { runId } = await client.call<{ runId: string }>("POST", `/api/orgs/${org.id}/docks/${dock.id}/sync`);
    const again = await waitForRun(client, org.id, dock.id, runId);
    const cpuAgain = workerdCpuMs(pids) - cpuBeforeAgain;
    if (first.run.status !== "succeeded" || again.run.status !== "succeeded") process.exitCode = 1;
    firsts.push(report("first sync", first.run, cpuFirst, first.polls * perPoll));
    agains.push(report("unchanged re-sync", again.run, cpuAgain, again.polls * perPoll));
    // The account is not needed again; free the fake's memory.
    state.accounts.delete(token);
  }
  const floor = sqliteFloor();
  const results = {
    droplets: COUNT,
    rounds: ROUNDS,
    firstSync: { median: median(firsts, (r) => r.ms), allMs: firsts.map((r) => r.ms), allCpuMsPer1000: firsts.map((r) => r.cpuMsPer1000), medianCpuMsPer1000: median(firsts, (r) => r.cpuMsPer1000).cpuMsPer1000 },
    unchangedResync: { median: median(agains, (r) => r.ms), allMs: agains.map((r) => r.ms), allCpuMsPer1000: agains.map((r) => r.cpuMsPer1000), medianCpuMsPer1000: median(agains, (r) => r.cpuMsPer1000).cpuMsPer1000 },
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    workerdPeakRssMb: workerdPeakMb(),
    sqliteFloor: floor,
  };
  console.log(JSON.stringify(results, null, 2));
} finally {
  await app.stop();
  await fake.close();
}
