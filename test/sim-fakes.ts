import type { Hono } from "hono";
import { createDigitalOceanFake, initialState as digitalOceanState } from "../adapters/digitalocean/fake";
import { createGithubFake, initialState as githubState } from "../adapters/github/fake";
import { createHetznerFake, initialState as hetznerState } from "../adapters/hetzner/fake";

export interface SimFake {
  provider: string;
  app: Hono;
  /** A token the fake accepts from the start, printed by `npm run sim`. */
  token: string;
  /** Appended to the fake's address to form the dock's base URL, where the provider's API lives under a prefix. */
  apiPath?: string;
}

function digitalOcean(): SimFake {
  const state = digitalOceanState();
  const token = "dop_v1_edgedock_simulated_token_0000000000000000";
  state.tokens.add(token);
  return { provider: "digitalocean", app: createDigitalOceanFake(state), token };
}

function hetznerCloud(): SimFake {
  const state = hetznerState();
  const token = "hcloud_edgedock_simulated_token_00000000000000000000000000000000";
  state.tokens.add(token);
  return { provider: "hetzner", app: createHetznerFake(state), token, apiPath: "/v1" };
}

function gitHub(): SimFake {
  const state = githubState();
  const token = "ghp_edgedock_simulated_token_000000000000";
  state.tokens.add(token);
  return { provider: "github", app: createGithubFake(state), token };
}

export const SIM_FAKES: SimFake[] = [digitalOcean(), hetznerCloud(), gitHub()];
