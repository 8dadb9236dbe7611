/**
 * The organization's event feed (`GET …/events`): filters by dock, kind and change, the `after` catch-up
 * window the dashboard uses for live updates, keyset paging, and the monitoring area's events never reaching
 * a role that cannot read monitoring. Events are written straight into D1 for an organization without docks,
 * so no background sync adds events of its own and every expected list is exact.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ChangeType, ResourceEvent, ResourceKind } from "../../shared/resources";
import { addMember, api, connectDock, createOrg, signUp } from "../../test/helpers";
import { settled } from "../../test/sync-helpers";
import { testEnv } from "../../test/test-env";

interface Page {
  items: ResourceEvent[];
  nextCursor: string | null;
}

let owner: string;
let orgId: string;

/** Seq 1..n, oldest first: dock, kind and change cycle so every filter combination has several matches. */
const DOCKS = ["dock_alpha", "dock_beta"] as const;
const KINDS: ResourceKind[] = ["server", "monitor", "domain", "issue", "database"];
const CHANGES: ChangeType[] = ["created", "updated", "deleted"];
const COUNT = 60;

const seeded = Array.from({ length: COUNT }, (_, i) => ({
  seq: i + 1,
  dockId: DOCKS[i % DOCKS.length]!,
  kind: KINDS[i % KINDS.length]!,
  change: CHANGES[i % CHANGES.length]!,
}));

/** Seqs the API should return for a filter, newest first. */
function expected(match: (e: (typeof seeded)[number]) => boolean): number[] {
  return seeded.filter(match).map((e) => e.seq).reverse();
}

