/** What every response promises: JSON errors in one envelope, secure headers, no internals leaking. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import staticHeaders from "../../web/public/_headers?raw";
import { api, createOrg, ORIGIN, signUp } from "../../test/helpers";
import { endpointsOf, loadOpenApiDocument, operationsOf, unlistedDirectRoutes } from "../../test/security/openapi-operations";
import { API_CONTENT_SECURITY_POLICY } from "../app";
import { app } from "../index";

describe("API conventions", () => {
  it("send security headers and no-store on API responses", async () => {
    const res = await api("GET", "/api/providers");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("forbid API responses, whatever their status, to load, run or be framed as a document", async () => {
    expect(API_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
    const { cookie } = await signUp("Csp");
    const orgId = await createOrg(cookie, "Csp");
    const responses: [string, Headers][] = [
      ["GET /api/providers", (await api("GET", "/api/providers")).headers],
      ["GET /api/openapi.json", (await api("GET", "/api/openapi.json")).headers],
      ["GET /api/nothing-here (404)", (await api("GET", "/api/nothing-here")).headers],
      ["GET /api/me anonymously (401)", (await api("GET", "/api/me")).headers],
      ["POST /api/orgs oversized (413)", (await api("POST", "/api/orgs", { cookie, body: { name: "x".repeat(70_000) } })).headers],
      ["POST /api/orgs as text (415)", (await api("POST", "/api/orgs", { cookie, body: "name=x", headers: { "content-type": "text/plain" } })).headers],
      ["GET the audit export (CSV)", (await api("GET", `/api/orgs/${orgId}/audit/export`, { cookie })).headers],
      ["POST /webhooks to no dock (404)", (await exports.default.fetch(new Request(`${ORIGIN}/webhooks/github/dck_none`, { method: "POST", body: "{}" }))).headers],
    ];
    for (const [what, headers] of responses) {
      expect(headers.get("content-security-policy"), what).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("leave the dashboard's static files their own policy, which lets the single-page app run", () => {
    const policies = staticHeaders.split("\n").filter((line) => /^\s*Content-Security-Policy:/i.test(line));
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatch(/default-src 'self'/);
    expect(policies[0]).toMatch(/script-src 'self'/);
    expect(policies[0]).toMatch(/frame-ancestors 'none'/);
    expect(policies[0]).not.toMatch(/default-src 'none'/);
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

  it("quote the caller's own keys back only fit to show, and list a bounded number of issues", async () => {
    const { cookie } = await signUp("Echo");
    const orgId = await createOrg(cookie, "Echo");
    const key = `x\u202Egnp.exe\u0000\u001b[31m${"k".repeat(500)}\uD800`;
    const spoof = await api<{ error: { message: string; details: { issues: { field: string | null; message: string }[] } } }>("POST", "/api/orgs", { cookie, body: `{"name":"ok",${JSON.stringify(key)}:1}` });
    expect(spoof.status).toBe(400);
    const text = JSON.stringify(spoof.body);
    for (const unsafe of ["\u202E", "\u0000", "\u001b", "\uD800"]) expect(text.includes(unsafe), JSON.stringify(unsafe)).toBe(false);
    expect(spoof.body.error.message).toContain("gnp.exe");
    expect(text).not.toMatch(/\\u(?:202e|0000|001b|d800)/i);
    expect(spoof.body.error.message.length).toBeLessThan(300);
    expect(spoof.body.error.message).toMatch(/^invalid body: Unrecognized key/);

    const manyWrong = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field${i}`, i]));
    const many = await api<{ error: { details: { issues: unknown[]; omittedIssues?: number } } }>("POST", `/api/orgs/${orgId}/docks`, {
      cookie,
      body: { name: "d", provider: "digitalocean", credentials: manyWrong },
    });
    expect(many.status).toBe(400);
    expect(many.body.error.details.issues).toHaveLength(20);
    expect(many.body.error.details.omittedIssues).toBe(480);
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
    // Each route's expectations are listed, one by one, in the permission matrix; here: nothing the app
    // serves is missing from the document, apart from the routes it cannot describe.
    const operations = operationsOf(await loadOpenApiDocument());
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(unlistedDirectRoutes(endpointsOf(app.routes), operations)).toEqual([]);
    const documented = new Set(operations.map((o) => o.key));
    for (const key of ["GET /api/me", "POST /api/orgs", "GET /api/orgs/{orgId}/docks/{dockId}", "GET /api/orgs/{orgId}/audit/export", "GET /api/providers"]) {
      expect(documented.has(key), key).toBe(true);
    }
    const signup = res.body.paths["/api/auth/signup"]!.post as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    expect(signup.requestBody.content["application/json"]!.schema.required).toEqual(expect.arrayContaining(["email", "password", "name"]));
  });

  it("names every operation once and states who may call it", async () => {
    type Described = { operationId?: string; security?: Record<string, string[]>[] };
    const res = await api<{ paths: Record<string, Record<string, Described>>; components: { securitySchemes: Record<string, unknown> } }>("GET", "/api/openapi.json");
    const described = Object.entries(res.body.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, ...op })));
    const ids = described.map((op) => op.operationId);
    for (const op of described) expect(op.operationId, op.key).toMatch(/^[a-z][A-Za-z]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Redocly would accept a public route marked `security: []` by mistake; the list of public ones is kept here.
    const open = described.filter((op) => op.security?.length === 0).map((op) => op.key);
    expect(open.sort()).toEqual(["GET /api/providers", "POST /api/auth/login", "POST /api/auth/signup", "POST /api/auth/verify-email"]);
    const schemes = Object.keys(res.body.components.securitySchemes).sort();
    expect(schemes).toEqual(["bearer", "session"]);
    for (const op of described.filter((o) => o.security?.length !== 0)) {
      expect(op.security, op.key).toEqual([{ session: [] }, { bearer: [] }]);
    }
  });
});
