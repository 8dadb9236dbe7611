/**
 * `npm run bench:live`: 500 WebSocket clients on one organization's live channel through the running app
 * (`wrangler dev`); a signed GitHub webhook is posted and the time until every client has the change is
 * measured; then a sync in which 1,000 droplets changed, fanned out to the same 500 clients.
 */
import { createHmac } from "node:crypto";
import { createGithubFake, initialState as githubState } from "../adapters/github/fake";
import { accountOf, createDigitalOceanFake, initialState as doState, makeDroplet } from "../adapters/digitalocean/fake";
import repositoryEvent from "../adapters/github/fixtures/webhook-repository-created.json";
import { serverMessageSchema } from "../shared/live";
import type { ServerMessage } from "../shared/live";
import { startFake } from "../test/fake-servers";
import { Client, signUpAndVerify, sleep, startApp, workerdPeakMb } from "./lib";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const PORT = Number(process.env.BENCH_PORT ?? 8798);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}
const summary = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: percentile(values, 100) });

interface Listener {
  socket: WebSocket;
  onMessage: ((m: ServerMessage, at: number) => void) | null;
  /** Sees the raw frame first: the fan-out measurement must not be slowed by this process parsing 500 copies. */
  onRaw: ((data: string, at: number) => void) | null;
}

async function openClients(base: string, orgId: string, cookie: string): Promise<Listener[]> {
  const url = `${base.replace(/^http/, "ws")}/api/orgs/${orgId}/live`;
  const listeners: Listener[] = [];
  for (let batch = 0; batch < CLIENTS; batch += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, CLIENTS - batch) }, () => {
        // Node's WebSocket (undici) takes headers: the cookie authenticates, the Origin is our own.
        const socket = new WebSocket(url, { headers: { cookie, origin: base } } as unknown as string[]);
        const listener: Listener = { socket, onMessage: null, onRaw: null };
        listeners.push(listener);
        return new Promise<void>((resolve, reject) => {
          socket.addEventListener("message", (event) => {
            const at = performance.now();
            if (listener.onRaw) return listener.onRaw(String(event.data), at);
            const parsed = serverMessageSchema.safeParse(JSON.parse(String(event.data)));
            if (!parsed.success) return;
            if (parsed.data.type === "hello") resolve();
            listener.onMessage?.(parsed.data, at);
          });
          socket.addEventListener("error", () => reject(new Error("socket failed to open")));
        });
      }),
    );
  }
  return listeners;
}

/** Resolves with each client's arrival time of the first message matching, measured from `start`. */
function arrivals(listeners: Listener[], match: (m: ServerMessage) => boolean, start: () => number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const times: number[] = new Array(listeners.length).fill(-1);
    let remaining = listeners.length;
    const timer = setTimeout(() => reject(new Error(`${remaining} clients never got the message`)), 60_000);
    listeners.forEach((l, i) => {
      l.onMessage = (m, at) => {
        if (times[i] !== -1 || !match(m)) return;
        times[i] = at - start();
        if (--remaining === 0) {
          clearTimeout(timer);
          resolve(times);
        }
      };
    });
  });
}

