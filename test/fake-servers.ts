/** Starts provider fakes on loopback ports, for the test suite (globalSetup) and `npm run sim`. */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Hono } from "hono";
import { createOutboundProbe, probeState } from "./outbound-probe";
import { registeredProviders } from "./provider-kits";

export interface RunningFake {
  provider: string;
  url: string;
  close: () => Promise<void>;
}

export function startFake(provider: string, app: Hono, port = 0): Promise<RunningFake> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        provider,
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

const probeLog = probeState();

/** One fake per registered provider, keyed by its id, plus the test-only origins. */
export async function fakeFactories(): Promise<Record<string, () => Hono>> {
  const providers = await registeredProviders();
  return {
    ...Object.fromEntries(providers.map(({ adapter, kit }) => [adapter.id, () => kit.createFake()])),
    // Not providers: two origins sharing one request log, for test/security/outbound.test.ts.
    "outbound-probe": () => createOutboundProbe(probeLog),
    "outbound-probe-other": () => createOutboundProbe(probeLog),
  };
}

export async function startAllFakes(basePort = 0): Promise<RunningFake[]> {
  const entries = Object.entries(await fakeFactories());
  return Promise.all(entries.map(([provider, make], i) => startFake(provider, make(), basePort === 0 ? 0 : basePort + i)));
}
