/** What every response promises: JSON errors in one envelope, secure headers, no internals leaking. */
import { describe, expect, it } from "vitest";
import { api, createOrg, signUp } from "../../test/helpers";

describe("API conventions", () => {
  it("send security headers and no-store on API responses", async () => {
    const res = await api("GET", "/api/providers");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answer an unknown route with the error envelope", async () => {
    const res = await api<{ error: { code: string; message: string } }>("GET", "/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: "no route for GET /api/nothing-here" } });
  });

  it("answer malformed JSON, oversized bodies and wrong types with 4xx, never 500", async () => {
    const { cookie } = await signUp("Edge");
    const malformed = await api<{ error: { code: string } }>("POST", "/api/orgs", { cookie, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");
    const huge = await api<{ error: { code: string } }>("POST", "/api/orgs", { cookie, body: { name: "x".repeat(70_000) } });
    expect(huge.status).toBe(413);
    const wrongType = await api<{ error: { message: string } }>("POST", "/api/orgs", { cookie, body: { name: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/^invalid body: name:/);
    const array = await api("POST", "/api/orgs", { cookie, body: [] });
    expect(array.status).toBe(400);
  });

  it("name the bad field for each kind of input: body, query and path", async () => {
    const { cookie } = await signUp("Fields");
    const orgId = await createOrg(cookie, "Fields");
    const cases: [string, string, unknown, RegExp][] = [
      ["POST", "/api/auth/signup", { email: "not-an-email", password: "long enough pw", name: "x" }, /email/],
      ["POST", "/api/auth/signup", { email: "a@example.com", password: "long enough pw" }, /name/],
      ["POST", "/api/auth/login", { email: "a@example.com" }, /password/],
      ["POST", "/api/orgs", {}, /name/],
      ["PATCH", `/api/orgs/${orgId}`, { name: "" }, /name/],
      ["PATCH", `/api/orgs/${orgId}/members/usr_x`, {}, /roleId/],
      ["POST", `/api/orgs/${orgId}/invitations`, { email: "x@example.com" }, /roleId/],
      ["POST", `/api/orgs/${orgId}/invitations`, { email: "nope", roleId: "r" }, /email/],
      ["POST", `/api/orgs/${orgId}/roles`, { permissions: {} }, /name/],
      ["PATCH", `/api/orgs/${orgId}/roles/rol_x`, {}, /name or permissions/],
      ["POST", `/api/orgs/${orgId}/tokens`, { name: "t", expiresAt: "soon" }, /expiresAt/],
      ["POST", `/api/orgs/${orgId}/docks`, { provider: "digitalocean", credentials: {} }, /name/],
      ["PATCH", `/api/orgs/${orgId}/docks/dck_x`, {}, /at least one field/],
      ["GET", `/api/orgs/${orgId}/docks?limit=0`, undefined, /limit/],
      ["GET", `/api/orgs/${orgId}/members?limit=500`, undefined, /limit/],
      ["GET", `/api/orgs/${orgId}/audit?limit=abc`, undefined, /limit/],
      ["GET", `/api/orgs/${orgId}/audit/export?from=yesterday`, undefined, /from/],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api<{ error: { code: string; message: string } }>(method, path, { cookie, body });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
      expect(res.body.error.message, `${method} ${path}`).toMatch(field);
    }
  });
});

describe("the OpenAPI document", () => {
  it("is generated from the route schemas and lists every route", async () => {
    const res = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const routes = Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        "POST /api/auth/signup",
        "POST /api/auth/login",
        "POST /api/auth/logout",
        "GET /api/me",
        "GET /api/orgs",
        "POST /api/orgs",
        "GET /api/orgs/{orgId}",
        "PATCH /api/orgs/{orgId}",
        "GET /api/orgs/{orgId}/members",
        "PATCH /api/orgs/{orgId}/members/{userId}",
        "DELETE /api/orgs/{orgId}/members/{userId}",
        "GET /api/orgs/{orgId}/invitations",
        "POST /api/orgs/{orgId}/invitations",
        "DELETE /api/orgs/{orgId}/invitations/{invitationId}",
        "POST /api/invitations/{token}/accept",
        "GET /api/orgs/{orgId}/roles",
        "POST /api/orgs/{orgId}/roles",
        "PATCH /api/orgs/{orgId}/roles/{roleId}",
        "DELETE /api/orgs/{orgId}/roles/{roleId}",
        "GET /api/orgs/{orgId}/tokens",
        "POST /api/orgs/{orgId}/tokens",
        "DELETE /api/orgs/{orgId}/tokens/{tokenId}",
        "GET /api/orgs/{orgId}/docks",
        "POST /api/orgs/{orgId}/docks",
        "GET /api/orgs/{orgId}/docks/{dockId}",
        "PATCH /api/orgs/{orgId}/docks/{dockId}",
        "DELETE /api/orgs/{orgId}/docks/{dockId}",
        "GET /api/orgs/{orgId}/audit",
        "GET /api/orgs/{orgId}/audit/export",
        "POST /api/orgs/{orgId}/docks/{dockId}/sync",
        "GET /api/orgs/{orgId}/docks/{dockId}/runs",
        "GET /api/orgs/{orgId}/resources",
        "GET /api/orgs/{orgId}/resources/{resourceId}",
        "GET /api/orgs/{orgId}/events",
        "GET /api/orgs/{orgId}/summary",
        "GET /api/orgs/{orgId}/docks/{dockId}/webhook",
        "POST /api/orgs/{orgId}/docks/{dockId}/webhook/rotate",
        "GET /api/providers",
      ].sort(),
    );
    const signup = res.body.paths["/api/auth/signup"]!.post as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    expect(signup.requestBody.content["application/json"]!.schema.required).toEqual(expect.arrayContaining(["email", "password", "name"]));
  });
});
