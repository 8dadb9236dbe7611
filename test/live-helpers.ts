import { exports } from "cloudflare:workers";
import { serverMessageSchema } from "../shared/live";
import type { ServerMessage } from "../shared/live";
import { ORIGIN } from "./helpers";

export interface LiveClient {
  status: number;
  messages: ServerMessage[];
  closed: { code: number; reason: string } | null;
  send(message: unknown): void;
  close(): void;
  /** Resolves with the first message (from the start) matching, or rejects after `timeoutMs`. */
  waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitForClose(timeoutMs?: number): Promise<{ code: number; reason: string }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens the organization's live channel through the Worker, as a browser would. */
export async function connectLive(orgId: string, auth: { cookie?: string; token?: string; lastSeq?: number }, headers: Record<string, string> = {}): Promise<LiveClient> {
  const h: Record<string, string> = { upgrade: "websocket", origin: ORIGIN, ...headers };
  if (auth.cookie) h.cookie = auth.cookie;
  if (auth.token) h.authorization = `Bearer ${auth.token}`;
  const query = auth.lastSeq === undefined ? "" : `?lastSeq=${auth.lastSeq}`;
  const res = await exports.default.fetch(new Request(`${ORIGIN}/api/orgs/${orgId}/live${query}`, { headers: h }));
  const client: LiveClient = {
    status: res.status,
    messages: [],
    closed: null,
    send: () => undefined,
    close: () => undefined,
    async waitFor(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = client.messages.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; got ${client.messages.map((m) => m.type).join(", ")}`);
        await sleep(10);
      }
    },
    async waitForClose(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!client.closed) {
        if (Date.now() > deadline) throw new Error("socket not closed");
        await sleep(10);
      }
      return client.closed;
    },
  };
  const ws = res.webSocket;
  if (!ws) return client;
  ws.accept();
  ws.addEventListener("message", (event) => {
    client.messages.push(serverMessageSchema.parse(JSON.parse(String(event.data))));
  });
  ws.addEventListener("close", (event) => {
    client.closed = { code: event.code, reason: event.reason };
  });
  client.send = (message) => ws.send(JSON.stringify(message));
  client.close = () => ws.close(1000, "done");
  return client;
}

export const is =
  <T extends ServerMessage["type"]>(type: T) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: T }> =>
    m.type === type;
