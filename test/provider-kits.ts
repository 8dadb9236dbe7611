/**
 * Every registered provider with its test kit. The registry is the only list of providers: the fakes the
 * suite starts, `npm run sim` and the conformance suite all come from here, so a provider registered with
 * one line is tested, simulated and checked without another edit.
 */
import { listAdapters } from "../adapters/registry";
import type { ProviderTestKit } from "../adapters/test-kit";
import type { Adapter } from "../adapters/types";

export interface RegisteredProvider {
  adapter: Adapter;
  kit: ProviderTestKit;
}

function isTestKit(value: unknown): value is ProviderTestKit {
  return typeof value === "object" && value !== null && typeof (value as { createFake?: unknown }).createFake === "function";
}

/** The test kit of a registered provider: `adapters/<id>/testkit.ts`, which every provider folder must have. */
export async function loadTestKit(id: string): Promise<ProviderTestKit> {
  const mod: unknown = await import(`../adapters/${id}/testkit.ts`);
  const kit = typeof mod === "object" && mod !== null ? (mod as { testKit?: unknown }).testKit : undefined;
  if (!isTestKit(kit)) throw new Error(`adapters/${id}/testkit.ts must export a testKit`);
  return kit;
}

export async function registeredProviders(): Promise<RegisteredProvider[]> {
  return Promise.all(listAdapters().map(async (adapter) => ({ adapter, kit: await loadTestKit(adapter.id) })));
}
