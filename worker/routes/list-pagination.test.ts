/**
 * The lists that page with the keyset helper (worker/lib/keyset.ts), through the API: a walk in small pages
 * returns each item once and in the list's order, and a cursor the list did not issue — made up, or issued by
 * another list — is a 400 that names `cursor`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, api, connectDock, createOrg, roleIdOf, signUp } from "../../test/helpers";
import { settled, syncNow } from "../../test/sync-helpers";

interface Page {
  items: Record<string, unknown>[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { field: string | null }[] } };
}

let cookie: string;
let orgId: string;
/** A dock with three runs. */
let dockId: string;

beforeAll(async () => {
  const owner = await signUp("Pager");
  cookie = owner.cookie;
  orgId = await createOrg(cookie, "Pages");
  const viewer = await roleIdOf(orgId, cookie, "Viewer");
  for (let i = 0; i < 3; i++) {
    expect((await api("POST", `/api/orgs/${orgId}/roles`, { cookie, body: { name: `Custom ${i}`, permissions: { resources: "read" } } })).status).toBe(201);
    await addMember(orgId, cookie, "viewer", `Member ${i}`);
  }
  for (let i = 0; i < 5; i++) {
    expect((await api("POST", `/api/orgs/${orgId}/tokens`, { cookie, body: { name: `token ${i}` } })).status).toBe(201);
    expect((await api("POST", `/api/orgs/${orgId}/invitations`, { cookie, body: { email: `invitee${i}@example.com`, roleId: viewer } })).status).toBe(201);
  }
  for (let i = 0; i < 3; i++) ({ dockId } = await connectDock(orgId, cookie, `Dock ${i}`));
  await settled(orgId, dockId, cookie);
  await syncNow(orgId, dockId, cookie);
  await syncNow(orgId, dockId, cookie);
});

/** The list and the field that identifies its items, with their order: the id in the list's direction. */
const LISTS = [
  { name: "members", path: "members", key: "userId", order: "asc", count: 4 },
  { name: "invitations", path: "invitations", key: "id", order: "asc", count: 5 },
  { name: "roles", path: "roles", key: "id", order: "asc", count: 6 },
  { name: "API tokens", path: "tokens", key: "id", order: "desc", count: 5 },
  { name: "docks", path: "docks", key: "id", order: "desc", count: 3 },
  { name: "a dock's runs", path: "runs", key: "id", order: "desc", count: 3 },
] as const;

/** The list's path under the organization (a dock's runs sit under the dock). */
const listPath = (path: string) => (path === "runs" ? `docks/${dockId}/runs` : path);

async function walk(path: string, key: string, limit: number): Promise<{ keys: unknown[][]; pages: Page[] }> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page } = await api("GET", `/api/orgs/${orgId}/${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { cookie });
    expect(res.status).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
  } while (cursor !== null && pages.length < 50);
  return { keys: pages.map((p) => p.items.map((item) => item[key])), pages };
}

describe("lists paged by their id", () => {
  it.each(LISTS)("$name: each item once, in id order, $count of them in pages of 2", async ({ path, key, order, count }) => {
    const whole = await api<Page>("GET", `/api/orgs/${orgId}/${listPath(path)}?limit=200`, { cookie });
    expect(whole.body.nextCursor).toBeNull();
    const ids = whole.body.items.map((item) => item[key] as string);
    expect(ids).toHaveLength(count);
    const sorted = [...ids].sort();
    expect(ids).toEqual(order === "asc" ? sorted : sorted.reverse());

    const { keys, pages } = await walk(listPath(path), key, 2);
    expect(keys.flat()).toEqual(ids);
    expect(pages).toHaveLength(Math.ceil(count / 2));
    // A page's cursor is the last item's id: the next page starts right after it.
    for (const [i, page] of pages.entries()) {
      if (page.nextCursor !== null) expect(page.nextCursor).toBe(keys[i]!.at(-1));
    }
  });
});

describe("a cursor the list did not issue", () => {
  it("is a 400 naming the cursor, on every list that pages with the helper", async () => {
    const org = `/api/orgs/${orgId}`;
    const issued = async (path: string) => {
      const cursor = (await api<Page>("GET", `${path}?limit=1`, { cookie })).body.nextCursor;
      expect(cursor, path).not.toBeNull();
      return cursor!;
    };
    const membersCursor = await issued(`${org}/members`);
    const tokensCursor = await issued(`${org}/tokens`);
    const auditCursor = await issued(`${org}/audit`);

    const cases: [string, string][] = [
      [`${org}/members`, "abc"],
      [`${org}/members`, tokensCursor],
      [`${org}/members`, auditCursor],
      [`${org}/invitations`, membersCursor],
      [`${org}/invitations`, ""],
      [`${org}/roles`, tokensCursor],
      [`${org}/roles`, `${membersCursor}x`],
      [`${org}/tokens`, membersCursor],
      [`${org}/tokens`, tokensCursor.toUpperCase()],
      [`${org}/audit`, membersCursor],
      [`${org}/audit`, "-1"],
      [`${org}/events`, tokensCursor],
      [`${org}/resources`, auditCursor],
      ["/api/me/security-events", membersCursor],
      [`${org}/docks`, tokensCursor],
      [`${org}/docks`, "zzz"],
      [`${org}/docks/${dockId}/runs`, membersCursor],
    ];
    for (const [path, cursor] of cases) {
      const res = await api<ErrorBody>("GET", `${path}?cursor=${encodeURIComponent(cursor)}`, { cookie });
      expect(res.status, `${path} ${cursor}`).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
      expect(res.body.error.message, path).toBe("invalid query: cursor: not a cursor this endpoint returned");
      expect(res.body.error.details?.issues?.[0]?.field, path).toBe("cursor");
    }
  });
});
