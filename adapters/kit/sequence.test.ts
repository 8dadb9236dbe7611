import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import type { ResourcePage } from "../types";
import { isNotFound } from "./core";
import { inSequence } from "./sequence";
import type { SequencePart } from "./sequence";
import { BASE, collect, firstPages, idsOf, ids, memoryLister, nextsOf, PROVIDER } from "./testing";

/**
 * An account whose kind is read from several listings (two a page, cursors the next offset); a listing marked
 * `gone` answers 404, here the provider's way of saying the account has none of it. `gone` may change mid-run.
 */
function account(counts: Record<string, number>) {
  const requests: string[] = [];
  const states: Record<string, { gone: boolean; requests: string[] }> = {};
  const part = (name: string, absentWhen?: (err: unknown) => boolean): SequencePart<unknown> => {
    const state = { gone: false, requests };
    states[name] = state;
    return { name, list: memoryLister(name, () => ids(`${name}/ip`, counts[name] ?? 0), 2, state), absentWhen };
  };
  const run = (parts: readonly [SequencePart<unknown>, ...SequencePart<unknown>[]], cursor: string | null) => inSequence(parts)({}, { baseUrl: BASE }, cursor);
  return { requests, states, part, run };
}

/** Drains a listing, calling `after` with each page before asking for the next: a provider changing mid-run. */
async function drain(pages: AsyncIterable<ResourcePage>, after: (page: ResourcePage) => void): Promise<{ pages: ResourcePage[]; error: unknown }> {
  const seen: ResourcePage[] = [];
  try {
    for await (const page of pages) {
      seen.push(page);
      after(page);
    }
    return { pages: seen, error: null };
  } catch (error) {
    return { pages: seen, error };
  }
}

