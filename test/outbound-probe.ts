/**
 * Not a provider: a loopback listener for the outbound security tests. It records every request it
 * receives, with the Authorization header it carried, and answers as the test scripted — JSON, an error
 * body, or a redirect. Started on two ports sharing one log, it gives a test two origins: the dock's, and
 * "somewhere else" that must never hear from EdgeDock.
 *
 *   PUT /_probe/:bucket  {status, body?, location?}  how every request under /b/:bucket/ is answered
 *   GET /_probe/:bucket  → {requests: [{method, path, authorization}]} received under /b/:bucket/
 *   any /b/:bucket/*     recorded, then answered as scripted (404 with a DigitalOcean-shaped body otherwise)
 */
import { Hono } from "hono";
import { z } from "zod";

export interface ProbeRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  authorization: string | null;
}

const scriptSchema = z.object({
  status: z.number().int().min(200).max(599),
  body: z.unknown().optional(),
  location: z.string().optional(),
});
type Script = z.infer<typeof scriptSchema>;

export interface ProbeState {
  requests: Map<string, ProbeRequest[]>;
  scripts: Map<string, Script>;
}

export const probeState = (): ProbeState => ({ requests: new Map(), scripts: new Map() });

export function createOutboundProbe(state: ProbeState): Hono {
  const app = new Hono();
  app.put("/_probe/:bucket", async (c) => {
    const parsed = scriptSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]?.message ?? "invalid script" }, 400);
    state.scripts.set(c.req.param("bucket"), parsed.data);
    return c.json({ ok: true });
  });
  app.get("/_probe/:bucket", (c) => c.json({ requests: state.requests.get(c.req.param("bucket")) ?? [] }));
  app.all("/b/:bucket/*", (c) => {
    const bucket = c.req.param("bucket");
    const url = new URL(c.req.url);
    const log = state.requests.get(bucket) ?? [];
    log.push({ method: c.req.method, path: url.pathname + url.search, authorization: c.req.header("authorization") ?? null });
    state.requests.set(bucket, log);
    const script = state.scripts.get(bucket);
    if (!script) return c.json({ id: "not_found", message: "The resource you were accessing could not be found." }, 404);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (script.location !== undefined) headers.location = script.location;
    return new Response(script.body === undefined ? null : JSON.stringify(script.body), { status: script.status, headers });
  });
  return app;
}
