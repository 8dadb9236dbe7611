import { sql } from "drizzle-orm";
import { ProviderError } from "../../adapters/errors";
import type { Adapter, AdapterSession, RememberedPage, ResourcePage } from "../../adapters/types";
import type { KindOutcome } from "../../shared/docks";
import { cleanErrorText } from "../../shared/error-text";
import { linksMayBeHttp, normalizedResourceSchema, withSafeUrls } from "../../shared/resources";
import type { NormalizedResource, ResourceKind } from "../../shared/resources";
import type { Db } from "../../core/db/client";
import { dockKindListings } from "../../core/db/schema";
import { newId } from "../../core/ids";
import { chunk } from "./d1-writes";
import { diffResources } from "./diff";
import { contentHash } from "./fingerprint";
import { toNormalized } from "../../core/db/resource-rows";
import { eventStatements, loadIndex, loadRows, markDeletedStatements, runStatements, upsertStatements } from "./resource-store";
import type { ChangeRecord, EventRow, IndexEntry, ResourceRow } from "./resource-store";
import type { HashIndex, KindIndex } from "./hash-index";
import type { PageMemoStore } from "./page-memo";

export interface SyncCounters {
  pages: number;
  requests: number;
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export const emptyCounters = (): SyncCounters => ({ pages: 0, requests: 0, seen: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 });

/** Where a run stands, persisted between invocations so a sync too large for one resumes where it stopped. */
export interface Continuation {
  kindsDone: ResourceKind[];
  /**
   * How each kind done so far fared, in the order they were done. Carried between invocations so the run's
   * record names every kind, also when a later slice ends the run (a rate limit, rejected credentials).
   */
  outcomes: KindOutcome[];
  kind: ResourceKind | null;
  /** When the listing of `kind` began (ms), across slices: pages it did not fetch since are forgotten after it. */
  kindStartedAt: number | null;
  cursor: string | null;
  /** External ids of `kind` seen so far in this listing: the sweep needs all of them. */
  seen: string[];
  counters: SyncCounters;
}

export const freshContinuation = (): Continuation => ({ kindsDone: [], outcomes: [], kind: null, kindStartedAt: null, cursor: null, seen: [], counters: emptyCounters() });

/**
 * Failures that end the whole run rather than one kind: rejected credentials are rejected for every kind, a
 * refused destination is the dock's base URL for every kind, and a rate limit is the account's; the kinds
 * not yet listed wait for the next run.
 */
const RUN_ENDING: ReadonlySet<ProviderError["kind"]> = new Set(["credentials_rejected", "destination_refused", "rate_limited"]);

/** Whether this failure ends the run; any other one is the failing kind's alone. */
export function endsRun(err: unknown): boolean {
  return !(err instanceof ProviderError) || RUN_ENDING.has(err.kind);
}

/** How a kind's failed listing is recorded: a missing permission (and what to grant), or a failure and why. */
export function kindFailure(kind: ResourceKind, err: unknown, adapter: Pick<Adapter, "scopes">): KindOutcome {
  const reason = cleanErrorText(err instanceof Error ? err.message : String(err));
  if (err instanceof ProviderError && err.kind === "permission_missing") {
    // The provider's own answer names the permission when it can (GitHub's header); DigitalOcean's never does.
    return { kind, outcome: "permission_missing", reason, scope: err.scope ?? adapter.scopes?.[kind] ?? null, count: null };
  }
  return { kind, outcome: "failed", reason, scope: null, count: null };
}

/** Where one dock's changes are written: listing runs and webhook deliveries alike. */
export interface DockWriter {
  db: Db;
  organizationId: string;
  dockId: string;
  provider: string;
  /** The dock's base URL: links a resource carries may be plain http only when the provider itself is. */
  baseUrl: string;
  /** Reserves `count` consecutive event sequence numbers and returns the first. */
  allocateSeq: (count: number) => number;
  /** Each written batch of changes, as soon as it is in D1. */
  onChanges?: (changes: ChangeRecord[], firstSeq: number) => void;
  /**
   * The dock's index of stored hashes in the hub's SQLite (`hashIndexFor`): with it an unchanged re-sync reads
   * nothing from D1. Without it (a sync run outside a hub) the index is read from D1 each time.
   */
  hashIndex?: HashIndex;
  now?: () => number;
}

/** A listing run of one dock: its writer, and the adapter session it lists through. */
export interface SyncJob extends DockWriter {
  adapter: Pick<Adapter, "resourceKinds" | "scopes">;
  /** The credentials, parsed once for the run, and the provider context every request of it shares. */
  session: AdapterSession;
  /** True when this invocation has used its budget and should hand over to the next. */
  shouldYield: () => boolean;
  /** Only these kinds (a webhook's targeted re-sync); all the adapter's kinds when absent. */
  kinds?: readonly ResourceKind[];
  onPage?: (counters: SyncCounters) => void;
  /** Persists the continuation: after each completed kind, and when handing over to the next invocation. */
  checkpoint: (continuation: Continuation) => void;
  /**
   * The dock's remembered pages (`pageMemoFor`), the same the session's listings read: a page whose bytes are
   * unchanged is then accepted unread while the index agrees with what was remembered of it.
   */
  pageMemo?: PageMemoStore;
}

export type SyncOutcome = { state: "completed"; counters: SyncCounters } | { state: "yielded"; continuation: Continuation };

function validated(provider: string, kind: ResourceKind, raw: NormalizedResource): NormalizedResource {
  const parsed = normalizedResourceSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(provider, "contract_violation", `${provider} ${kind} ${raw.externalId ?? "?"} could not be normalized: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  if (parsed.data.kind !== kind) throw new ProviderError(provider, "contract_violation", `${provider} listing of ${kind} yielded a ${parsed.data.kind}`);
  return parsed.data;
}

/**
 * One pass over a dock: every kind, every page, to the end. Each page is compared with the stored content
 * hashes and only created and changed rows are written, with their events, in the same transaction. A
 * resource missing from a listing is marked deleted only once that kind's listing has completed, so a
 * failure part-way (the adapter throws) deletes nothing.
 */
export async function syncDock(job: SyncJob, start: Continuation): Promise<SyncOutcome> {
  // Counters and outcomes are updated in place, so a run that fails part-way still reports what it did.
  start.outcomes ??= [];
  const state: Continuation = { ...structuredClone(start), counters: start.counters, outcomes: start.outcomes };
  const now = job.now ?? Date.now;
  for (const kind of job.adapter.resourceKinds) {
    if (state.kindsDone.includes(kind) || (job.kinds && !job.kinds.includes(kind))) continue;
    if (state.kind !== kind) Object.assign(state, { kind, kindStartedAt: now(), cursor: null, seen: [] });
    const index = await indexOf(job, kind);
    const seen = new Set(state.seen);

    try {
      for await (const page of job.session.list(kind, state.cursor)) {
        state.counters.pages++;
        await writeListed(job, kind, page, index, seen, state, now());
        job.onPage?.(state.counters);
        if (page.next !== null && job.shouldYield()) {
          // Only a deliberate hand-over saves the cursor with everything seen so far. A run that dies
          // mid-kind restarts that kind: its writes are idempotent, and a sweep needs the whole listing.
          Object.assign(state, { cursor: page.next, seen: [...seen] });
          job.checkpoint(state);
          await recordKindAttempts(job, state.outcomes, now());
          return { state: "yielded", continuation: state };
        }
      }
    } catch (err) {
      // Nothing of this kind is swept: what the listing did not reach is kept, as old as its last full listing.
      const outcome = kindFailure(kind, err, job.adapter);
      state.outcomes.push(outcome);
      if (endsRun(err)) {
        // The run's record shows where it stopped; the rows are best effort, as storage may be what failed.
        await recordKindAttempts(job, state.outcomes, now()).catch(() => undefined);
        throw err;
      }
      state.kindsDone.push(kind);
      Object.assign(state, { kind: null, kindStartedAt: null, cursor: null, seen: [] });
      job.checkpoint(state);
      continue;
    }

    await sweep(job, kind, index, seen, state, now());
    job.pageMemo?.prune(kind, state.kindStartedAt ?? 0);
    const listed: KindOutcome = { kind, outcome: "listed", reason: null, scope: null, count: seen.size };
    state.outcomes.push(listed);
    state.kindsDone.push(kind);
    Object.assign(state, { kind: null, kindStartedAt: null, cursor: null, seen: [] });
    job.checkpoint(state);
  }
  await recordKindAttempts(job, state.outcomes, now());
  return { state: "completed", counters: state.counters };
}

/**
 * The kind's index: the hub's copy when it holds one; otherwise read from D1 (the source of truth) and kept
 * in the hub from then on, so only the first run after the hub lost it reads D1.
 */
async function indexOf(job: DockWriter, kind: ResourceKind): Promise<KindIndex> {
  const held = job.hashIndex?.load(job.dockId, kind);
  if (held) return held;
  const stored = await loadIndex(job.db, job.dockId, kind);
  job.hashIndex?.rebuild(job.dockId, kind, stored);
  return stored;
}

/**
 * The index entries of the named external ids, for a webhook's few resources: from the hub when it holds the
 * kind, else the whole kind is rebuilt from D1 once (a webhook is as good a first reader as a sync).
 */
async function namedIndexOf(job: DockWriter, kind: ResourceKind, named: string[]): Promise<KindIndex> {
  if (!job.hashIndex) return loadIndex(job.db, job.dockId, kind, named);
  return job.hashIndex.load(job.dockId, kind, named) ?? (await indexOf(job, kind));
}

/**
 * Runs one D1 write of the kind and then records `entries` (as D1 now holds them) in the hub's index. The
 * index is marked untrusted while the write is under way, so an object that stops between the two leaves
 * the kind to be rebuilt from D1 rather than an index behind it.
 */
async function writeThrough(job: DockWriter, kind: ResourceKind, statements: D1PreparedStatement[], entries: () => Iterable<[string, IndexEntry]>): Promise<void> {
  job.hashIndex?.begin(job.dockId, kind);
  await runStatements(job.db, statements);
  job.hashIndex?.write(job.dockId, kind, entries());
}

const entryOf = (row: ResourceRow): [string, IndexEntry] => [row.externalId, { id: row.id!, hash: row.contentHash, deleted: false }];

/**
 * The run's kind attempts so far in `dock_kind_listings`, in one statement at the end of each slice (not one
 * D1 write per kind: a provider with twenty kinds would pay twenty round trips a run). Written again whole at
 * every slice's end, so a run resumed after a crash records the kinds done before it too. Only a complete
 * listing moves `listed_at` and `count`: a kind that failed or may not be read keeps the time of its last full
 * listing, which is how old the rows shown for it are.
 */
async function recordKindAttempts(job: SyncJob, outcomes: readonly KindOutcome[], at: number): Promise<void> {
  if (outcomes.length === 0) return;
  const attemptedAt = new Date(at);
  const rows = outcomes.map((outcome) => {
    const listed = outcome.outcome === "listed";
    return {
      dockId: job.dockId,
      kind: outcome.kind as ResourceKind,
      listedAt: listed ? attemptedAt : null,
      count: listed ? outcome.count : null,
      outcome: outcome.outcome,
      reason: outcome.reason,
      missingScope: outcome.scope,
      attemptedAt,
    };
  });
  const listedNow = sql`excluded.outcome = 'listed'`;
  const upsert = (part: typeof rows) =>
    job.db
      .insert(dockKindListings)
      .values(part)
      .onConflictDoUpdate({
        target: [dockKindListings.dockId, dockKindListings.kind],
        set: {
          outcome: sql`excluded.outcome`,
          reason: sql`excluded.reason`,
          missingScope: sql`excluded.missing_scope`,
          attemptedAt: sql`excluded.attempted_at`,
          listedAt: sql`CASE WHEN ${listedNow} THEN excluded.listed_at ELSE ${dockKindListings.listedAt} END`,
          count: sql`CASE WHEN ${listedNow} THEN excluded.count ELSE ${dockKindListings.count} END`,
        },
      });
  // D1 binds at most 100 parameters a statement: 8 a row. One batch, so the slice's attempts land together.
  const [first, ...rest] = chunk(rows, KIND_ROWS_PER_STATEMENT).map(upsert);
  if (first) await job.db.batch([first, ...rest]);
}

const KIND_ROWS_PER_STATEMENT = 12;

/** Whether the index holds every resource of a remembered page, not deleted, under the hash remembered for it. */
function indexAgrees(remembered: RememberedPage, index: KindIndex): boolean {
  for (const [externalId, hash] of remembered.resources) {
    const entry = index.get(externalId);
    if (!entry || entry.deleted || entry.hash !== hash) return false;
  }
  return true;
}

/**
 * A listed page: a reused one (its bytes unchanged) is accepted as it was remembered while the index agrees —
 * every resource seen, unchanged — and read after all when it does not (a webhook wrote one of them since, or
 * the index was rebuilt); a read one is written, and remembered under its fingerprint once it is in D1.
 */
async function writeListed(job: SyncJob, kind: ResourceKind, page: ResourcePage, index: KindIndex, seen: Set<string>, state: Continuation, at: number) {
  let resources: NormalizedResource[];
  if ("reused" in page) {
    if (indexAgrees(page.reused, index)) {
      for (const [externalId] of page.reused.resources) {
        if (seen.has(externalId)) continue;
        seen.add(externalId);
        state.counters.seen++;
        state.counters.unchanged++;
      }
      job.pageMemo?.used(kind, page.source.key, at);
      return;
    }
    resources = await page.read();
  } else resources = page.resources;
  const hashes = await writePage(job, kind, resources, index, seen, state, at);
  if (page.source) job.pageMemo?.remember(kind, page.source, hashes, at);
}

/** Writes a page's new and changed resources; returns every resource's external id with its content hash, as the index now holds it. */
async function writePage(job: DockWriter, kind: ResourceKind, raw: NormalizedResource[], index: Map<string, IndexEntry>, seen: Set<string>, state: Continuation, at: number): Promise<[string, string][]> {
  const hashes: [string, string][] = [];
  const rows: ResourceRow[] = [];
  const quietRows: ResourceRow[] = [];
  const changes: ChangeRecord[] = [];
  const updated: { resource: NormalizedResource; hash: string; entry: IndexEntry }[] = [];
  const seenAt = new Date(at);
  const toRow = (resource: NormalizedResource, hash: string, id: string): ResourceRow => ({
    id,
    organizationId: job.organizationId,
    dockId: job.dockId,
    provider: job.provider,
    kind,
    externalId: resource.externalId,
    name: resource.name,
    status: resource.status,
    providerStatus: resource.providerStatus,
    region: resource.region,
    url: resource.url,
    providerCreatedAt: resource.createdAt,
    monthlyCostCents: resource.monthlyCostCents,
    currency: resource.currency,
    attributes: resource.attributes,
    parentExternalId: resource.parentExternalId ?? null,
    firstSeenAt: seenAt,
    lastSeenAt: seenAt,
    deletedAt: null,
    contentHash: hash,
  });

  const httpLinks = linksMayBeHttp(job.baseUrl);
  for (const original of raw) {
    // Links are made safe before hashing, for every adapter and webhook alike: a resource stored with a
    // link that is now refused hashes differently, so the next sync rewrites it without the link.
    const item = withSafeUrls(original, httpLinks);
    const hash = contentHash(item);
    hashes.push([item.externalId, hash]);
    // A listing that shifts while it is paged can repeat an item; it counts once.
    if (seen.has(item.externalId)) continue;
    seen.add(item.externalId);
    state.counters.seen++;
    // A hash equal to the stored one means content identical to what was validated when it was written;
    // only what is about to be written is validated again, which keeps an unchanged re-sync cheap.
    const entry = index.get(item.externalId);
    if (entry && !entry.deleted && entry.hash === hash) {
      state.counters.unchanged++;
      continue;
    }
    const resource = validated(job.provider, kind, item);
    if (!entry || entry.deleted) {
      const id = entry?.id ?? newId("res", at);
      rows.push(toRow(resource, hash, id));
      changes.push({ resourceId: id, kind, name: resource.name, change: "created", diff: [], parentExternalId: resource.parentExternalId ?? null });
      index.set(resource.externalId, { id, hash, deleted: false });
      state.counters.created++;
    } else {
      updated.push({ resource, hash, entry });
    }
  }

  if (updated.length > 0) {
    const previous = await loadRows(job.db, updated.map((u) => u.entry.id));
    for (const { resource, hash, entry } of updated) {
      const before = previous.get(entry.id);
      const diff = before ? diffResources(toNormalized(before), resource) : [];
      entry.hash = hash;
      // Same values under a new hash (an adapter now writes its fields in another order): refresh the
      // stored hash quietly; nothing changed that anyone should be told about.
      if (before && diff.length === 0) {
        quietRows.push(toRow(resource, hash, entry.id));
        state.counters.unchanged++;
        continue;
      }
      rows.push(toRow(resource, hash, entry.id));
      changes.push({ resourceId: entry.id, kind, name: resource.name, change: "updated", diff, parentExternalId: resource.parentExternalId ?? null });
      state.counters.updated++;
    }
  }
  if (quietRows.length > 0) await writeThrough(job, kind, upsertStatements(job.db, quietRows), () => quietRows.map(entryOf));
  if (rows.length === 0) return hashes;
  const rowById = new Map(rows.map((r) => [r.id!, r]));
  const rowsOf = (part: ChangeRecord[]) => part.map((c) => rowById.get(c.resourceId)!);
  await writeChanges(job, kind, changes, (part) => upsertStatements(job.db, rowsOf(part)), (part) => rowsOf(part).map(entryOf), at);
  return hashes;
}

async function sweep(job: DockWriter, kind: ResourceKind, index: Map<string, IndexEntry>, seen: Set<string>, state: Continuation, at: number) {
  const gone: [string, IndexEntry][] = [];
  for (const [externalId, entry] of index) if (!entry.deleted && !seen.has(externalId)) gone.push([externalId, entry]);
  await markGone(job, kind, gone, state, at);
}

async function markGone(job: DockWriter, kind: ResourceKind, gone: [string, IndexEntry][], state: Continuation, at: number) {
  if (gone.length === 0) return;
  const rows = await loadRows(job.db, gone.map(([, g]) => g.id));
  const deletedAt = new Date(at);
  const changes: ChangeRecord[] = [];
  const goneById = new Map<string, [string, IndexEntry]>();
  for (const [externalId, entry] of gone) {
    const row = rows.get(entry.id);
    if (!row) continue;
    goneById.set(entry.id, [externalId, entry]);
    changes.push({ resourceId: entry.id, kind, name: row.name, change: "deleted", diff: [], parentExternalId: row.parentExternalId });
  }
  await writeChanges(
    job,
    kind,
    changes,
    (part) => markDeletedStatements(job.db, part.map((c) => c.resourceId), deletedAt),
    (part) =>
      part.map((c): [string, IndexEntry] => {
        const [externalId, entry] = goneById.get(c.resourceId)!;
        return [externalId, { ...entry, deleted: true }];
      }),
    at,
  );
  // An entry D1 has no row for was never written (or is long gone): the hub's index forgets it as deleted,
  // or every later sweep would look it up again.
  const unknown = gone.filter(([, entry]) => !rows.has(entry.id));
  if (unknown.length > 0) job.hashIndex?.write(job.dockId, kind, unknown.map(([externalId, entry]): [string, IndexEntry] => [externalId, { ...entry, deleted: true }]));
  for (const [, entry] of gone) entry.deleted = true;
  state.counters.deleted += changes.length;
}

/**
 * Writes what a webhook delivery carried: the given resources as they now are, and the given ones gone.
 * No listing, so no sweep: only the named resources are touched.
 */
export async function applyDirect(
  job: DockWriter,
  kind: ResourceKind,
  upserts: NormalizedResource[],
  deletedExternalIds: string[],
  options: { createOnly?: boolean } = {},
): Promise<SyncCounters> {
  const at = (job.now ?? Date.now)();
  const named = [...upserts.map((r) => r.externalId), ...deletedExternalIds];
  const index = await namedIndexOf(job, kind, named);
  const state = freshContinuation();
  state.counters.pages = 1;
  const written = options.createOnly
    ? upserts.filter((r) => {
        const known = index.get(r.externalId);
        return !known || known.deleted;
      })
    : upserts;
  state.counters.seen += upserts.length - written.length;
  state.counters.unchanged += upserts.length - written.length;
  await writePage(job, kind, written, index, new Set(), state, at);
  const gone = deletedExternalIds.flatMap((id): [string, IndexEntry][] => {
    const entry = index.get(id);
    return entry && !entry.deleted ? [[id, entry]] : [];
  });
  await markGone(job, kind, gone, state, at);
  return state.counters;
}

/**
 * Changes one `batch()` (one transaction) carries, so each resource row travels with its event and neither
 * lands without the other; a few statements at most, far within the 100 a batch takes.
 */
export const CHANGES_PER_TRANSACTION = 1000;

/**
 * Resource rows and their events go to D1 together; the events carry the organization's next sequence numbers.
 * Each batch's index entries reach the hub's index once that batch is in D1.
 */
async function writeChanges(
  job: DockWriter,
  kind: ResourceKind,
  changes: ChangeRecord[],
  resourceStatements: (part: ChangeRecord[]) => D1PreparedStatement[],
  indexEntries: (part: ChangeRecord[]) => Iterable<[string, IndexEntry]>,
  at: number,
) {
  for (const part of chunk(changes, CHANGES_PER_TRANSACTION)) {
    const firstSeq = job.allocateSeq(part.length);
    const events: EventRow[] = part.map((change, i) => ({
      organizationId: job.organizationId,
      seq: firstSeq + i,
      resourceId: change.resourceId,
      dockId: job.dockId,
      kind: change.kind,
      name: change.name,
      change: change.change,
      diff: change.diff,
      at: new Date(at),
    }));
    await writeThrough(job, kind, [...resourceStatements(part), ...eventStatements(job.db, events)], () => indexEntries(part));
    job.onChanges?.(part, firstSeq);
  }
}
