/**
 * Hardening item of the security review: names refuse C0/C1 control characters and bidirectional
 * embeddings, overrides and isolates, which can hide or reorder what a reader of a member list, an audit CSV
 * or a terminal sees. Every name field of the API answers 400 naming the field, and nothing is stored.
 */
import { describe, expect, it } from "vitest";
import { api, connectDock, createOrg, signUp } from "../helpers";

type ErrorBody = { error: { code: string; message: string } };

/** One of each family: C0 (NUL, BEL, ESC), DEL, C1 (NEL), a bidirectional override and an isolate. */
const UNSAFE = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u202A", "\u202E", "\u2066", "\u2069"];

describe("names refuse control characters and bidirectional overrides", () => {
  it("every name field answers 400 naming the field, and stores nothing", async () => {
    const { cookie } = await signUp("Names");
    const orgId = await createOrg(cookie, "Names");
    const role = await api<{ id: string }>("POST", `/api/orgs/${orgId}/roles`, { cookie, body: { name: "Readers", permissions: { resources: "read" } } });
    expect(role.status).toBe(201);
    const { dockId } = await connectDock(orgId, cookie, "Prod");

    const fields: [method: string, path: string, body: (name: string) => Record<string, unknown>][] = [
      ["POST", "/api/auth/signup", (name) => ({ email: `names-${crypto.randomUUID()}@example.com`, password: "a long unusual passphrase", name })],
      ["POST", "/api/orgs", (name) => ({ name })],
      ["PATCH", `/api/orgs/${orgId}`, (name) => ({ name })],
      ["POST", `/api/orgs/${orgId}/roles`, (name) => ({ name, permissions: { resources: "read" } })],
      ["PATCH", `/api/orgs/${orgId}/roles/${role.body.id}`, (name) => ({ name })],
      ["POST", `/api/orgs/${orgId}/tokens`, (name) => ({ name })],
      ["POST", `/api/orgs/${orgId}/docks`, (name) => ({ name, provider: "digitalocean", credentials: { token: "dop_v1_unused" } })],
      ["PATCH", `/api/orgs/${orgId}/docks/${dockId}`, (name) => ({ name })],
    ];
    for (const [method, path, body] of fields) {
      for (const unsafe of UNSAFE) {
        // Inside the name, where trimming cannot remove it.
        const res = await api<ErrorBody>(method, path, { cookie, body: body(`evil${unsafe}gpj.exe`) });
        const what = `${method} ${path} with U+${unsafe.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        expect(res.status, what).toBe(400);
        expect(res.body.error.code, what).toBe("bad_request");
        expect(res.body.error.message, what).toMatch(/name/);
        expect(res.body.error.message, what).toMatch(/control characters or bidirectional overrides/);
      }
    }

    // Nothing was renamed or created on the way.
    expect((await api<{ name: string }>("GET", `/api/orgs/${orgId}`, { cookie })).body.name).toBe("Names");
    expect((await api<{ name: string }>("GET", `/api/orgs/${orgId}/docks/${dockId}`, { cookie })).body.name).toBe("Prod");
    const roles = await api<{ items: { name: string }[] }>("GET", `/api/orgs/${orgId}/roles`, { cookie });
    expect(roles.body.items.map((r) => r.name).sort()).toEqual(["Admin", "Owner", "Readers", "Viewer"]);
    const tokens = await api<{ items: unknown[] }>("GET", `/api/orgs/${orgId}/tokens`, { cookie });
    expect(tokens.body.items).toEqual([]);
  });

  it("ordinary names in any script, with their own punctuation, are kept as typed", async () => {
    const { cookie } = await signUp("Scripts");
    for (const name of ["Ünïcödé GmbH", "株式会社エッジ", "שלום עולם", "مرحبا", "Team ✓ — prod/eu (2)"]) {
      const res = await api<{ id: string; name: string }>("POST", "/api/orgs", { cookie, body: { name } });
      expect(res.status, name).toBe(201);
      expect(res.body.name).toBe(name);
    }
  });
});
