import type { z } from "zod";
import type { CredentialField } from "../shared/api";
import type { RateLimitState } from "../shared/docks";
import type { OutboundPolicy } from "../shared/outbound-policy";
import type { NormalizedResource, ResourceKind } from "../shared/resources";

/** What an adapter needs to reach its provider; the caller decides the base URL and observes rate limits. */
export interface ProviderContext {
  baseUrl: string;
  /** Injected so tests and the sync engine control outbound HTTP; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Longest rate-limit wait to sit out inside the call; a longer one fails with `rate_limited`. */
  maxRateLimitWaitMs?: number;
  onRateLimit?: (state: RateLimitState) => void;
  /** Counts every request sent, retries included. */
  onRequest?: () => void;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Which hosts requests may go to, checked on every attempt and redirect hop. Absent means production:
   * private and special-purpose hosts refused, so a caller that forgets it fails safe. Only development and
   * tests pass `{ allowPrivateHosts: true }` (their provider fakes listen on loopback).
   */
  outbound?: OutboundPolicy;
}

/** One page of a listing, normalized, with where to resume after it (null once the listing is complete). */
export interface ResourcePage {
  resources: NormalizedResource[];
  next: string | null;
}

/**
 * Lists every resource of one kind, a page at a time so memory stays bounded whatever the account's size.
 * `cursor` is a `next` this lister yielded earlier: a sync cut short resumes there.
 */
export type Lister<Credentials> = (credentials: Credentials, ctx: ProviderContext, cursor: string | null) => AsyncIterable<ResourcePage>;

/** What a verified webhook delivery asks EdgeDock to do. */
export type WebhookAction =
  /** An event EdgeDock does not use. */
  | { type: "ignore"; event: string }
  /** A liveness check (GitHub's ping): acknowledged, nothing to do. */
  | { type: "ack"; event: string }
  /** The payload carries the resources as they now are. */
  /**
   * `createOnly`: the payload shows the resource as it was created (GitHub's `deployment` event carries no
   * status): it adds a resource EdgeDock does not know yet, and never overwrites what a listing or a later
   * event already stored.
   */
  | { type: "upsert"; event: string; kind: ResourceKind; resources: NormalizedResource[]; createOnly?: boolean }
  | { type: "delete"; event: string; kind: ResourceKind; externalIds: string[] }
  /** The payload says something changed but not enough to write it: list these kinds again. */
  | { type: "resync"; event: string; kinds: ResourceKind[] };

/** How a provider signs and describes its webhook deliveries. */
export interface WebhookSupport {
  /** Checks the signature over the raw body bytes, exactly as the provider signs, in constant time. */
  verify(secret: string, rawBody: Uint8Array, headers: Headers): Promise<boolean>;
  /**
   * The header that carries the provider's id of a delivery. A delivery without one is refused: the id is not
   * signed, but without it a repeat could only be told by its body.
   */
  deliveryIdHeader: string;
  /** The provider's id of this delivery, to drop repeats; null when the header is missing, blank or malformed. */
  deliveryId(headers: Headers): string | null;
  /**
   * Null when the verified body belongs to the event the headers claim; else why not ("body is a push event,
   * not deployment_status"). The event name travels outside the signature, so a signed body of one event
   * could otherwise be replayed as another. Events the adapter ignores may pass unchecked.
   */
  eventMismatch(headers: Headers, body: unknown): string | null;
  /** Reads a verified delivery; throws a ProviderError (contract_violation) on a payload it cannot read. */
  interpret(headers: Headers, body: unknown): WebhookAction;
  /** What to tell people setting the webhook up in the provider's console. */
  setupHelp: string;
}

export interface AccountInfo {
  id: string;
  name: string;
}

/** Everything EdgeDock knows about one provider. Adapters never touch D1 or Durable Objects. */
export interface ProviderAdapter<Credentials extends Record<string, string> = Record<string, string>> {
  id: string;
  name: string;
  docsUrl: string;
  defaultBaseUrl: string;
  defaultIntervalSeconds: number;
  credentialFields: CredentialField[];
  credentialsSchema: z.ZodType<Credentials>;
  /** One lister per kind the provider has; the kinds a dock syncs are these keys. */
  listers: Partial<Record<ResourceKind, Lister<Credentials>>>;
  /**
   * The provider's name for the permission each kind's listing needs (`database:read`, `Metadata: read`), so a
   * kind the token may not read names what to grant.
   */
  scopes?: Partial<Record<ResourceKind, string>>;
  /** Present when the provider can send webhooks to EdgeDock. */
  webhooks?: WebhookSupport;
  /** A few characters that let people recognise the credentials without revealing them. */
  credentialsHint(credentials: Credentials): string;
  /** Checks the credentials against the provider; throws ProviderError when they do not work. */
  validate(credentials: Credentials, ctx: ProviderContext): Promise<AccountInfo>;
}

/** The hint for a secret: its last four characters, never more than a quarter of it. */
export function lastFour(secret: string): string {
  const visible = Math.min(4, Math.floor(secret.length / 4));
  return visible > 0 ? `…${secret.slice(-visible)}` : "…";
}

/** A provider with its credential type erased, as the registry and the Worker hold it. */
export interface Adapter extends Omit<ProviderAdapter, "credentialsHint" | "validate" | "listers"> {
  resourceKinds: readonly ResourceKind[];
  credentialsHint(credentials: Record<string, string>): string;
  validate(credentials: Record<string, string>, ctx: ProviderContext): Promise<AccountInfo>;
  list(kind: ResourceKind, credentials: Record<string, string>, ctx: ProviderContext, cursor: string | null): AsyncIterable<ResourcePage>;
}

/** Erases the credential type; every entry point re-parses credentials with the provider's own schema. */
export function defineAdapter<Credentials extends Record<string, string>>(def: ProviderAdapter<Credentials>): Adapter {
  const { listers, ...rest } = def;
  return {
    ...rest,
    resourceKinds: Object.keys(listers) as ResourceKind[],
    credentialsHint: (credentials) => def.credentialsHint(def.credentialsSchema.parse(credentials)),
    validate: (credentials, ctx) => def.validate(def.credentialsSchema.parse(credentials), ctx),
    list: (kind, credentials, ctx, cursor) => {
      const lister = listers[kind];
      if (!lister) throw new Error(`${def.name} has no ${kind} listing`);
      return lister(def.credentialsSchema.parse(credentials), ctx, cursor);
    },
  };
}