async function seqs(query: string, cookie = owner): Promise<number[]> {
  const res = await api<Page>("GET", `/api/orgs/${orgId}/events?limit=200${query}`, { cookie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((e) => e.seq);
}

/** Every page of a query, following the cursor. */
async function allSeqs(query: string, cookie: string, limit: number): Promise<number[]> {
  const out: number[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page } = await api("GET", `/api/orgs/${orgId}/events?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`, { cookie });
    expect(res.status).toBe(200);
    out.push(...res.body.items.map((e) => e.seq));
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  ({ cookie: owner } = await signUp("Watcher"));
  orgId = await createOrg(owner, "Feed Org");
  const insert = testEnv.DB.prepare(
    "INSERT INTO resource_events (organization_id, seq, resource_id, dock_id, kind, name, change, diff, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  await testEnv.DB.batch(
    seeded.map((e) =>
      insert.bind(
        orgId,
        e.seq,
        `res_${e.seq}`,
        e.dockId,
        e.kind,
        `${e.kind}-${e.seq}`,
        e.change,
        JSON.stringify(e.change === "updated" ? [{ field: "status", before: "running", after: "stopped" }] : []),
        Date.UTC(2026, 10, 1) + e.seq * 1000,
      ),
    ),
  );
});

describe("the event feed", () => {
  it("lists every event newest first, with its field changes", async () => {
    expect(await seqs("")).toEqual(expected(() => true));
    const res = await api<Page>("GET", `/api/orgs/${orgId}/events?limit=1&change=updated`, { cookie: owner });
    expect(res.body.items[0]).toMatchObject({
      resourceId: expect.stringMatching(/^res_/),
      change: "updated",
      diff: [{ field: "status", before: "running", after: "stopped" }],
      // The dock of these events does not exist (any more): the event stays, without a provider.
      provider: null,
    });
  });

  it("filters by kind, by change and by dock, alone and together", async () => {
    expect(await seqs("&kind=server")).toEqual(expected((e) => e.kind === "server"));
    expect(await seqs("&change=deleted")).toEqual(expected((e) => e.change === "deleted"));
    expect(await seqs("&dockId=dock_beta")).toEqual(expected((e) => e.dockId === "dock_beta"));
    const all = expected((e) => e.kind === "database" && e.change === "created" && e.dockId === "dock_alpha");
    expect(all.length).toBeGreaterThan(0);
    expect(await seqs("&kind=database&change=created&dockId=dock_alpha")).toEqual(all);
    expect(await seqs("&dockId=dock_nowhere")).toEqual([]);
  });

  it("pages a filtered feed with its cursor, without gaps or repeats", async () => {
    expect(await allSeqs("&change=updated", owner, 3)).toEqual(expected((e) => e.change === "updated"));
  });

  it("returns only events newer than `after`, and a window with `after` and `cursor` together", async () => {
    expect(await seqs("&after=55")).toEqual([60, 59, 58, 57, 56]);
    expect(await seqs("&after=60")).toEqual([]);
    expect(await seqs("&after=40&kind=server")).toEqual(expected((e) => e.seq > 40 && e.kind === "server"));
    // Newest first inside the window, so a client catching up on many new events pages down to what it has.
    const first = await api<Page>("GET", `/api/orgs/${orgId}/events?after=50&limit=4`, { cookie: owner });
    expect(first.body.items.map((e) => e.seq)).toEqual([60, 59, 58, 57]);
    expect(first.body.nextCursor).toBe("57");
    expect(await seqs(`&after=50&cursor=${first.body.nextCursor}`)).toEqual([56, 55, 54, 53, 52, 51]);
  });

  it("rejects a filter it does not know, naming it", async () => {
    for (const [query, field] of [
      ["kind=spaceship", "kind"],
      ["change=renamed", "change"],
      ["after=-1", "after"],
      ["after=soon", "after"],
    ] as const) {
      const res = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/events?${query}`, { cookie: owner });
      expect(res.status, query).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
  });
});

describe("a role without monitoring: read", () => {
  let infra: string;

  beforeAll(async () => {
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner, body: { name: "Infra only", permissions: { resources: "read" } } });
    expect(role.status).toBe(201);
    ({ cookie: infra } = await addMember(orgId, owner, { roleId: role.body.id }));
  });

  const monitoring = (e: { kind: ResourceKind }) => e.kind === "monitor" || e.kind === "issue";

  it("never sees a monitor or issue event, whatever the filters and however it pages", async () => {
    expect(await seqs("", infra)).toEqual(expected((e) => !monitoring(e)));
    expect(await allSeqs("", infra, 7)).toEqual(expected((e) => !monitoring(e)));
    expect(await seqs("&change=updated&dockId=dock_alpha", infra)).toEqual(expected((e) => !monitoring(e) && e.change === "updated" && e.dockId === "dock_alpha"));
    expect(await seqs("&after=0", infra)).toEqual(expected((e) => !monitoring(e)));
    expect(await seqs("&resourceId=res_2", infra)).toEqual([]);
  });

  it("is refused monitoring kinds when it asks for them", async () => {
    for (const kind of ["monitor", "issue"]) {
      const res = await api<{ error: { code: string } }>("GET", `/api/orgs/${orgId}/events?kind=${kind}`, { cookie: infra });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
  });

  it("while a role with only monitoring: read sees nothing else", async () => {
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie: owner, body: { name: "Monitoring only", permissions: { monitoring: "read" } } });
    const { cookie: onCall } = await addMember(orgId, owner, { roleId: role.body.id });
    expect(await seqs("", onCall)).toEqual(expected(monitoring));
    expect((await api("GET", `/api/orgs/${orgId}/events?kind=server`, { cookie: onCall })).status).toBe(403);
  });
});

describe("events of a connected dock", () => {
  it("carry the dock's provider", async () => {
    const { cookie } = await signUp("Syncer");
    const org = await createOrg(cookie, "Provider Org");
    const { dockId } = await connectDock(org, cookie);
    await settled(org, dockId, cookie);
    const res = await api<Page>("GET", `/api/orgs/${org}/events?dockId=${dockId}&limit=5`, { cookie });
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e) => e.provider === "digitalocean" && e.dockId === dockId)).toBe(true);
  });
});
