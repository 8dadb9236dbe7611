/**
 * Regression tests for the outbound findings of the security review: where a dock's credentials may be
 * sent, which hosts provider requests may reach, and what provider text and links may reach the API. Each
 * test is named after the behaviour it protects. The provider fakes listen on loopback and ENVIRONMENT is
 * `test`, so the production host policy is exercised by building a ProviderContext without a permissive
 * policy (the default) and pointing it at the listed names and addresses.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import account from "../../adapters/digitalocean/fixtures/account_get.json";
import { digitalOceanHttp } from "../../adapters/digitalocean/client";
import { digitalocean } from "../../adapters/digitalocean/index";
import { ProviderError } from "../../adapters/errors";
import { createGithubFake, initialState, makeOwner, makeRepo } from "../../adapters/github/fake";
import { getAdapter } from "../../adapters/registry";
import { getJson } from "../../adapters/http";
import type { ProviderContext } from "../../adapters/types";
import { freshContinuation, syncDock } from "../../durable-objects/sync/sync-dock";
import type { Dock } from "../../shared/docks";
import { cleanErrorText, MAX_ERROR_TEXT } from "../../shared/error-text";
import { PRODUCTION_OUTBOUND, refusedHostReason, refusedUrlReason } from "../../shared/outbound-policy";
import type { OutboundPolicy } from "../../shared/outbound-policy";
import type { Resource } from "../../shared/resources";
import { safeResourceUrl } from "../../shared/resources";
import { createDb } from "../../core/db/client";
import type { Config } from "../../core/config";
import { checkBaseUrl } from "../../worker/services/base-url-policy";
import { api, connectDock, createOrg, fakeToken, fakeUrl, signUp } from "../helpers";
import type { ProbeRequest } from "../outbound-probe";
import { settled, syncNow } from "../sync-helpers";

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

// ------------------------------------------------------------------------------------------ the probe

/** The dock's side: a loopback origin that records what it receives and answers as scripted. */
const probe = () => fakeUrl("outbound-probe");
/** Another origin (another port) sharing the probe's log: "somewhere else". */
const elsewhere = () => fakeUrl("outbound-probe-other");
const newBucket = () => `b${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
const bucketUrl = (bucket: string, origin = probe()) => `${origin}/b/${bucket}`;

async function script(bucket: string, answer: { status: number; body?: unknown; location?: string }): Promise<void> {
  const res = await fetch(`${probe()}/_probe/${bucket}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(answer) });
  expect(res.status).toBe(200);
}

async function received(bucket: string): Promise<ProbeRequest[]> {
  const res = await fetch(`${probe()}/_probe/${bucket}`);
  return ((await res.json()) as { requests: ProbeRequest[] }).requests;
}

const DEV: OutboundPolicy = { allowPrivateHosts: true };
const PRODUCTION: Config = { CREDENTIALS_KEYS: "k", ALLOW_CUSTOM_BASE_URLS: true, ENVIRONMENT: "production" };
const noSleep = async () => {};

async function owner(name: string) {
  const { cookie } = await signUp(name);
  return { cookie, org: await createOrg(cookie, `${name} org`) };
}

async function dockOf(org: string, dockId: string, cookie: string): Promise<Dock> {
  const res = await api<Dock>("GET", `/api/orgs/${org}/docks/${dockId}`, { cookie });
  expect(res.status).toBe(200);
  return res.body;
}

