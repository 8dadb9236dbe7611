/**
 * The Worker's layers depend one way: routes → middleware → services → lib and db. A service that reached up
 * into middleware or a route (as resource listing once did for a permission check) would tie the logic the
 * OrgHub and the cron share to one request pipeline, and invite cycles.
 */
import { describe, expect, it } from "vitest";

const lower = import.meta.glob(["./services/*.ts", "./lib/*.ts", "!./**/*.test.ts"], { query: "?raw", import: "default", eager: true });

describe("the Worker's layers", () => {
  it("services, lib and db import neither routes nor middleware", () => {
    expect(Object.keys(lower)).toEqual(expect.arrayContaining(["./services/resources.ts", "./services/permission-checks.ts", "./lib/keyset.ts"]));
    const upward = Object.entries(lower).flatMap(([path, text]) =>
      [...text.matchAll(/^import\b[^;]*?\bfrom\s+"(\.\.\/(?:routes|middleware)\/[^"]*|\.\.\/app)"/gm)].map((m) => `${path} imports ${m[1]}`),
    );
    expect(upward).toEqual([]);
  });

  it("lib and db import no service either", () => {
    const libAndDb = Object.entries(lower).filter(([path]) => !path.startsWith("./services/"));
    const upward = libAndDb.flatMap(([path, text]) => [...text.matchAll(/^import\b[^;]*?\bfrom\s+"(\.\.\/services\/[^"]*)"/gm)].map((m) => `${path} imports ${m[1]}`));
    expect(upward).toEqual([]);
  });
});

/**
 * The Worker and the Durable Object meet only in `core/` (db, audit, access, credentials, mappers) and
 * `shared/`: the object imports nothing of the Worker, `core/` neither of them, and the Worker knows the object
 * only as the type of its binding — and, in its entry module, as the class it exports for the runtime.
 */
describe("the Worker, the OrgHub and core", () => {
  const source = (glob: Record<string, unknown>) => Object.entries(glob as Record<string, string>);
  const importsOf = (text: string) => [...text.matchAll(/^(import|export)(\s+type)?\b[^;]*?\bfrom\s+"([^"]+)"/gm)].map((m) => ({ typeOnly: m[2] !== undefined, from: m[3]!, statement: m[1]! }));
  const worker = source(import.meta.glob(["./**/*.ts", "!./**/*.test.ts"], { query: "?raw", import: "default", eager: true }));
  const hub = source(import.meta.glob(["../durable-objects/**/*.ts", "!../durable-objects/**/*.test.ts"], { query: "?raw", import: "default", eager: true }));
  const core = source(import.meta.glob(["../core/**/*.ts", "!../core/**/*.test.ts"], { query: "?raw", import: "default", eager: true }));

  it("the OrgHub imports nothing from the Worker", () => {
    expect(hub.length).toBeGreaterThan(10);
    const found = hub.flatMap(([path, text]) => importsOf(text).flatMap((i) => (/(^|\/)worker\//.test(i.from) ? [`${path} imports ${i.from}`] : [])));
    expect(found).toEqual([]);
  });

  it("core imports neither the Worker nor the OrgHub", () => {
    expect(core.map(([path]) => path)).toEqual(expect.arrayContaining(["../core/db/schema.ts", "../core/access.ts", "../core/audit.ts", "../core/mappers/dock.ts"]));
    const found = core.flatMap(([path, text]) => importsOf(text).flatMap((i) => (/(^|\/)(worker|durable-objects)\//.test(i.from) ? [`${path} imports ${i.from}`] : [])));
    expect(found).toEqual([]);
  });

  it("the Worker uses the OrgHub only as a type, except to export it to the runtime", () => {
    const found = worker.flatMap(([path, text]) =>
      importsOf(text).flatMap((i) => (i.from.includes("durable-objects/") && !i.typeOnly && !(path === "./index.ts" && i.statement === "export") ? [`${path} imports ${i.from}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