const github = githubState();
const ghToken = "ghp_bench_token_0000000000000000000000";
github.tokens.add(ghToken);
const ghFake = await startFake("github", createGithubFake(github));
const digitalocean = doState();
const doToken = "dop_v1_bench_live_token_000000000000000000";
digitalocean.tokens.add(doToken);
const account = accountOf(digitalocean, doToken);
account.droplets = Array.from({ length: 1000 }, (_, i) => makeDroplet(i));
Object.assign(account, { volumes: [], domains: [], databases: [], loadBalancers: [] });
const doFake = await startFake("digitalocean", createDigitalOceanFake(digitalocean));
const app = await startApp(PORT);
try {
  const client = new Client(app.url);
  await signUpAndVerify(client, app.confirmationLink, { email: `live-${Date.now()}@example.com`, password: "benchmark password", name: "Live" });
  const org = await client.call<{ id: string }>("POST", "/api/orgs", { name: "Live bench" });
  const gh = await client.call<{ id: string }>("POST", `/api/orgs/${org.id}/docks`, { name: "gh", provider: "github", credentials: { token: ghToken }, baseUrl: ghFake.url });
  const dock = await client.call<{ id: string }>("POST", `/api/orgs/${org.id}/docks`, { name: "do", provider: "digitalocean", credentials: { token: doToken }, baseUrl: doFake.url });
  const hook = await client.call<{ url: string; secret: string }>("GET", `/api/orgs/${org.id}/docks/${gh.id}/webhook`);
  // Let the first syncs finish so they do not mix with the measurements.
  for (;;) {
    const [a, b] = await Promise.all([gh.id, dock.id].map((id) => client.call<{ items: { status: string }[] }>("GET", `/api/orgs/${org.id}/docks/${id}/runs`)));
    if (a!.items.length > 0 && b!.items.length > 0 && ![...a!.items, ...b!.items].some((r) => r.status === "running")) break;
    await sleep(100);
  }

  const listeners = await openClients(app.url, org.id, client.cookieHeader);
  const webhookRounds: number[][] = [];
  // Round 0 warms the isolate up and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const name = `bench-repo-${round}`;
    const payload = { ...repositoryEvent, action: "edited", repository: { ...repositoryEvent.repository, id: 900_000 + round, name, full_name: `octo-org/${name}` } };
    const body = JSON.stringify(payload);
    let started = 0;
    const waiting = arrivals(listeners, (m) => m.type === "resource.changed" && m.changes.some((c) => c.name === `octo-org/${name}`), () => started);
    started = performance.now();
    const res = await fetch(hook.url.replace(/^https?:\/\/[^/]+/, app.url), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "repository",
        "x-github-delivery": crypto.randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", hook.secret).update(body).digest("hex")}`,
      },
      body,
    });
    if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    const times = await waiting;
    if (round > 0) webhookRounds.push(times);
    await sleep(200);
  }

  // 1,000 droplets change at once; the sync writes them in pages of 200 and pushes each batch as written.
  account.droplets = Array.from({ length: 1000 }, (_, i) => makeDroplet(i, { name: `droplet-${i}-changed` }));
  const received = new Array(listeners.length).fill(0);
  let syncStart = 0;
  const fanout = new Promise<number[]>((resolve) => {
    const done: number[] = new Array(listeners.length).fill(-1);
    let remaining = listeners.length;
    const changeMarker = /"change":"updated"/g;
    listeners.forEach((l, i) => {
      l.onRaw = (data, at) => {
        if (!data.startsWith('{"type":"resource.changed"') || !data.includes(dock.id)) return;
        received[i] += data.match(changeMarker)?.length ?? 0;
        if (received[i] >= 1000 && done[i] === -1) {
          done[i] = at - syncStart;
          if (--remaining === 0) resolve(done);
        }
      };
    });
  });
  syncStart = performance.now();
  const { runId } = await client.call<{ runId: string }>("POST", `/api/orgs/${org.id}/docks/${dock.id}/sync`);
  const fanoutTimes = await fanout;
  let run: { id: string; status: string; updated: number } | undefined;
  do {
    await sleep(50);
    run = (await client.call<{ items: { id: string; status: string; updated: number }[] }>("GET", `/api/orgs/${org.id}/docks/${dock.id}/runs`)).items.find((r) => r.id === runId);
  } while (!run || run.status === "running");

  const webhookAll = webhookRounds.flat();
  console.log(
    JSON.stringify(
      {
        clients: listeners.length,
        webhookToEveryClient: { rounds: ROUNDS, ms: summary(webhookAll), perRoundMaxMs: webhookRounds.map((r) => Math.round(Math.max(...r))) },
        syncOf1000ChangedDroplets: { updated: run?.updated, allClientsHaveAll1000Ms: summary(fanoutTimes) },
        workerdPeakRssMb: workerdPeakMb(),
      },
      null,
      2,
    ),
  );
  for (const l of listeners) l.socket.close();
} finally {
  await app.stop();
  await ghFake.close();
  await doFake.close();
}
