/**
 * The live channel's protocol, typed once for the OrgHub and the dashboard. Every server message that
 * describes a change carries the organization's sequence number: strictly increasing, so a client that
 * remembers the last one it applied can resume exactly where it left off.
 */
import { z } from "zod";
import { dockSchema } from "./docks";
import { changeTypeSchema, fieldChangeSchema, resourceKindSchema, syncRunSchema } from "./resources";

/**
 * One change as its event row was written: enough for a dashboard to tell which lists, details and feeds it
 * touches (dock, kind, resource, parent) and what changed (the field diff), without the resource itself —
 * lists refetch from the API, which applies the reader's permissions and order.
 */
export const resourceChangeSchema = z.object({
  seq: z.number().int(),
  resourceId: z.string(),
  dockId: z.string(),
  kind: resourceKindSchema,
  name: z.string(),
  change: changeTypeSchema,
  diff: z.array(fieldChangeSchema),
  /** The provider's id of the resource's parent (a DNS record's domain), or null. */
  parentExternalId: z.string().nullable(),
});
export type ResourceChange = z.infer<typeof resourceChangeSchema>;

/**
 * What an `org.changed` message says changed, so an open settings page refreshes it: the organization itself
 * (name), its members, invitations, roles or API tokens.
 */
export const ORG_CHANGES = ["organization", "members", "invitations", "roles", "tokens"] as const;
export const orgChangeSchema = z.enum(ORG_CHANGES);
export type OrgChange = z.infer<typeof orgChangeSchema>;

export const serverMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), seq: z.number().int() }),
  z.object({ type: z.literal("resource.changed"), seq: z.number().int(), changes: z.array(resourceChangeSchema) }),
  z.object({ type: z.literal("dock.status"), seq: z.number().int(), dock: dockSchema }),
  z.object({ type: z.literal("dock.removed"), seq: z.number().int(), dockId: z.string() }),
  z.object({ type: z.literal("sync.progress"), seq: z.number().int(), dockId: z.string(), runId: z.string(), pages: z.number().int(), resources: z.number().int() }),
  z.object({ type: z.literal("sync.finished"), seq: z.number().int(), run: syncRunSchema }),
  z.object({ type: z.literal("org.changed"), seq: z.number().int(), what: orgChangeSchema }),
  z.object({ type: z.literal("resync"), reason: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type SequencedMessage = Exclude<ServerMessage, { type: "hello" } | { type: "resync" }>;

export const clientMessageSchema = z.discriminatedUnion("type", [z.object({ type: z.literal("resume"), lastSeq: z.number().int().min(0) })]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Close codes the dashboard acts on (4000–4999 are the application's). */
export const CLOSE_ACCESS_REVOKED = 4403;
/**
 * The credential the socket was opened with ended: the session was signed out, revoked or expired, or the API
 * token was deleted or expired. Reconnecting needs a new sign-in (or token), not the same one again.
 */
export const CLOSE_SESSION_ENDED = 4401;
