/** Starts provider fakes on loopback ports, for the test suite (globalSetup) and `npm run sim`. */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Hono } from "hono";
import { createDigitalOceanFake } from "../adapters/digitalocean/fake";
import { createGithubFake } from "../adapters/github/fake";
import { createHetznerFake } from "../adapters/hetzner/fake";
import { createOutboundProbe, probeState } from "./outbound-probe";

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

export const FAKE_FACTORIES: Record<string, () => Hono> = {
  digitalocean: () => createDigitalOceanFake(),
  hetzner: () => createHetznerFake(),
  github: () => createGithubFake(),
  // Not providers: two origins sharing one request log, for test/security/outbound.test.ts.
  "outbound-probe": () => createOutboundProbe(probeLog),
  "outbound-probe-other": () => createOutboundProbe(probeLog),
};

export async function startAllFakes(basePort = 0): Promise<RunningFake[]> {
  const entries = Object.entries(FAKE_FACTORIES);
  return Promise.all(entries.map(([provider, make], i) => startFake(provider, make(), basePort === 0 ? 0 : basePort + i)));
}
