import { Server } from "partyserver";

/**
 * One per organization, addressed by the organization id. It owns the organization's sync schedule
 * (alarm-driven) and its live channel (hibernating WebSockets), which arrive with the sync engine and the
 * live-updates work; for now it is declared so its storage class and binding are stable from the start.
 */
export class OrgHub extends Server<Env> {
  static override options = { hibernate: true };
}
