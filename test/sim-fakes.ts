import type { Hono } from "hono";
import { createDigitalOceanFake, initialState as digitalOceanState } from "../adapters/digitalocean/fake";

export interface SimFake {
  provider: string;
  app: Hono;
  /** A token the fake accepts from the start, printed by `npm run sim`. */
  token: string;
}

function digitalOcean(): SimFake {
  const state = digitalOceanState();
  const token = "dop_v1_edgedock_simulated_token_0000000000000000";
  state.tokens.add(token);
  return { provider: "digitalocean", app: createDigitalOceanFake(state), token };
}

export const SIM_FAKES: SimFake[] = [digitalOcean()];