/** A DigitalOcean dock whose base URL is a probe bucket that answers validation like DigitalOcean. */
async function dockOnProbe(org: string, cookie: string, bucket: string) {
  const token = await fakeToken();
  await script(bucket, { status: 200, body: account });
  const res = await api<Dock>("POST", `/api/orgs/${org}/docks`, { cookie, body: { name: "probe", provider: "digitalocean", credentials: { token }, baseUrl: bucketUrl(bucket) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // The first sync runs at once (and fails: the probe answers every path with the account); let it end.
  await settled(org, res.body.id, cookie);
  return { dockId: res.body.id, token };
}

// ------------------------------------------------------------------------------------------ finding 1

describe("finding 1: stored credentials go only where they were entered for", () => {
  it("changing a dock's base URL without new credentials sends nothing to the new host", async () => {
    const { cookie, org } = await owner("Mover");
    const { dockId, token } = await connectDock(org, cookie);
    const bucket = newBucket();
    await script(bucket, { status: 200, body: account });

    const moved = await api<ErrorBody>("PATCH", `/api/orgs/${org}/docks/${dockId}`, { cookie, body: { baseUrl: bucketUrl(bucket) } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toBe("invalid body: credentials: changing baseUrl requires entering the credentials again in the same request");
    expect(await received(bucket)).toEqual([]);
    expect((await dockOf(org, dockId, cookie)).baseUrl).toBe(fakeUrl("digitalocean"));

    // Entered again with the move, only the new credentials ever reach the new host.
    const next = await fakeToken();
    const withCredentials = await api<Dock>("PATCH", `/api/orgs/${org}/docks/${dockId}`, { cookie, body: { baseUrl: bucketUrl(bucket), credentials: { token: next } } });
    expect(withCredentials.status).toBe(200);
    const seen = await received(bucket);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen.map((r) => r.authorization))).toEqual(new Set([`Bearer ${next}`]));
    expect(JSON.stringify(seen)).not.toContain(token);
  });

  it("a request to another origin than the dock's base URL never carries the credentials", async () => {
    const bucket = newBucket();
    await script(bucket, { status: 200, body: account });
    const ctx: ProviderContext = { baseUrl: bucketUrl(bucket), outbound: DEV, sleep: noSleep };
    const err = await getJson(ctx, digitalOceanHttp({ token: "dop_v1_never_sent_anywhere_else" }), `${bucketUrl(bucket, elsewhere())}/v2/account`, z.unknown()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind: "destination_refused",
      message: `DigitalOcean request to ${elsewhere()} refused: credentials are only sent to the dock's base URL (${probe()})`,
    });
    expect(await received(bucket)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------ finding 2

describe("finding 2: provider requests reach public hosts only", () => {
  it("a provider redirect to another origin is refused and names it", async () => {
    const { cookie, org } = await owner("Redirected");
    const [start, target] = [newBucket(), newBucket()];
    await script(target, { status: 200, body: account });
    const location = `${bucketUrl(target, elsewhere())}/v2/account?sig=s3cret-signature`;
    await script(start, { status: 307, location });

    // When the dock is connected: no dock, and the other origin heard nothing.
    const token = await fakeToken();
    const created = await api<ErrorBody>("POST", `/api/orgs/${org}/docks`, { cookie, body: { name: "r", provider: "digitalocean", credentials: { token }, baseUrl: bucketUrl(start) } });
    expect(created.status).toBe(502);
    expect(created.body.error.message).toBe(`DigitalOcean redirected GET /b/${start}/v2/account to ${elsewhere()}; redirects to another origin than the dock's base URL are not followed`);
    expect(created.body.error.message).not.toMatch(/s3cret|sig=|\/v2\/account\?/);
    expect(await received(target)).toEqual([]);
    expect(await received(start)).toHaveLength(1);
    const docks = await api<{ items: Dock[] }>("GET", `/api/orgs/${org}/docks`, { cookie });
    expect(docks.body.items).toEqual([]);

    // During a sync: the dock is in error, naming the origin, and again nothing reached it.
    const later = newBucket();
    const { dockId } = await dockOnProbe(org, cookie, later);
    await script(later, { status: 302, location });
    const run = await syncNow(org, dockId, cookie);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(new RegExp(`^DigitalOcean redirected GET /b/${later}/v2/\\w+ to ${elsewhere()}; redirects to another origin`));
    const dock = await dockOf(org, dockId, cookie);
    expect(dock).toMatchObject({ status: "error", lastError: run.error });
    expect(await received(target)).toEqual([]);

    // Within the dock's origin a redirect is followed, a bounded number of times.
    const [hop, landing, loop] = [newBucket(), newBucket(), newBucket()];
    await script(landing, { status: 200, body: account });
    await script(hop, { status: 308, location: `/b/${landing}/v2/account` });
    expect(await digitalocean.validate({ token }, { baseUrl: bucketUrl(hop), outbound: DEV })).toEqual({ id: account.account.uuid, name: "My Team" });
    await script(loop, { status: 307, location: `/b/${loop}/v2/account` });
    await expect(digitalocean.validate({ token }, { baseUrl: bucketUrl(loop), outbound: DEV })).rejects.toMatchObject({
      kind: "request_failed",
      message: `DigitalOcean redirected GET /b/${loop}/v2/account more than 3 times`,
    });
    expect(await received(loop)).toHaveLength(4);
  });

  /** Every special-purpose range (first and last addresses where they differ) and every non-public name rule. */
  const REFUSED = [
    // IPv4 special-purpose registry, multicast, reserved, broadcast
    "0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1", "127.255.255.254",
    "169.254.0.1", "169.254.169.254", "172.16.0.0", "172.31.255.255", "192.0.0.1", "192.0.0.255", "192.0.2.1", "192.31.196.1",
    "192.52.193.1", "192.88.99.1", "192.168.0.1", "192.168.255.255", "192.175.48.1", "198.18.0.1", "198.19.255.255", "198.51.100.1",
    "203.0.113.1", "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.254", "255.255.255.255",
    // IPv6: unspecified, loopback, IPv4-mapped/compatible/NAT64/6to4 of special IPv4, and the special ranges
    "[::]", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:a9fe:a9fe]", "[::7f00:1]", "[::a00:1]", "[::ffff:0:7f00:1]", "[64:ff9b::a9fe:a9fe]",
    "[64:ff9b::7f00:1]", "[64:ff9b:1::1]", "[100::1]", "[2001::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[2001:1ff::1]",
    "[2001:db8::1]", "[2002:7f00:1::]", "[2002:a9fe:a9fe::1]", "[3fff::1]", "[3fff:fff::1]", "[5f00::1]", "[fc00::1]", "[fd12:3456::1]",
    "[fe80::1]", "[febf::1]", "[fec0::1]", "[ff02::1]",
    // names that are not public
    "localhost", "api.localhost", "printer", "nas.local", "router.lan", "metadata.google.internal", "wiki.intranet", "mail.corp",
    "box.home", "nas.home.arpa", "db.localdomain", "api.test", "api.example", "x.invalid", "hidden.onion", "x.alt", "1.0.0.127.in-addr.arpa",
    // wildcard-DNS services
    "nip.io", "127.0.0.1.nip.io", "169.254.169.254.nip.io", "app.10.0.0.1.sslip.io", "10-0-0-1.sslip.io", "7f000001.xip.io", "localtest.me",
    "api.localtest.me", "lvh.me", "x.vcap.me", "x.traefik.me", "www.localhost.direct",
    // special-purpose IPv4 spelled in a name's labels: dotted, dashed, 8 hex digits
    "127.0.0.1.example.com", "192.168.1.1.attacker.com", "10-0-0-1.foo.com", "ip-172-16-0-5.eu.compute.example.com", "7f000001.foo.io", "app-a9fea9fe.foo.io",
  ];
  const PUBLIC = [
    "api.digitalocean.com", "api.hetzner.cloud", "api.github.com", "coolify.example.com", "my-app.vercel.app", "sslip.io.example.com",
    "deadbeef.example.com", "1-2-3-4.example.com", "1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
    "192.0.3.1", "198.17.255.255", "198.20.0.0", "223.255.255.255", "[2606:4700::1111]", "[2001:4860:4860::8888]", "[2001:200::1]",
    "[::ffff:1.1.1.1]", "[64:ff9b::101:101]", "[2002:101:101::]",
  ];

  it("the host policy refuses every special-purpose address and non-public name", () => {
    for (const host of REFUSED) {
      const url = new URL(`https://${host}/v2`);
      const reason = refusedHostReason(url.hostname);
      expect(reason, host).not.toBeNull();
      // Request time (the HTTP client) and write time (400 naming baseUrl, with the reason) agree.
      expect(refusedUrlReason(url, PRODUCTION_OUTBOUND), host).toBe(reason);
      expect(() => checkBaseUrl(PRODUCTION, url.toString()), host).toThrow(`invalid body: baseUrl: private and loopback addresses are refused: ${reason}`);
    }
    for (const host of PUBLIC) {
      expect(refusedHostReason(new URL(`https://${host}/`).hostname), host).toBeNull();
      expect(checkBaseUrl(PRODUCTION, `https://${host}/v1/`), host).toBe(new URL(`https://${host}/v1`).toString());
    }
    // Other spellings of these addresses reach the policy canonicalized by new URL(), and are refused.
    const spellings: [string, string][] = [
      ["http://2130706433/", "127.0.0.1"],
      ["http://0x7f.1/", "127.0.0.1"],
      ["http://0177.0.0.1/", "127.0.0.1"],
      ["http://127.1/", "127.0.0.1"],
      ["http://0xa9fea9fe/", "169.254.169.254"],
      ["http://%31%30.0.0.1/", "10.0.0.1"],
      ["http://[0:0:0:0:0:ffff:7f00:1]/", "[::ffff:7f00:1]"],
      ["http://[::ffff:127.0.0.1]/", "[::ffff:7f00:1]"],
      ["http://[0000:0000::0001]/", "[::1]"],
      ["http://[FE80:0:0::1]/", "[fe80::1]"],
      ["http://LocalHost./", "localhost."],
    ];
    for (const [written, canonical] of spellings) {
      const url = new URL(written);
      expect(url.hostname, written).toBe(canonical);
      expect(refusedUrlReason(url, PRODUCTION_OUTBOUND), written).not.toBeNull();
    }
  });

  it("the policy runs at request time for every hop", async () => {
    // A context that says nothing about the policy is production: the loopback probe is never contacted.
    const bucket = newBucket();
    await script(bucket, { status: 200, body: account });
    const host = new URL(probe()).host;
    await expect(digitalocean.validate({ token: "dop_v1_production_default_refuses" }, { baseUrl: bucketUrl(bucket) })).rejects.toMatchObject({
      kind: "destination_refused",
      message: `DigitalOcean request to ${probe()} refused: 127.0.0.1 is in 127.0.0.0/8 (loopback)`,
    });
    expect(await received(bucket)).toEqual([]);

    // Hosts that passed the old write-time check are refused before anything is sent.
    const sent: string[] = [];
    const spy = (async (input: RequestInfo | URL) => {
      sent.push(String(input));
      return new Response(JSON.stringify(account), { status: 200 });
    }) as typeof fetch;
    for (const baseUrl of ["https://169.254.169.254.nip.io", "http://[::ffff:a9fe:a9fe]", "https://10-0-0-1.foo.com", "http://198.18.0.1", "https://metadata.google.internal", "http://localtest.me:8080"]) {
      await expect(digitalocean.validate({ token: "dop_v1_never_sent_anywhere_else" }, { baseUrl, fetch: spy, outbound: PRODUCTION_OUTBOUND }), baseUrl).rejects.toMatchObject({
        kind: "destination_refused",
        message: expect.stringMatching(/^DigitalOcean request to \S+ refused: /),
      });
    }
    expect(sent).toEqual([]);

    // Each attempt and each redirect hop consults the policy before it is sent, and fetch never follows.
    let checks = 0;
    const counting: OutboundPolicy = {
      get allowPrivateHosts() {
        checks++;
        return false;
      },
    };
    const answers = [
      () => new Response("{}", { status: 503 }),
      () => new Response(null, { status: 307, headers: { location: "/v2/account?after=redirect" } }),
      () => new Response(JSON.stringify(account), { status: 200 }),
    ];
    const inits: RequestInit[] = [];
    const scripted = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      inits.push(init ?? {});
      return answers.shift()!();
    }) as typeof fetch;
    await digitalocean.validate({ token: "dop_v1_checked_every_time" }, { baseUrl: "https://api.digitalocean.com", fetch: scripted, outbound: counting, sleep: noSleep });
    expect(inits).toHaveLength(3);
    expect(checks).toBe(3);
    expect(inits.map((i) => i.redirect)).toEqual(["manual", "manual", "manual"]);

    // The sync path too: a stored base URL the write-time check would refuse (written before it existed)
    // is refused when the request would be sent, even under the test environment's permissive policy.
    const { cookie, org } = await owner("Stale");
    const stale = newBucket();
    const { dockId } = await dockOnProbe(org, cookie, stale);
    const before = (await received(stale)).length;
    await env.DB.prepare("UPDATE docks SET base_url = ? WHERE id = ?").bind(`http://user:pw@${host}/b/${stale}`, dockId).run();
    const run = await syncNow(org, dockId, cookie);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^DigitalOcean request to http:\/\/127\.0\.0\.1:\d+ refused: the URL must not contain credentials$/);
    expect(await received(stale)).toHaveLength(before);
  });
});

// ------------------------------------------------------------------------------------------ hardening

describe("hardening: what provider text and links may reach the API", () => {
  const hostile = (token: string) =>
    `Quota exceeded\u0007 \u001b[31mred\u001b[0m \u202eevil\u202c for Bearer ${token}\r\nAuthorization: Bearer ${token}\r\n` +
    `see https://evil.example.com/callback?sig=SECRET-SIG&next=1 for details ${"A".repeat(5000)}`;
  const expectClean = (text: string | null | undefined, token: string) => {
    expect(text).toBeTypeOf("string");
    const value = text!;
    expect(value.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
    expect(value).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(value).not.toContain(token);
    expect(value).not.toMatch(/SECRET-SIG|sig=|\?/);
    expect(value).toContain("Quota exceeded red evil for [redacted] Authorization: [redacted] see https://evil.example.com/callback for details AAAA");
    expect(value.endsWith("A…")).toBe(true);
  };

  it("provider error text is capped and stripped", async () => {
    const { cookie, org } = await owner("Noisy");

    // A sync's failure: the dock's lastError and the run's error.
    const bucket = newBucket();
    const { dockId, token } = await dockOnProbe(org, cookie, bucket);
    await script(bucket, { status: 400, body: { id: "bad_request", message: hostile(token) } });
    const run = await syncNow(org, dockId, cookie);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(new RegExp(`^DigitalOcean refused GET /b/${bucket}/v2/\\w+ with 400: Quota exceeded`));
    expectClean(run.error, token);
    const dock = await dockOf(org, dockId, cookie);
    expectClean(dock.lastError, token);

    // A refusal while connecting: the 422 the person sees, and the audit entry.
    const refusing = newBucket();
    const other = await fakeToken();
    await script(refusing, { status: 401, body: { id: "unauthorized", message: hostile(other) } });
    const res = await api<ErrorBody>("POST", `/api/orgs/${org}/docks`, { cookie, body: { name: "n", provider: "digitalocean", credentials: { token: other }, baseUrl: bucketUrl(refusing) } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/^DigitalOcean rejected the credentials: Quota exceeded/);
    expectClean(res.body.error.message, other);
    const audit = await env.DB.prepare("SELECT metadata FROM audit_log WHERE organization_id = ? AND action = 'dock.validate_failed'").bind(org).first<{ metadata: string }>();
    expectClean((JSON.parse(audit!.metadata) as { reason: string }).reason, other);

    // The cleaner itself: exact cap, and no half of a surrogate pair left at the cut.
    expect(cleanErrorText("x".repeat(600))).toBe(`${"x".repeat(499)}…`);
    expect(cleanErrorText(`${"x".repeat(498)}😀😀`)).toBe(`${"x".repeat(498)}…`);
    expect(cleanErrorText("ok\u0000\u0085done", { secrets: ["short"] })).toBe("ok done");
    // Cleaning twice (the HTTP client, then where it is stored) changes nothing more.
    const once = cleanErrorText(hostile(token), { secrets: [token] });
    expect(cleanErrorText(once)).toBe(once);
    expect(cleanErrorText("moved to https://a.example.com/x?t=1; then (see https://b.example.com).")).toBe("moved to https://a.example.com/x; then (see https://b.example.com).");
  });

  it("only https (or http for http base URLs) resource URLs reach the API", async () => {
    const LINKS: Record<string, string> = {
      secure: "https://github.com/octocat/secure",
      insecure: "http://github.example.com/octocat/insecure",
      script: "javascript:alert(document.cookie)",
      shouting: "JAVASCRIPT:alert(1)",
      data: "data:text/html,<script>alert(1)</script>",
      relative: "/octocat/relative",
      spaced: " https://github.com/octocat/spaced",
      malformed: "https://",
      schemeless: "//evil.example.com/x",
    };
    const TOKEN = "github_pat_11AAAAAAA0edgedock_test_token_0000000000000000";
    const state = initialState();
    state.tokens.add(TOKEN);
    const owner0 = makeOwner("octocat", 583231);
    state.repos = Object.entries(LINKS).map(([name, html_url], i) => makeRepo(owner0, name, 70_000 + i, { html_url }));
    state.deployments = [];
    const app = createGithubFake(state);
    const inProcess = ((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch;

    const { cookie, org } = await owner("Linker");
    const adapter = getAdapter("github")!;
    let seq = 1_000_000_000;
    /** Syncs the in-process GitHub fake into a dock of this organization and returns its repositories' links via the API. */
    async function linksThroughApi(baseUrl: string): Promise<Record<string, string | null>> {
      const { dockId } = await connectDock(org, cookie, `links over ${new URL(baseUrl).protocol}`);
      await api("PATCH", `/api/orgs/${org}/docks/${dockId}`, { cookie, body: { syncEnabled: false } });
      const outcome = await syncDock(
        {
          db: createDb(env.DB),
          organizationId: org,
          dockId,
          provider: "github",
          baseUrl,
          adapter,
          session: adapter.open({ token: TOKEN }, { baseUrl, fetch: inProcess, outbound: DEV, sleep: noSleep }),
          kinds: ["repository"],
          allocateSeq: (count) => {
            seq += count;
            return seq - count;
          },
          shouldYield: () => false,
          checkpoint: () => undefined,
        },
        freshContinuation(),
      );
      expect(outcome.state).toBe("completed");
      const res = await api<{ items: Resource[] }>("GET", `/api/orgs/${org}/resources?dockId=${dockId}&kind=repository&limit=200`, { cookie });
      expect(res.status).toBe(200);
      return Object.fromEntries(res.body.items.map((r) => [r.name.replace("octocat/", ""), r.url]));
    }

    const dropped = { script: null, shouting: null, data: null, relative: null, spaced: null, malformed: null, schemeless: null };
    expect(await linksThroughApi("https://github.fake.test")).toEqual({ secure: LINKS.secure, insecure: null, ...dropped });
    expect(await linksThroughApi("http://github.fake.test")).toEqual({ secure: LINKS.secure, insecure: LINKS.insecure, ...dropped });

    expect(safeResourceUrl("https://cloud.digitalocean.com/droplets/1", false)).toBe("https://cloud.digitalocean.com/droplets/1");
    expect(safeResourceUrl("http://cloud.digitalocean.com/droplets/1", false)).toBeNull();
    expect(safeResourceUrl("vbscript:msgbox(1)", true)).toBeNull();
    expect(safeResourceUrl(null, true)).toBeNull();
  });
});
