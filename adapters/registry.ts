import type { Adapter } from "./types";
import { cloudflare } from "./cloudflare";
import { digitalocean } from "./digitalocean";
import { github } from "./github";
import { hetzner } from "./hetzner";
import { linode } from "./linode";
import { vultr } from "./vultr";

/** Adding a provider: its folder, and one line here. */
const ADAPTERS: readonly Adapter[] = [digitalocean, hetzner, github, cloudflare, vultr, linode];

const byId = new Map(ADAPTERS.map((a) => [a.id, a]));

export function getAdapter(id: string): Adapter | undefined {
  return byId.get(id);
}

export function listAdapters(): readonly Adapter[] {
  return ADAPTERS;
}
