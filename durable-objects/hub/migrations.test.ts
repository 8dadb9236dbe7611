import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OrgHub } from "../org-hub";
import { columnsOf, migrate } from "./migrations";
import { ScheduleStore } from "./schedule-store";

/** A hub never started (no request reached it), so its SQLite holds only what the test writes. */
const freshHub = () => env.ORG_HUB.get(env.ORG_HUB.idFromName(`migrations-${crypto.randomUUID()}`));

const versionOf = (sql: SqlStorage, module: string) => sql.exec<{ version: number }>("SELECT version FROM hub_migrations WHERE module = ?", module).toArray()[0]?.version;

describe("the hub's schema migrations", () => {
  it("apply each module's steps once, in order, and record how far it got", async () => {
    await runInDurableObject(freshHub(), (_hub: OrgHub, state) => {
      const sql = state.storage.sql;
      const ran: number[] = [];
      const steps = [() => ran.push(1), () => ran.push(2)];
      migrate(sql, { module: "sample", steps });
      migrate(sql, { module: "sample", steps });
      expect(ran).toEqual([1, 2]);
      expect(versionOf(sql, "sample")).toBe(2);
    });
  });

  it("bring a schedule made before webhooks existed up to date, keeping its rows", async () => {
    await runInDurableObject(freshHub(), (_hub: OrgHub, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE schedule (dock_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, interval_s INTEGER NOT NULL, next_run_at INTEGER,
        lease_until INTEGER, run_id TEXT, trigger TEXT, continuation TEXT, rejections INTEGER NOT NULL DEFAULT 0)`);
      sql.exec("INSERT INTO schedule (dock_id, enabled, interval_s, rejections) VALUES ('dock_old', 1, 600, 2)");
      const store = new ScheduleStore(sql);
      expect([...columnsOf(sql, "schedule")]).toEqual(expect.arrayContaining(["pending_kinds", "webhook_due_at"]));
      expect(store.get("dock_old")).toMatchObject({ enabled: 1, interval_s: 600, rejections: 2, pending_kinds: null });
      expect(versionOf(sql, "schedule")).toBe(2);
    });
  });

  it("adopt a schedule that already has every column without altering it", async () => {
    await runInDurableObject(freshHub(), (_hub: OrgHub, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE schedule (dock_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, interval_s INTEGER NOT NULL, next_run_at INTEGER,
        lease_until INTEGER, run_id TEXT, trigger TEXT, continuation TEXT, rejections INTEGER NOT NULL DEFAULT 0, pending_kinds TEXT, webhook_due_at INTEGER)`);
      sql.exec(`INSERT INTO schedule (dock_id, enabled, interval_s, pending_kinds) VALUES ('dock_new', 1, 300, '["repository"]')`);
      const store = new ScheduleStore(sql);
      expect(versionOf(sql, "schedule")).toBe(2);
      expect(store.queueKinds("dock_new", ["deployment"], 1_000)).toEqual(["repository", "deployment"]);
    });
  });

  it("refuse a schema newer than the code", async () => {
    await runInDurableObject(freshHub(), (_hub: OrgHub, state) => {
      const sql = state.storage.sql;
      // Storage a newer deployment migrated to step 2, read by code that knows one step (a rollback).
      migrate(sql, { module: "newer", steps: [] });
      sql.exec("INSERT INTO hub_migrations (module, version) VALUES ('older', 2)");
      expect(() => migrate(sql, { module: "older", steps: [() => undefined] })).toThrow(/newer than this code/);
    });
  });
});