describe("inSequence", () => {
  it("lists every part in turn, the first part's cursors bare and a later part's under its name", async () => {
    const { part, run } = account({ ipv4: 3, ipv6: 3, legacy: 1 });
    const { pages, error } = await collect(run([part("ipv4"), part("ipv6"), part("legacy")], null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual([...ids("ipv4/ip", 3), ...ids("ipv6/ip", 3), ...ids("legacy/ip", 1)]);
    expect(nextsOf(pages)).toEqual(["2", "ipv6", "ipv6:2", "legacy", null]);
  });

  it("resumes in each part from its own cursor, after the parts already done", async () => {
    const { part, run, requests } = account({ ipv4: 3, ipv6: 5, legacy: 1 });
    const parts = [part("ipv4"), part("ipv6"), part("legacy")] as const;
    const inFirst = await collect(run(parts, "2"));
    expect(idsOf(inFirst.pages)).toEqual([...ids("ipv4/ip", 1, 2), ...ids("ipv6/ip", 5), ...ids("legacy/ip", 1)]);
    expect(requests.splice(0)).toEqual(["ipv4@2", "ipv6@0", "ipv6@2", "ipv6@4", "legacy@0"]);
    const inSecond = await collect(run(parts, "ipv6:2"));
    expect(idsOf(inSecond.pages)).toEqual([...ids("ipv6/ip", 3, 2), ...ids("legacy/ip", 1)]);
    expect(nextsOf(inSecond.pages)).toEqual(["ipv6:4", "legacy", null]);
    expect(requests.splice(0)).toEqual(["ipv6@2", "ipv6@4", "legacy@0"]);
    const atLastStart = await collect(run(parts, "legacy"));
    expect(idsOf(atLastStart.pages)).toEqual(ids("legacy/ip", 1));
    expect(requests.splice(0)).toEqual(["legacy@0"]);
  });

  it("resumes the first part from a bare cursor saved before the kind had more parts", async () => {
    const { part, run, requests } = account({ ipv4: 5, ipv6: 1 });
    // The kind as it was: one listing, its cursor the listing's own.
    const [saved] = await firstPages(run([part("ipv4")], null), 1);
    expect(saved!.next).toBe("2");
    requests.length = 0;
    const { pages, error } = await collect(run([part("ipv4"), part("ipv6")], saved!.next));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual([...ids("ipv4/ip", 3, 2), ...ids("ipv6/ip", 1)]);
    expect(requests).toEqual(["ipv4@2", "ipv4@4", "ipv6@0"]);
  });

  it("ends the kind only after the last part, never when an earlier one completes", async () => {
    const { part, run, states } = account({ ipv4: 2, ipv6: 0, legacy: 3 });
    const parts = [part("ipv4"), part("ipv6"), part("legacy")] as const;
    const complete = await collect(run(parts, null));
    // An empty part in the middle is still a page on the way, not the end.
    expect(nextsOf(complete.pages)).toEqual(["ipv6", "legacy", "legacy:2", null]);
    states.legacy!.gone = true;
    const failed = await collect(run(parts, null));
    expect(failed.error).toBeInstanceOf(ProviderError);
    expect(failed.error).toMatchObject({ status: 404 });
    expect(idsOf(failed.pages)).toEqual(ids("ipv4/ip", 2));
    expect(nextsOf(failed.pages)).toEqual(["ipv6", "legacy"]);
  });

  it("yields an empty page and goes on when a part's first page answers with its absentWhen error", async () => {
    const absent = account({ ipv4: 3, gpus: 2, legacy: 1 });
    const withAbsent = [absent.part("ipv4"), absent.part("gpus", isNotFound), absent.part("legacy")] as const;
    absent.states.gpus!.gone = true;
    const { pages, error } = await collect(absent.run(withAbsent, null));
    expect(error).toBeNull();
    expect(idsOf(pages)).toEqual([...ids("ipv4/ip", 3), ...ids("legacy/ip", 1)]);
    expect(pages[2]).toEqual({ resources: [], next: "legacy" });
    expect(nextsOf(pages)).toEqual(["2", "gpus", "legacy", null]);
    // From the part's start (its bare name) the first page is still its first.
    absent.requests.length = 0;
    const resumed = await collect(absent.run(withAbsent, "gpus"));
    expect(resumed.error).toBeNull();
    expect(idsOf(resumed.pages)).toEqual(ids("legacy/ip", 1));
    expect(nextsOf(resumed.pages)).toEqual(["legacy", null]);
    expect(absent.requests).toEqual(["gpus@0", "legacy@0"]);
    // The last part absent: the kind is complete.
    const last = account({ ipv4: 1 });
    const endingAbsent = [last.part("ipv4"), last.part("gpus", isNotFound)] as const;
    last.states.gpus!.gone = true;
    expect(nextsOf((await collect(last.run(endingAbsent, null))).pages)).toEqual(["gpus", null]);
  });

  it("fails when a later page of the part answers with the same error", async () => {
    const { part, run, states } = account({ ipv4: 1, gpus: 5, legacy: 1 });
    const parts = [part("ipv4"), part("gpus", isNotFound), part("legacy")] as const;
    // In the same run: the part's first page came, so the part exists and its refusal is a failure.
    const midRun = await drain(run(parts, null), (page) => {
      if (page.next === "gpus:2") states.gpus!.gone = true;
    });
    expect(midRun.error).toBeInstanceOf(ProviderError);
    expect(midRun.error).toMatchObject({ status: 404 });
    expect(nextsOf(midRun.pages)).toEqual(["gpus", "gpus:2"]);
    // Resumed inside the part in a later slice: its pages were seen before, so the same holds.
    const resumed = await collect(run(parts, "gpus:2"));
    expect(resumed.error).toMatchObject({ status: 404 });
    expect(resumed.pages).toEqual([]);
  });

  it("fails on a part's first page with an error its absentWhen does not name, or when it has none", async () => {
    const { part, run, states } = account({ ipv4: 1 });
    const withoutAbsent = [part("ipv4"), part("gpus")] as const;
    states.gpus!.gone = true;
    expect((await collect(run(withoutAbsent, null))).error).toMatchObject({ status: 404 });

    const lister = inSequence<unknown>([
      { name: "ipv4", list: memoryLister("ipv4", () => [], 2, { requests: [] }) },
      {
        name: "gpus",
        list: async function* () {
          yield* [];
          throw new ProviderError(PROVIDER, "provider_down", `${PROVIDER} failed with 503`, { status: 503 });
        },
        absentWhen: isNotFound,
      },
    ]);
    const { pages, error } = await collect(lister({}, { baseUrl: BASE }, null));
    expect(error).toMatchObject({ kind: "provider_down", status: 503 });
    expect(nextsOf(pages)).toEqual(["gpus"]);
  });
});
