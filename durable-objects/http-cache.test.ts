/** The conditional-request cache in a hub's SQLite: per dock, bounded, oldest stored evicted first. */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createHttpCacheTable, dropHttpCache, httpCacheFor } from "./http-cache";
import type { OrgHub } from "./org-hub";

const hub = () => env.ORG_HUB.get(env.ORG_HUB.idFromName(`http-cache-${crypto.randomUUID()}`));
const entry = (etag: string, body = "{}") => ({ etag, body, headers: { link: `<https://x.example/${etag}>; rel="next"` } });

describe("the hub's HTTP cache", () => {
  it("keeps entries per dock and forgets only the dropped dock's", async () => {
    await runInDurableObject(hub(), (_i: OrgHub, state) => {
      // The hub makes its tables in onStart, which only a request to it runs.
      createHttpCacheTable(state.storage.sql);
      const a = httpCacheFor(state.storage.sql, "dck_a");
      const b = httpCacheFor(state.storage.sql, "dck_b");
      a.put("https://x.example/1", entry("a1", '{"a":1}'));
      b.put("https://x.example/1", entry("b1", '{"b":1}'));
      expect(a.get("https://x.example/1")).toEqual(entry("a1", '{"a":1}'));
      expect(b.get("https://x.example/1")).toEqual(entry("b1", '{"b":1}'));
      a.put("https://x.example/1", entry("a2", '{"a":2}'));
      expect(a.get("https://x.example/1")?.etag).toBe("a2");
      dropHttpCache(state.storage.sql, "dck_a");
      expect(a.get("https://x.example/1")).toBeNull();
      expect(b.get("https://x.example/1")?.etag).toBe("b1");
    });
  });

  it("stays within its bounds by evicting the oldest stored, never the entry just stored", async () => {
    await runInDurableObject(hub(), (_i: OrgHub, state) => {
      // The hub makes its tables in onStart, which only a request to it runs.
      createHttpCacheTable(state.storage.sql);
      let clock = 1_000;
      const cache = httpCacheFor(state.storage.sql, "dck_c", { entries: 3, chars: 10 }, () => clock++);
      for (const n of [1, 2, 3, 4]) cache.put(`https://x.example/${n}`, entry(`e${n}`, "ab"));
      // Four entries, a bound of three: the first stored went.
      expect([1, 2, 3, 4].map((n) => cache.get(`https://x.example/${n}`)?.etag ?? null)).toEqual([null, "e2", "e3", "e4"]);
      // A body of 7 characters with 2 + 2 already held passes 10: the oldest go until it fits.
      cache.put("https://x.example/5", entry("e5", "abcdefg"));
      expect([2, 3, 4, 5].map((n) => cache.get(`https://x.example/${n}`)?.etag ?? null)).toEqual([null, null, "e4", "e5"]);
      // Larger than the bound alone, it is still kept: it is what the next request will ask about.
      cache.put("https://x.example/6", entry("e6", "x".repeat(20)));
      expect([4, 5, 6].map((n) => cache.get(`https://x.example/${n}`)?.etag ?? null)).toEqual([null, null, "e6"]);
      const usage = state.storage.sql.exec<{ entries: number; chars: number }>("SELECT entries, chars FROM http_cache_usage WHERE dock_id = 'dck_c'").toArray()[0];
      expect(usage).toEqual({ entries: 1, chars: 20 });
    });
  });
});
