/**
 * What the dashboard's resource navigation shows, from the declarations: every group, each readable kind
 * with its count, and — unless all are asked for — only the kinds that have something, so two dozen kinds
 * stay a short list. Kept apart from React so it is tested with the declarations.
 */
import { kindDeclaration, kindGroups } from "./index";
import type { KindGroupId, ResourceKind } from "./index";

export interface NavigationKind {
  kind: ResourceKind;
  label: string;
  /** Live resources of the kind; null while the counts are not known. */
  count: number | null;
}

export interface NavigationGroup {
  id: KindGroupId;
  label: string;
  kinds: NavigationKind[];
}

export interface NavigationInput {
  /** Whether the member's role may read a kind (its declared area). */
  canRead: (kind: ResourceKind) => boolean;
  /** The summary's `byKind`; undefined while it loads or when it could not be read, and then every kind shows. */
  counts: Readonly<Record<string, number>> | undefined;
  showAll: boolean;
  /** The kind whose page is open: always shown, so the page's own entry never disappears. */
  current?: ResourceKind;
}

export interface Navigation {
  groups: NavigationGroup[];
  /** Readable kinds left out because nothing of them is synced; what "Show all" would add. */
  hidden: number;
}

export function resourceNavigation({ canRead, counts, showAll, current }: NavigationInput): Navigation {
  let hidden = 0;
  const groups: NavigationGroup[] = [];
  for (const group of kindGroups()) {
    const kinds: NavigationKind[] = [];
    for (const kind of group.kinds) {
      if (!canRead(kind)) continue;
      const count = counts ? (counts[kind] ?? 0) : null;
      if (!showAll && count === 0 && kind !== current) {
        hidden++;
        continue;
      }
      kinds.push({ kind, label: kindDeclaration(kind).labels.plural, count });
    }
    if (kinds.length > 0) groups.push({ id: group.id, label: group.label, kinds });
  }
  return { groups, hidden };
}
