import { inArray } from "drizzle-orm";
import type { Dock, DockKind } from "../../shared/docks";
import { getAdapter } from "../../adapters/registry";
import type { Db, DockRow } from "../db/client";
import { dockKindListings } from "../db/schema";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Docks' kind standings per dock id, for docks read together (a page of the list is one query). */
export async function loadDockKinds(db: Db, dockIds: readonly string[]): Promise<Map<string, DockKind[]>> {
  const byDock = new Map<string, DockKind[]>();
  if (dockIds.length === 0) return byDock;
  const rows = await db.select().from(dockKindListings).where(inArray(dockKindListings.dockId, [...dockIds]));
  for (const r of rows) {
    const kinds = byDock.get(r.dockId) ?? [];
    kinds.push({
      kind: r.kind,
      outcome: r.outcome,
      count: r.count,
      listedAt: iso(r.listedAt),
      attemptedAt: iso(r.attemptedAt),
      reason: r.reason,
      scope: r.missingScope,
    });
    byDock.set(r.dockId, kinds);
  }
  return byDock;
}

/** The kinds in the order the provider lists them (the order a run takes them), unknown ones last by name. */
function inProviderOrder(provider: string, kinds: readonly DockKind[]): DockKind[] {
  const order: readonly string[] = getAdapter(provider)?.resourceKinds ?? [];
  const rank = (kind: string) => (order.includes(kind) ? order.indexOf(kind) : order.length);
  return [...kinds].sort((a, b) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind));
}

/** One dock with its kinds, read now. */
export async function dockView(db: Db, row: DockRow): Promise<Dock> {
  return toDock(row, (await loadDockKinds(db, [row.id])).get(row.id) ?? []);
}

/** The public view of a dock: never the credentials, only their hint. */
export function toDock(row: DockRow, kinds: readonly DockKind[]): Dock {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    status: row.status,
    credentialsHint: row.credentialsHint,
    baseUrl: row.baseUrl,
    syncEnabled: row.syncEnabled,
    syncIntervalSeconds: row.syncIntervalSeconds,
    lastSyncAt: iso(row.lastSyncAt),
    lastError: row.lastError,
    consecutiveFailures: row.consecutiveFailures,
    backoffUntil: iso(row.backoffUntil),
    nextSyncAt: iso(row.nextSyncAt),
    rateLimit: row.rateLimit ?? null,
    kinds: inProviderOrder(row.provider, kinds),
    scope: row.scope ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
