/**
 * Sequenced listings: one kind read from several listings, one after the other (DigitalOcean's regular then
 * GPU droplets, reserved IPv4 then IPv6 addresses, load balancers then CDN endpoints).
 *
 * Cursor: the first part's own cursors bare, so a cursor saved before the kind had more parts still resumes
 * that part; a later part's as `<name>` (its start) or `<name>:<its cursor>`, e.g. `"3:412"`, `"gpus"`,
 * `"gpus:2:9"`. A bare cursor is read as a later part's when it equals that part's name or starts with
 * `<name>:`, so the first part's cursors must never look like that (page numbers, offsets and paths do not).
 */
import type { Lister } from "../types";
import { memoWithin } from "./page-memo";

/** One listing of a sequenced kind. */
export interface SequencePart<Credentials> {
  /** Its name in the cursor: unique within the sequence, without a colon. */
  name: string;
  list: Lister<Credentials>;
  /**
   * Whether an error on this part's first page means the account has none of it (a feature it cannot have)
   * rather than that something broke: the part then yields an empty page and the sequence goes on. On a later
   * page the same error fails the kind, since part of the listing has been seen and the rest would be swept.
   */
  absentWhen?: (err: unknown) => boolean;
}

/**
 * Lists every part in turn under one cursor. The kind ends only when the last part completes, so a sweep never
 * deletes what a failed later part hid.
 */
export function inSequence<Credentials>(parts: readonly [SequencePart<Credentials>, ...SequencePart<Credentials>[]]): Lister<Credentials> {
  return async function* (credentials, ctx, cursor) {
    let index = 0;
    let inner = cursor;
    for (let i = 1; i < parts.length && cursor !== null; i++) {
      const name = parts[i]!.name;
      if (cursor === name || cursor.startsWith(`${name}:`)) {
        index = i;
        inner = cursor === name ? null : cursor.slice(name.length + 1);
      }
    }
    for (; index < parts.length; index++, inner = null) {
      const part = parts[index]!;
      const following = parts[index + 1]?.name ?? null;
      const wrap = (next: string | null) => (next === null ? following : index === 0 ? next : `${part.name}:${next}`);
      // Only a part listed from its start may turn out to be absent: a resumed one has been seen to exist.
      let first = inner === null;
      try {
        for await (const page of part.list(credentials, memoWithin(ctx, part.name), inner)) {
          first = false;
          yield { ...page, next: wrap(page.next) };
        }
      } catch (err) {
        if (!first || !part.absentWhen?.(err)) throw err;
        yield { resources: [], next: following };
      }
    }
  };
}
