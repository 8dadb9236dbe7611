import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_EXPORT_MAX_ROWS } from "../../shared/audit";
import { addMember, api, auditActions, connectDock, createOrg, signUp } from "../../test/helpers";
import { csvCell, csvLine } from "../lib/csv";

interface Entry {
  id: string;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  target: { type: string | null; id: string | null };
  result: string;
  metadata: Record<string, unknown> | null;
  ip: string | null;
  at: string;
}

let orgId: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let viewer: Awaited<ReturnType<typeof signUp>>;
let dockId: string;

beforeAll(async () => {
  owner = await signUp("Auditor");
  orgId = await createOrg(owner.cookie, "Audited");
  ({ dockId } = await connectDock(orgId, owner.cookie));
  await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { cookie: owner.cookie, body: { name: "renamed" } });
  viewer = await addMember(orgId, owner.cookie, "viewer");
  await api("DELETE", `/api/orgs/${orgId}/docks/${dockId}`, { cookie: viewer.cookie });
});

describe("the audit log", () => {
  it("lists the organization's entries newest first, with actor, target, result and client address", async () => {
    const res = await api<{ items: Entry[] }>("GET", `/api/orgs/${orgId}/audit`, { cookie: owner.cookie, ip: "192.0.2.10" });
    // The dock's first sync runs in the background and records its own (system) entries; these are the people's.
    const byPeople = res.body.items.filter((e) => e.actor.type !== "system");
    const actions = byPeople.map((e) => e.action);
    expect(actions).toEqual(["access.denied", "member.join", "member.invite", "dock.update", "dock.create", "organization.create"]);
    const ids = res.body.items.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const update = res.body.items.find((e) => e.action === "dock.update")!;
    expect(update.actor).toEqual({ type: "user", id: owner.user.id, name: "Auditor" });
    expect(update.target).toEqual({ type: "dock", id: dockId });
    expect(update.result).toBe("success");
    expect(update.ip).toMatch(/^198\.51\.100\./);
    expect(byPeople[0]!.result).toBe("denied");
  });

  it("filters by action, actor, target and time range", async () => {
    expect((await auditActions(orgId, owner.cookie, "&action=dock.update")).map((e) => e.action)).toEqual(["dock.update"]);
    const byTarget = await auditActions(orgId, owner.cookie, `&targetType=dock&targetId=${dockId}&actorId=${owner.user.id}`);
    expect(byTarget.map((e) => e.action)).toEqual(["dock.update", "dock.create"]);
    const byActor = await auditActions(orgId, owner.cookie, `&actorId=${owner.user.id}`);
    expect(byActor.every((e) => e.action !== "access.denied" && e.action !== "member.join")).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await auditActions(orgId, owner.cookie, `&from=${encodeURIComponent(future)}`)).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(await auditActions(orgId, owner.cookie, `&to=${encodeURIComponent(past)}`)).toEqual([]);
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const all = await api<{ items: Entry[] }>("GET", `/api/orgs/${orgId}/audit?limit=200`, { cookie: owner.cookie });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Entry[]; nextCursor: string | null } } = await api("GET", `/api/orgs/${orgId}/audit?limit=4${cursor ? `&cursor=${cursor}` : ""}`, { cookie: owner.cookie });
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e) => e.id));
  });

  it("filters by result", async () => {
    const denied = await auditActions(orgId, owner.cookie, "&result=denied");
    expect(denied.map((e) => e.action)).toEqual(["access.denied"]);
    const bad = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/audit?result=maybe`, { cookie: owner.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/result/);
  });

  it("names a token actor by the token's name", async () => {
    const token = await api<{ token: string }>("POST", `/api/orgs/${orgId}/tokens`, { cookie: owner.cookie, body: { name: "ci deploy" } });
    await api("PATCH", `/api/orgs/${orgId}/docks/${dockId}`, { token: token.body.token, body: { name: "by token" } });
    const res = await api<{ items: Entry[] }>("GET", `/api/orgs/${orgId}/audit?action=dock.update&limit=1`, { cookie: owner.cookie });
    expect(res.body.items[0]!.actor).toMatchObject({ type: "token", name: "ci deploy" });
  });

  it("refuses a bad cursor or date with 400 naming it", async () => {
    const cursor = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/audit?cursor=abc`, { cookie: owner.cookie });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/cursor/);
    const from = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/audit?from=yesterday`, { cookie: owner.cookie });
    expect(from.status).toBe(400);
    expect(from.body.error.message).toMatch(/from/);
  });
});

/** RFC 4180 read back: quoted fields, doubled quotes, CRLF records, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
  }
  expect(field, "the file ends with CRLF").toBe("");
  expect(record).toEqual([]);
  return records;
}

async function exportCsv(org: string, cookie: string, query = "") {
  const res = await api<string>("GET", `/api/orgs/${org}/audit/export${query}`, { cookie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const [header, ...rows] = parseCsv(res.body);
  const records = rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
  return { res, header: header!, records };
}

describe("CSV cells", () => {
  it("quote commas, quotes and line breaks as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then leave')).toBe('"say ""hi"", then leave"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvLine(["a", null, 3])).toBe("a,,3\r\n");
  });

  it("turn anything a spreadsheet would run as a formula into text", () => {
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "  =cmd", "\tx", "\r=x"]) {
      expect(csvCell(formula).replace(/^"/, "").startsWith("'"), formula).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Numbers we write ourselves stay numbers.
    expect(csvCell(-5)).toBe("-5");
  });
});

describe("the audit log as CSV", () => {
  it("downloads the whole log newest first as an attachment, with the row limit stated", async () => {
    const list = await api<{ items: Entry[] }>("GET", `/api/orgs/${orgId}/audit?limit=200`, { cookie: owner.cookie });
    const { res, header, records } = await exportCsv(orgId, owner.cookie);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="edgedock-audit-${orgId}-\\d{8}T\\d{6}Z\\.csv"$`));
    expect(res.headers.get("x-export-row-limit")).toBe(String(AUDIT_EXPORT_MAX_ROWS));
    expect(res.headers.get("x-export-truncated")).toBe("false");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(header).toEqual(["id", "time", "actor_type", "actor_id", "actor_name", "action", "target_type", "target_id", "result", "ip", "user_agent", "metadata"]);
    // The export's own entry is written first and left out: the file is the log as it stood when asked for.
    expect(records.map((r) => r.id)).toEqual(list.body.items.map((e) => e.id));
    const update = records.find((r) => r.action === "dock.update" && r.actor_type === "user")!;
    expect(update).toMatchObject({ actor_id: owner.user.id, actor_name: "Auditor", target_type: "dock", target_id: dockId, result: "success" });
    expect(JSON.parse(update.metadata!)).toEqual(list.body.items.find((e) => e.id === update.id)!.metadata);
    expect(Date.parse(update.time!)).not.toBeNaN();
  });

  it("takes the same filters as the list", async () => {
    const byAction = await exportCsv(orgId, owner.cookie, "?action=dock.update");
    expect(new Set(byAction.records.map((r) => r.action))).toEqual(new Set(["dock.update"]));
    const denied = await exportCsv(orgId, owner.cookie, "?result=denied");
    expect(denied.records.map((r) => r.action)).toEqual(["access.denied"]);
    const byTarget = await exportCsv(orgId, owner.cookie, `?targetType=dock&targetId=${dockId}&actorId=${owner.user.id}`);
    expect(byTarget.records.map((r) => r.action)).toEqual(["dock.update", "dock.create"]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await exportCsv(orgId, owner.cookie, `?from=${encodeURIComponent(future)}`)).records).toEqual([]);
    const bad = await api<{ error: { message: string } }>("GET", `/api/orgs/${orgId}/audit/export?to=tomorrow`, { cookie: owner.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/to/);
  });

  it("is itself recorded, with the filters used", async () => {
    await exportCsv(orgId, owner.cookie, "?action=dock.update&result=success");
    const [entry] = await auditActions(orgId, owner.cookie, "&action=audit.export");
    expect(entry!.result).toBe("success");
    expect(entry!.metadata).toMatchObject({ action: "dock.update", result: "success", actorId: null, truncated: false });
  });

  it("keeps names and user agents as text: quoted where needed, never a formula", async () => {
    const tricky = await addMember(orgId, owner.cookie, "viewer", '=HYPERLINK("http://evil.example","click"), "boss"');
    await api("GET", `/api/orgs/${orgId}/audit`, { cookie: tricky.cookie, headers: { "user-agent": "@SUM(1+1)|calc, \"quoted\"" } });
    const { res, records } = await exportCsv(orgId, owner.cookie, `?actorId=${tricky.user.id}`);
    const join = records.find((r) => r.action === "member.join")!;
    expect(join.actor_name).toBe(`'=HYPERLINK("http://evil.example","click"), "boss"`);
    const denied = records.find((r) => r.action === "access.denied")!;
    expect(denied.user_agent).toBe(`'@SUM(1+1)|calc, "quoted"`);
    // In the raw bytes no cell starts with a formula character.
    expect(res.body).not.toMatch(/(^|,|\r\n)"?[=+\-@]/);
  });

  it("is refused to a Viewer, whose role has no audit access, and the refusal is recorded", async () => {
    const res = await api<{ error: { code: string; message: string } }>("GET", `/api/orgs/${orgId}/audit/export`, { cookie: viewer.cookie });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/audit/);
    const last = await env.DB.prepare("SELECT action, metadata FROM audit_log WHERE organization_id = ? AND actor_id = ? ORDER BY id DESC LIMIT 1")
      .bind(orgId, viewer.user.id)
      .first<{ action: string; metadata: string }>();
    expect(last!.action).toBe("access.denied");
    expect(JSON.parse(last!.metadata)).toMatchObject({ area: "audit", path: `/api/orgs/${orgId}/audit/export` });
  });

  it("never carries another organization's entries, and another organization's export is not found", async () => {
    const stranger = await signUp("Stranger");
    const otherOrg = await createOrg(stranger.cookie, "Elsewhere");
    await connectDock(otherOrg, stranger.cookie);
    const { res } = await exportCsv(orgId, owner.cookie);
    expect(res.body).not.toContain(otherOrg);
    expect(res.body).not.toContain(stranger.user.id);
    expect((await api("GET", `/api/orgs/${otherOrg}/audit/export`, { cookie: owner.cookie })).status).toBe(404);
    const theirs = await exportCsv(otherOrg, stranger.cookie);
    expect(theirs.records.some((r) => r.actor_id === owner.user.id)).toBe(false);
  });

  it(`stops at ${AUDIT_EXPORT_MAX_ROWS} rows, the newest, and says so`, async () => {
    const big = await signUp("Busy");
    const busyOrg = await createOrg(big.cookie, "Busy");
    const extra = AUDIT_EXPORT_MAX_ROWS + 5;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO audit_log (organization_id, actor_type, actor_id, action, target_type, target_id, result, created_at)
       SELECT ?, 'system', NULL, 'dock.sync', 'dock', 'dck_' || i, 'success', ? FROM n`,
    )
      .bind(extra, busyOrg, Date.now())
      .run();
    const { res, records } = await exportCsv(busyOrg, big.cookie);
    expect(res.headers.get("x-export-truncated")).toBe("true");
    expect(records).toHaveLength(AUDIT_EXPORT_MAX_ROWS);
    const ids = records.map((r) => Number(r.id));
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1]!)).toBe(true);
    // The newest rows: the generated ones are the latest entries of the organization.
    expect(records[0]!.target_id).toBe(`dck_${extra}`);
    const [entry] = await auditActions(busyOrg, big.cookie, "&action=audit.export");
    expect(entry!.metadata).toMatchObject({ truncated: true });
  });
});
