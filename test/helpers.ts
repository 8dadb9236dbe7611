import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { BuiltInRoleKey } from "../shared/permissions";
import { mailTo } from "../worker/services/mailer-outbox";
import { testEnv } from "./test-env";

export const ORIGIN = "http://localhost";

export interface Caller {
  cookie?: string;
  token?: string;
  ip?: string;
}

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

let ipCounter = 0;
/** Each call gets its own client address unless one is given, so log-in throttling stays per test. */
function nextIp(): string {
  ipCounter++;
  return `198.51.100.${ipCounter % 250}`;
}

export async function api<T = unknown>(method: string, path: string, options: Caller & { body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { "cf-connecting-ip": options.ip ?? nextIp(), ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (method !== "GET" && method !== "HEAD") {
    headers.origin ??= ORIGIN;
    if (!("content-type" in headers)) headers["content-type"] = "application/json";
    body = options.body === undefined ? "{}" : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body }));
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The session cookie a response set, as a Cookie header value: `__Host-edgedock_session` over https, `edgedock_session` over http. */
export function sessionCookie(headers: Headers): string {
  const setCookie = headers.get("set-cookie") ?? "";
  const match = /((?:__Host-)?edgedock_session)=([^;]+)/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return `${match[1]}=${match[2]}`;
}

/** The token of the newest confirmation link mailed to the address (the test mailer keeps mail in memory). */
export function verificationTokenFor(email: string): string {
  const mail = mailTo(email).at(-1);
  const token = mail && /\/verify-email#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no confirmation link was mailed to ${email}`);
  return token;
}

let userCounter = 0;
export const PASSWORD = "correct horse battery";

/** A new account as its owner gets one: sign up, follow the emailed link (which signs in), and keep the cookie. */
export async function signUp(name = "User"): Promise<{ cookie: string; user: { id: string; email: string; name: string } }> {
  userCounter++;
  const email = `${name.toLowerCase().replace(/\W+/g, "")}.${userCounter}.${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await api("POST", "/api/auth/signup", { body: { email, password: PASSWORD, name } });
  expect(res.status).toBe(202);
  const verified = await api<{ user: { id: string; email: string; name: string } }>("POST", "/api/auth/verify-email", { body: { token: verificationTokenFor(email) } });
  expect(verified.status).toBe(200);
  return { cookie: sessionCookie(verified.headers), user: verified.body.user };
}

export async function createOrg(cookie: string, name = "Acme"): Promise<string> {
  const res = await api<{ id: string }>("POST", "/api/orgs", { cookie, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

export async function roleIdOf(orgId: string, cookie: string, name: string): Promise<string> {
  const res = await api<{ items: { id: string; name: string }[] }>("GET", `/api/orgs/${orgId}/roles?limit=200`, { cookie });
  const role = res.body.items.find((r) => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role.id;
}

const ROLE_NAMES: Record<BuiltInRoleKey, string> = { owner: "Owner", admin: "Admin", viewer: "Viewer" };

/** Invites a new user with the role and has them accept, as a real member would join. */
export async function addMember(orgId: string, ownerCookie: string, role: BuiltInRoleKey | { roleId: string }, name = "Member") {
  const roleId = typeof role === "string" ? await roleIdOf(orgId, ownerCookie, ROLE_NAMES[role]) : role.roleId;
  const member = await signUp(name);
  const invite = await api<{ token: string }>("POST", `/api/orgs/${orgId}/invitations`, { cookie: ownerCookie, body: { email: member.user.email, roleId } });
  expect(invite.status).toBe(201);
  const accept = await api("POST", "/api/invitations/accept", { cookie: member.cookie, body: { token: invite.body.token } });
  expect(accept.status).toBe(200);
  return member;
}

export function fakeUrl(provider: string): string {
  const urls = JSON.parse(testEnv.FAKE_URLS) as Record<string, string>;
  const url = urls[provider];
  if (!url) throw new Error(`no fake for ${provider}`);
  return url;
}

/** Registers a fresh token with the provider fake and returns it. */
export async function fakeToken(provider = "digitalocean"): Promise<string> {
  const token = `dop_v1_${crypto.randomUUID().replace(/-/g, "")}${crypto.randomUUID().replace(/-/g, "")}`;
  const res = await fetch(`${fakeUrl(provider)}/_fake/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  expect(res.status).toBe(201);
  return token;
}

export async function injectFault(fault: Record<string, unknown>, provider = "digitalocean"): Promise<void> {
  const res = await fetch(`${fakeUrl(provider)}/_fake/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
  expect(res.status).toBe(201);
}

export async function connectDock(orgId: string, cookie: string, name = "DO prod") {
  const token = await fakeToken();
  const res = await api<{ id: string }>("POST", `/api/orgs/${orgId}/docks`, {
    cookie,
    body: { name, provider: "digitalocean", credentials: { token }, baseUrl: fakeUrl("digitalocean") },
  });
  expect(res.status).toBe(201);
  return { dockId: res.body.id, token };
}

export async function auditActions(orgId: string, cookie: string, query = ""): Promise<{ action: string; result: string; target: { id: string | null }; metadata: Record<string, unknown> | null }[]> {
  const res = await api<{ items: { action: string; result: string; target: { id: string | null }; metadata: Record<string, unknown> | null }[] }>(
    "GET",
    `/api/orgs/${orgId}/audit?limit=200${query}`,
    { cookie },
  );
  expect(res.status).toBe(200);
  return res.body.items;
}
