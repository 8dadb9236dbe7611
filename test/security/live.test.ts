/**
 * Regression tests for finding 7 of the security review: live sockets that outlived their session or API
 * token. A socket ends with the credential that opened it — at sign-out, at a token's deletion, at expiry (on
 * the hub's alarm, which comes at least every minute while such sockets are open) — and a socket whose
 * credential ended gets no history. Each test is named after the behaviour it protects.
 */
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { CREDENTIAL_CHECK_MS } from "../../durable-objects/hub/live-channel";
import type { OrgHub } from "../../durable-objects/org-hub";
import type { Dock } from "../../shared/docks";
import type { ServerMessage } from "../../shared/live";
import { CLOSE_SESSION_ENDED } from "../../shared/live";
import { createDb } from "../../core/db/client";
import { sha256Hex } from "../../core/crypto";
import { credentialStandings } from "../../core/access";
import type { LiveCredential } from "../../core/access";
import { api, connectDock, createOrg, PASSWORD, sessionCookie, signUp } from "../helpers";
import { idToken } from "../id-tokens";
import { connectLive, is } from "../live-helpers";
import type { LiveClient } from "../live-helpers";
import { runs, settled } from "../sync-helpers";

type Person = Awaited<ReturnType<typeof signUp>>;

const hubOf = (orgId: string) => env.ORG_HUB.get(env.ORG_HUB.idFromName(orgId)) as DurableObjectStub<OrgHub>;
const alarmOf = (orgId: string) => runInDurableObject(hubOf(orgId), (_hub: OrgHub, state) => state.storage.getAlarm());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Another session of the same person, as a second browser gets one. */
async function secondSession(person: Person): Promise<string> {
  const res = await api("POST", "/api/auth/login", { body: { email: person.user.email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return sessionCookie(res.headers);
}

async function createToken(orgId: string, cookie: string, expiresAt?: number): Promise<{ id: string; token: string }> {
  const body = { name: "live", ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }) };
  const res = await api<{ id: string; token: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function opened(orgId: string, auth: { cookie?: string; token?: string }): Promise<LiveClient> {
  const live = await connectLive(orgId, auth);
  expect(live.status).toBe(101);
  await live.waitFor(is("hello"));
  return live;
}

const dockStatusNamed = (name: string) => (m: ServerMessage): m is Extract<ServerMessage, { type: "dock.status" }> => m.type === "dock.status" && m.dock.name === name;

let owner: Person;
/** An organization with a dock, whose renames publish `dock.status`. */
let dockOrg: string;
let dockId: string;

beforeAll(async () => {
  owner = await signUp("Live security");
  dockOrg = await createOrg(owner.cookie, "Live security");
  ({ dockId } = await connectDock(dockOrg, owner.cookie));
  await settled(dockOrg, dockId, owner.cookie);
});

describe("sign-out", () => {
  it("signing out closes that session's live sockets, and they receive nothing more", async () => {
    const leaving = await secondSession(owner);
    const staying = await secondSession(owner);
    const gone = await opened(dockOrg, { cookie: leaving });
    const kept = await opened(dockOrg, { cookie: staying });
    // Hibernated sockets are woken by the sign-out: what they were opened with survives in their attachment.
    // (Eviction waits out its drain timeout, as the Worker relays each open socket: hence the longer limit.)
    await evictDurableObject(hubOf(dockOrg));

    expect((await api("POST", "/api/auth/logout", { cookie: leaving })).status).toBe(204);
    // Closed by the sign-out itself, not by the next periodic check (the alarm is up to a minute away).
    expect(await gone.waitForClose(5_000)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    const receivedBefore = gone.messages.length;

    expect((await api("PATCH", `/api/orgs/${dockOrg}/docks/${dockId}`, { cookie: staying, body: { name: "after sign-out" } })).status).toBe(200);
    await kept.waitFor(dockStatusNamed("after sign-out"));
    expect(kept.closed).toBeNull();
    expect(gone.messages.length).toBe(receivedBefore);
    expect(gone.messages.some(dockStatusNamed("after sign-out"))).toBe(false);
    // And the signed-out cookie cannot open another.
    expect((await connectLive(dockOrg, { cookie: leaving })).status).toBe(401);
    kept.close();
  }, 60_000);
});

describe("API tokens", () => {
  it("an API token's socket is closed within a minute of the token's expiry", async () => {
    const person = await signUp("Token expiry");
    // No docks: only the check of the socket's credential keeps the hub's alarm coming.
    const orgId = await createOrg(person.cookie, "No docks");
    const { id, token } = await createToken(orgId, person.cookie, Date.now() + 3_600_000);
    const live = await opened(orgId, { token });

    // The token expires in an hour, but the hub looks again within the minute, and keeps doing so.
    const armed = await alarmOf(orgId);
    expect(armed).not.toBeNull();
    expect(armed!).toBeLessThanOrEqual(Date.now() + CREDENTIAL_CHECK_MS);
    expect(await runDurableObjectAlarm(hubOf(orgId))).toBe(true);
    expect(live.closed).toBeNull();
    const rearmed = await alarmOf(orgId);
    expect(rearmed).not.toBeNull();
    expect(rearmed!).toBeLessThanOrEqual(Date.now() + CREDENTIAL_CHECK_MS);

    // Time passes (set in D1 rather than waited for): the token's expiry is behind us. The next alarm ends it.
    await env.DB.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?").bind(Date.now() - 1_000, id).run();
    expect(await runDurableObjectAlarm(hubOf(orgId))).toBe(true);
    expect(await live.waitForClose(5_000)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    // Nothing left to check and no dock to sync: the hub stops waking up.
    expect(await alarmOf(orgId)).toBeNull();
    expect((await connectLive(orgId, { token })).status).toBe(401);
  });

  it("a token's socket receives nothing published after the token's expiry, even before the alarm comes", async () => {
    const person = await signUp("Token deadline");
    const orgId = await createOrg(person.cookie, "Deadline");
    const expiresAt = Date.now() + 2_000;
    const { token } = await createToken(orgId, person.cookie, expiresAt);
    const live = await opened(orgId, { token });
    // The alarm comes at the expiry when that is sooner than the minute.
    expect(await alarmOf(orgId)).toBeLessThanOrEqual(expiresAt);
    // But it may come late (a long sync holds the hub's one alarm): here it does not come at all.
    await runInDurableObject(hubOf(orgId), (_hub: OrgHub, state) => state.storage.deleteAlarm());

    await sleep(Math.max(0, expiresAt - Date.now()) + 100);
    // A settings change is announced to the organization's sockets: not to this one any more.
    await createToken(orgId, person.cookie);
    expect(await live.waitForClose(5_000)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    expect(live.messages.filter((m) => m.type === "org.changed")).toEqual([]);
  });

  it("a deleted API token's socket is closed", async () => {
    const person = await signUp("Token deletion");
    const orgId = await createOrg(person.cookie, "Deletion");
    const { id, token } = await createToken(orgId, person.cookie);
    const tokenSocket = await opened(orgId, { token });
    const sessionSocket = await opened(orgId, { cookie: person.cookie });

    expect((await api("DELETE", `/api/orgs/${orgId}/tokens/${id}`, { cookie: person.cookie })).status).toBe(204);
    // By the deletion itself, not by the next periodic check a minute away.
    expect(await tokenSocket.waitForClose(5_000)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    // The same person's session is another credential and stays.
    await sessionSocket.waitFor((m): m is ServerMessage => m.type === "org.changed" && m.what === "tokens");
    expect(sessionSocket.closed).toBeNull();
    expect((await connectLive(orgId, { token })).status).toBe(401);
    sessionSocket.close();
  });
});

describe("identity-provider tokens", () => {
  it("a socket opened with an identity-provider token is closed when that token expires", async () => {
    const person = await signUp("Identity socket");
    const orgId = await createOrg(person.cookie, "Identity");
    // The identity provider asserts the address the account proved at sign-up: the same member.
    const jwt = await idToken({ sub: "idp|identity-socket", email: person.user.email, email_verified: true }, { expiresIn: "3s" });
    const live = await opened(orgId, { token: jwt });
    // Nothing in D1 can revoke a JWT; its own expiry is its end, and the hub's alarm is set for it.
    const armed = await alarmOf(orgId);
    expect(armed).not.toBeNull();
    expect(armed!).toBeLessThanOrEqual(Date.now() + 3_000);

    // The alarm is due by now: it either fired by itself or is run here.
    await sleep(Math.max(0, armed! - Date.now()) + 100);
    await runDurableObjectAlarm(hubOf(orgId));
    expect(await live.waitForClose(5_000)).toMatchObject({ code: CLOSE_SESSION_ENDED });
  });
});

describe("resuming", () => {
  it("a socket cannot resume history after its session ended", async () => {
    const cookie = await secondSession(owner);
    const live = await opened(dockOrg, { cookie });
    const hello = await live.waitFor(is("hello"));
    // History the socket could ask for again.
    expect((await api("PATCH", `/api/orgs/${dockOrg}/docks/${dockId}`, { cookie: owner.cookie, body: { name: "history" } })).status).toBe(200);
    await live.waitFor(dockStatusNamed("history"));
    const received = live.messages.length;

    // The session ends without the hub hearing of it (revoked elsewhere, a lost notification)...
    const sessionToken = cookie.slice(cookie.indexOf("=") + 1);
    await env.DB.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(await sha256Hex(sessionToken)).run();
    // ...and the socket asks for what came after its greeting.
    live.send({ type: "resume", lastSeq: hello.seq });
    expect(await live.waitForClose(5_000)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    expect(live.messages.length).toBe(received);
    // Nor through the handshake.
    expect((await connectLive(dockOrg, { cookie, lastSeq: hello.seq })).status).toBe(401);
  });
});

describe("the one alarm", () => {
  it("the credential check and a dock's sync schedule share the alarm: it comes at the earlier of the two", async () => {
    const person = await signUp("Alarm sharing");
    const orgId = await createOrg(person.cookie, "Alarm sharing");
    const { dockId: dock } = await connectDock(orgId, person.cookie);
    await settled(orgId, dock, person.cookie);
    const nextSyncAt = Date.parse((await api<Dock>("GET", `/api/orgs/${orgId}/docks/${dock}`, { cookie: person.cookie })).body.nextSyncAt!);
    expect(nextSyncAt).toBeGreaterThan(Date.now() + CREDENTIAL_CHECK_MS);
    expect(await alarmOf(orgId)).toBe(nextSyncAt);

    const live = await opened(orgId, { cookie: person.cookie });
    expect(await alarmOf(orgId)).toBeLessThanOrEqual(Date.now() + CREDENTIAL_CHECK_MS);
    const runsBefore = (await runs(orgId, dock, person.cookie)).length;
    // The check's alarm syncs nothing that is not due, and comes again within the minute.
    expect(await runDurableObjectAlarm(hubOf(orgId))).toBe(true);
    expect(live.closed).toBeNull();
    expect(await alarmOf(orgId)).toBeLessThanOrEqual(Date.now() + CREDENTIAL_CHECK_MS);
    expect((await runs(orgId, dock, person.cookie)).length).toBe(runsBefore);

    // Once the socket is gone, the dock's schedule alone sets the alarm again.
    live.close();
    await live.waitForClose();
    expect(await runDurableObjectAlarm(hubOf(orgId))).toBe(true);
    expect(await alarmOf(orgId)).toBe(nextSyncAt);
  });
});

describe("reading many credentials at once", () => {
  it("the periodic check reads hundreds of sockets' credentials within D1's limit of bound parameters", async () => {
    const person = await signUp("Many tabs");
    const orgId = await createOrg(person.cookie, "Many tabs");
    const { id } = await createToken(orgId, person.cookie);
    const sessionKey = await sha256Hex(person.cookie.slice(person.cookie.indexOf("=") + 1));
    const unknown = Array.from({ length: 250 }, (_, i): LiveCredential => (i % 2 ? { kind: "session", sessionKey: `gone-${i}` } : { kind: "token", tokenId: `tok_gone_${i}` }));
    const standings = await credentialStandings(createDb(env.DB), [...unknown, { kind: "session", sessionKey }, { kind: "token", tokenId: id }]);
    expect(standings.get(`session:${sessionKey}`)).toMatchObject({ expiresAt: expect.any(Number) });
    expect(standings.get(`token:${id}`)).toEqual({ expiresAt: null });
    expect(unknown.every((c) => standings.get(c.kind === "session" ? `session:${c.sessionKey}` : `token:${c.tokenId}`) === null)).toBe(true);
  });
});
