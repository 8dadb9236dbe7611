import type { Hono } from "hono";
import { inProcess } from "../adapters/test-kit";
import { registeredProviders } from "./provider-kits";

export interface SimFake {
  provider: string;
  app: Hono;
  /** A token the fake accepts from the start, printed by `npm run sim`. */
  token: string;
  /** Appended to the fake's address to form the dock's base URL, where the provider's API lives under a prefix. */
  apiPath: string;
}

/** A fake of every registered provider, in registry order, each with its sim token accepted. */
export async function simFakes(): Promise<SimFake[]> {
  const providers = await registeredProviders();
  return Promise.all(
    providers.map(async ({ adapter, kit }) => {
      const app = kit.createFake();
      await kit.register(inProcess(app), kit.simToken);
      return { provider: adapter.id, app, token: kit.simToken, apiPath: kit.apiPath };
    }),
  );
}
