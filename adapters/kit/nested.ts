/**
 * Nested listings: children of each parent (DNS records of each domain, deployments of each repository).
 * The parents are themselves paged (any scheme of the kit, through `itemPages`), and each parent's children
 * are a lister of their own.
 *
 * Cursor: a JSON array `[parentsCursor, parentId, childCursor]` —
 * - `parentsCursor`: the cursor the current page of parents was fetched with (null: the first page);
 * - `parentId`: the parent on that page to go on with (null: the page's first);
 * - `childCursor`: where that parent's children resume (null: from their start).
 * e.g. `["2:173","example.com","3"]`, `[null,"42",null]`.
 */
import { z } from "zod";
import type { Lister } from "../types";
import { invalidCursor, isNotFound, MAX_CURSOR_LENGTH } from "./core";
import type { ItemPager } from "./core";
import { memoWithin } from "./page-memo";

const nestedCursorSchema = z
  .tuple([z.string().min(1).nullable(), z.string().min(1).nullable(), z.string().min(1).nullable()])
  .refine(([, parent, child]) => child === null || parent !== null, "a child cursor needs its parent");

type NestedCursor = { parents: string | null; parent: string | null; child: string | null };

function parseNestedCursor(cursor: string): NestedCursor {
  let raw: unknown;
  try {
    raw = cursor.length > MAX_CURSOR_LENGTH ? null : JSON.parse(cursor);
  } catch {
    throw invalidCursor("nested", cursor);
  }
  const parsed = nestedCursorSchema.safeParse(raw);
  if (!parsed.success) throw invalidCursor("nested", cursor);
  const [parents, parent, child] = parsed.data;
  return { parents, parent, child };
}

const nestedCursor = (parents: string | null, parent: string | null, child: string | null) => JSON.stringify([parents, parent, child]);

export interface NestedSpec<Credentials, Parent> {
  /** The parents, page by page (`itemPages(...)`). Ordered by something that does not change (an id), ideally. */
  parents: ItemPager<Credentials, Parent>;
  /** What tells a parent apart on its page, to find it again on resume. */
  parentId: (parent: Parent) => string;
  /** The lister of one parent's children. */
  children: (parent: Parent) => Lister<Credentials>;
  /**
   * Whether an error from a parent's children means the parent is gone (deleted since the parent list was
   * read): its children went with it and it is passed over. Default: the provider's 404.
   */
  isGone?: (err: unknown) => boolean;
}

/**
 * Lists every parent's children. A parent deleted between the parent list and its children's fetch is passed
 * over. A resumed listing whose parent is no longer on its page (deleted, or moved by others) starts again
 * from the first parent: children listed twice are written once, while starting anywhere later could skip
 * some and sweep them as deleted.
 */
export function nested<Credentials, Parent>(spec: NestedSpec<Credentials, Parent>): Lister<Credentials> {
  const isGone = spec.isGone ?? isNotFound;
  return async function* (credentials, ctx, cursor) {
    const resume = cursor === null ? null : parseNestedCursor(cursor);
    let parentsCursor = resume?.parents ?? null;
    let startAt = resume?.parent ?? null;
    let childCursor = resume?.child ?? null;
    for (;;) {
      let restart = false;
      for await (const page of spec.parents(credentials, ctx, parentsCursor)) {
        let from = 0;
        if (startAt !== null) {
          const found = page.items.findIndex((p) => spec.parentId(p) === startAt);
          startAt = null;
          if (found < 0) {
            childCursor = null;
            // Already on the first page: go on from its first parent; else fetch the first page again.
            if (page.at !== null) {
              restart = true;
              break;
            }
          } else from = found;
        }
        const afterPage = page.next === null ? null : nestedCursor(page.next, null, null);
        // Whether this page's end has been handed out as a cursor; if not, an empty page does it.
        let endYielded = false;
        for (let i = from; i < page.items.length; i++) {
          const parent = page.items[i]!;
          const following = page.items[i + 1];
          const after = following === undefined ? afterPage : nestedCursor(page.at, spec.parentId(following), null);
          const resumeAt = i === from ? childCursor : null;
          childCursor = null;
          try {
            for await (const children of spec.children(parent)(credentials, memoWithin(ctx, parent), resumeAt)) {
              const next = children.next === null ? after : nestedCursor(page.at, spec.parentId(parent), children.next);
              endYielded = next === afterPage;
              yield { ...children, next };
            }
          } catch (err) {
            if (!isGone(err)) throw err;
            endYielded = after === afterPage;
            yield { resources: [], next: after };
          }
        }
        if (!endYielded) yield { resources: [], next: afterPage };
      }
      if (!restart) return;
      parentsCursor = null;
    }
  };
}
