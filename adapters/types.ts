import type { z } from "zod";
import type { CredentialField } from "../shared/api";
import type { RateLimitState } from "../shared/docks";
import type { WebhookSecretSource } from "../shared/webhooks";
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
  /**
   * Bodies of earlier GETs by URL, with their `ETag`, for conditional requests: a provider answering 304
   * (nothing changed) costs no download, and GitHub does not count it against its hourly limit. Only
   * providers whose client opts in (`ProviderHttp.conditional`) use it. Synchronous, as the Durable Object's
   * SQLite that holds it is.
   */
  /**
   * The dock's scope: ids of the accounts (teams, organizations, owners) it covers, as `accounts` names them.
   * Null or absent: every account the token sees, including ones it comes to see later.
   */
  accounts?: readonly string[] | null;
  /**
   * The kind's remembered pages, for listings that recognise an unchanged page by its bytes instead of reading
   * it. Given by the engine per kind (`AdapterSession.list`); absent outside a sync, where every page is read.
   */
  pageMemo?: PageMemo;
  httpCache?: {
    get(url: string): { etag: string; body: string; headers: Record<string, string> } | null;
    put(url: string, entry: { etag: string; body: string; headers: Record<string, string> }): void;
  };
}

/**
 * What the engine remembered of a page a listing fetched before: the fingerprint of its bytes, what the paging
 * scheme read of it (its step, as JSON), and the resources it held, each with the content hash written for it.
 */
export interface RememberedPage {
  fingerprint: string;
  step: string;
  resources: readonly (readonly [externalId: string, contentHash: string])[];
}

/**
 * A kind's remembered pages, as a listing reads them (the engine writes them). Keys are the page's URL within
 * its `context`: what the listing's normalization depends on beyond the page's bytes (the parent of a nested
 * listing, the scope of a scoped one), so the same URL under another parent is another page.
 */
export interface PageMemo {
  key(url: string): string;
  get(key: string): RememberedPage | null;
  /** The memo for a listing whose resources also depend on `context` (JSON of a parent or scope). */
  within(context: string): PageMemo;
}

/** Where a listed page came from, so the engine can remember it under its fingerprint. */
export interface PageSource {
  key: string;
  fingerprint: string;
  step: string;
}

/**
 * One page of a listing, with where to resume after it (null once the listing is complete): either its
 * resources, normalized, or — when its bytes are those of a page the engine remembered — the remembered page,
 * left unread. A compound listing passes pages on whole (`{ ...page, next }`), never rebuilt from `resources`,
 * which a reused page does not have.
 */
export type ResourcePage = ListedPage | ReusedPage;

export interface ListedPage {
  resources: NormalizedResource[];
  next: string | null;
  source?: PageSource;
}

