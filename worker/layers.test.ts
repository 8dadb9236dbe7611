/**
 * The Worker's layers depend one way: routes → middleware → services → lib and db. A service that reached up
 * into middleware or a route (as resource listing once did for a permission check) would tie the logic the
 * OrgHub and the cron share to one request pipeline, and invite cycles.
 */
import { describe, expect, it } from "vitest";

const lower = import.meta.glob(["./services/*.ts", "./lib/*.ts", "./db/*.ts", "!./**/*.test.ts"], { query: "?raw", import: "default", eager: true });

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
