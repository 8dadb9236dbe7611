import { and, eq } from "drizzle-orm";
import type { Db, UserRow, ApiTokenRow } from "../../core/db/client";
import { apiTokens, users } from "../../core/db/schema";
import { randomToken, sha256Hex } from "../../core/crypto";

/** Every personal API token starts with this, so scanners and people can recognise a leaked one. */
export const API_TOKEN_PREFIX = "edk_";
/** How much of the token is kept in clear to tell tokens apart. */
const VISIBLE_PREFIX_LENGTH = 12;

export async function mintApiToken(): Promise<{ token: string; tokenHash: string; prefix: string }> {
  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  return { token, tokenHash: await sha256Hex(token), prefix: token.slice(0, VISIBLE_PREFIX_LENGTH) };
}

const LAST_USED_GRANULARITY_MS = 60_000;

export async function findApiToken(
  db: Db,
  token: string,
): Promise<{ token: ApiTokenRow; user: UserRow; touch: (() => Promise<unknown>) | null } | null> {
  if (token.length > 128) return null;
  const row = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, await sha256Hex(token)))
    .get();
  if (!row) return null;
  const now = Date.now();
  if (row.token.expiresAt && row.token.expiresAt.getTime() <= now) return null;
  // Recording every use would make each API call a write; minute granularity is enough to spot unused tokens.
  const stale = !row.token.lastUsedAt || now - row.token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS;
  const touch = stale
    ? () => db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(and(eq(apiTokens.id, row.token.id)))
    : null;
  return { ...row, touch };
}