export interface ReusedPage {
  reused: RememberedPage;
  /** Reads the page after all (parse, validate, normalize): for when what the engine holds differs from what it remembered. */
  read(): Promise<NormalizedResource[]>;
  next: string | null;
  source: PageSource;
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

/**
 * Who makes the secret that proves a delivery came from the provider:
 * - `edgedock`: EdgeDock makes it, and it is pasted into the provider's webhook settings (GitHub);
 * - `provider`: the provider makes it when the webhook is created, and it is pasted into EdgeDock (Vercel,
 *   Render); deliveries are refused until it is;
 * - `url_token`: the provider signs nothing, so the webhook URL itself carries a long random token, the only
 *   proof a delivery has. Weaker: anyone who sees the URL (a provider's log, a screenshot) can post to it,
 *   until the token is rotated.
 */
export type { WebhookSecretSource };

/** One delivery as it arrived: the raw bytes (signatures cover them, not a re-serialization) and where. */
export interface WebhookDelivery {
  rawBody: Uint8Array;
  headers: Headers;
  /** The URL the provider posted to, for providers that sign it along with the body. */
  url: URL;
}

/** How a provider signs and describes its webhook deliveries. */
export interface WebhookSupport {
  secretSource: WebhookSecretSource;
  /**
   * Checks the signature exactly as the provider signs, in constant time. Not called for `url_token`
   * providers: the token in the URL is compared by the platform.
   */
  verify(secret: string, delivery: WebhookDelivery): Promise<boolean>;
  /** Where a delivery's id is found, for the message refusing one without it ("the X-GitHub-Delivery header"). */
  deliveryIdSource: string;
  /**
   * The provider's id of this delivery, from a header or the body, to drop repeats; null when it is missing,
   * blank or malformed. A delivery without one is refused: without it a repeat could only be told by its body.
   */
  deliveryId(headers: Headers, body: unknown): string | null;
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

/** An account the credentials reach: the provider's own id for it (what a dock's scope names) and a name for people. */
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
  /**
   * Every account, team or organization the (already validated) credentials see, for a dock to cover one or
   * all of. Absent: the credentials reach exactly the one account `validate` names.
   */
  accounts?(credentials: Credentials, ctx: ProviderContext): Promise<AccountInfo[]>;
}

/** The hint for a secret: its last four characters, never more than a quarter of it. */
export function lastFour(secret: string): string {
  const visible = Math.min(4, Math.floor(secret.length / 4));
  return visible > 0 ? `…${secret.slice(-visible)}` : "…";
}

/**
 * One run's use of a provider: the credentials parsed once against the provider's schema, and the provider
 * context every request of the run shares (base URL, outbound policy, rate-limit observer, HTTP cache).
 */
export interface AdapterSession {
  readonly baseUrl: string;
  list(kind: ResourceKind, cursor: string | null): AsyncIterable<ResourcePage>;
}

export interface SessionOptions {
  pageMemo?: (kind: ResourceKind) => PageMemo;
}

/** A provider with its credential type erased, as the registry and the Worker hold it. */
export interface Adapter extends Omit<ProviderAdapter, "credentialsHint" | "validate" | "accounts" | "listers"> {
  resourceKinds: readonly ResourceKind[];
  credentialsHint(credentials: Record<string, string>): string;
  validate(credentials: Record<string, string>, ctx: ProviderContext): Promise<AccountInfo>;
  /** Validates the credentials, then lists the accounts they see (the validated one alone when the provider has no more). */
  accounts(credentials: Record<string, string>, ctx: ProviderContext): Promise<AccountInfo[]>;
  /**
   * Parses the credentials (throwing on ones that do not fit the provider's schema) for a run of requests;
   * `pageMemo` gives each kind's listing its remembered pages.
   */
  open(credentials: Record<string, string>, ctx: ProviderContext, options?: SessionOptions): AdapterSession;
  /** One listing outside a run (tests, the benches): a session of its own, every page read (nothing is remembered outside a sync). */
  list(kind: ResourceKind, credentials: Record<string, string>, ctx: ProviderContext, cursor: string | null): AsyncIterable<ListedPage>;
}

/** Erases the credential type; every entry point parses credentials with the provider's own schema. */
export function defineAdapter<Credentials extends Record<string, string>>(def: ProviderAdapter<Credentials>): Adapter {
  const { listers, ...rest } = def;
  const open = (credentials: Record<string, string>, ctx: ProviderContext, options: SessionOptions = {}): AdapterSession => {
    const parsed = def.credentialsSchema.parse(credentials);
    return {
      baseUrl: ctx.baseUrl,
      list: (kind, cursor) => {
        const lister = listers[kind];
        if (!lister) throw new Error(`${def.name} has no ${kind} listing`);
        const pageMemo = options.pageMemo?.(kind);
        return lister(parsed, pageMemo ? { ...ctx, pageMemo } : ctx, cursor);
      },
    };
  };
  return {
    ...rest,
    resourceKinds: Object.keys(listers) as ResourceKind[],
    credentialsHint: (credentials) => def.credentialsHint(def.credentialsSchema.parse(credentials)),
    validate: (credentials, ctx) => def.validate(def.credentialsSchema.parse(credentials), ctx),
    accounts: async (credentials, ctx) => {
      const parsed = def.credentialsSchema.parse(credentials);
      const own = await def.validate(parsed, ctx);
      return def.accounts ? def.accounts(parsed, ctx) : [own];
    },
    open,
    list: (kind, credentials, ctx, cursor) => readPages(open(credentials, { ...ctx, pageMemo: undefined }).list(kind, cursor)),
  };
}

/** Pages of a listing without a memo, which are all read ones. */
export async function* readPages(pages: AsyncIterable<ResourcePage>): AsyncGenerator<ListedPage> {
  for await (const page of pages) {
    if ("reused" in page) throw new Error("a listing without remembered pages handed on a reused one");
    yield page;
  }
}
