import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../core/db/client";
import { configFrom } from "../../core/config";
import type { Config } from "../../core/config";
import { docks } from "../../core/db/schema";
import { connectDock, createOrg, signUp } from "../../test/helpers";
import { reencryptStaleCredentials } from "./credential-rotation";
import { openCredentials } from "../../core/dock-credentials";

const NEW_KEY = `k2:${btoa(String.fromCharCode(...new Uint8Array(32).fill(9)))}`;

describe("credential key rotation", () => {
  it("re-encrypts every dock under the newest key, keeps the plaintext, and audits as system", async () => {
    const { cookie } = await signUp("Rotator");
    const orgId = await createOrg(cookie, "Rotation");
    const first = await connectDock(orgId, cookie, "one");
    const second = await connectDock(orgId, cookie, "two");
    const db = createDb(env.DB);
    const oldConfig = configFrom(env);
    const rotating: Config = { ...oldConfig, CREDENTIALS_KEYS: `${NEW_KEY},${oldConfig.CREDENTIALS_KEYS}` };

    const before = await db.select().from(docks);
    const result = await reencryptStaleCredentials(db, rotating, 1);
    expect(result).toEqual({ reencrypted: 1, remaining: true });
    const rest = await reencryptStaleCredentials(db, rotating);
    expect(rest.reencrypted).toBe(before.length - 1);
    expect(await reencryptStaleCredentials(db, rotating)).toEqual({ reencrypted: 0, remaining: false });

    const after = await db.select().from(docks);
    expect(after.every((d) => d.credentialsKeyId === "k2")).toBe(true);
    // Only the new key is needed from now on.
    const newOnly: Config = { ...oldConfig, CREDENTIALS_KEYS: NEW_KEY };
    const byId = new Map(after.map((d) => [d.id, d]));
    expect(await openCredentials(newOnly, byId.get(first.dockId)!)).toEqual({ token: first.token });
    expect(await openCredentials(newOnly, byId.get(second.dockId)!)).toEqual({ token: second.token });
    await expect(openCredentials(oldConfig, byId.get(first.dockId)!)).rejects.toThrow(/no longer configured/);

    const audits = await env.DB.prepare("SELECT actor_type FROM audit_log WHERE action = 'credential.reencrypt'").all<{ actor_type: string }>();
    expect(audits.results).toHaveLength(before.length);
    expect(new Set(audits.results.map((r) => r.actor_type))).toEqual(new Set(["system"]));
  });
});
