import type { NormalizedResource, ResourceStatus } from "../../shared/resources";
import type { CertificatePack, CustomHostname, D1Database, DnsRecord, LoadBalancer, PagesDeployment, PagesProject, R2Bucket, WorkerScript, Zone } from "./schemas";

export const CONSOLE = "https://dash.cloudflare.com";
const seg = encodeURIComponent;

/** A zone's `status`: `initializing` and `pending` until its name servers point at Cloudflare, `moved` once they no longer do. */
export const ZONE_STATUS: Record<string, ResourceStatus> = { initializing: "starting", pending: "starting", active: "active", moved: "inactive", deactivated: "inactive", read_only: "active" };

/**
 * A Pages deployment's latest stage (`queued → initialize → clone_repo → build → deploy`) and its `status`
 * (`idle | active | success | failure | canceled`): live once its deploy stage succeeded, starting before.
 */
export function pagesStageStatus(stage: PagesDeployment["latest_stage"], skipped = false): ResourceStatus {
  if (skipped) return "inactive";
  switch (stage?.status) {
    case "success":
      return stage.name === "deploy" ? "active" : "starting";
    case "idle":
    case "active":
      return "starting";
    case "failure":
      return "error";
    case "canceled":
      return "stopped";
    default:
      return "unknown";
  }
}

const stageWord = (stage: PagesDeployment["latest_stage"]) => (stage?.name && stage.status ? `${stage.name} ${stage.status}` : (stage?.status ?? null));

/** A zone's plan price, when the listing carries it and it is monthly: in cents. */
function zonePrice(zone: Zone): { monthlyCostCents: number | null; currency: string | null } {
  const plan = zone.plan;
  if (!plan || typeof plan.price !== "number" || !plan.currency || plan.currency.length !== 3) return { monthlyCostCents: null, currency: null };
  if (plan.frequency && plan.frequency !== "monthly") return { monthlyCostCents: null, currency: null };
  return { monthlyCostCents: Math.round(plan.price * 100), currency: plan.currency.toUpperCase() };
}

/** A zone is a domain. Its id is what its DNS records name as their parent (names may repeat across accounts while pending). */
export function normalizeZone(zone: Zone): NormalizedResource {
  const vanity = zone.vanity_name_servers ?? [];
  return {
    kind: "domain",
    externalId: zone.id,
    name: zone.name,
    // A paused zone is only DNS: Cloudflare's proxy is off for it.
    status: zone.paused ? "inactive" : (ZONE_STATUS[zone.status] ?? "unknown"),
    providerStatus: zone.paused ? `${zone.status} (paused)` : zone.status,
    region: null,
    url: `${CONSOLE}/${seg(zone.account.id)}/${seg(zone.name)}`,
    createdAt: zone.created_on ?? null,
    ...zonePrice(zone),
    attributes: { expiresAt: null, nameservers: vanity.length > 0 ? vanity : (zone.name_servers ?? []), ttl: null },
  };
}

export function normalizeDnsRecord(zone: Pick<Zone, "id" | "name" | "account">, r: DnsRecord): NormalizedResource {
  return {
    kind: "dns_record",
    externalId: r.id,
    name: `${r.type} ${r.name}`,
    status: "active",
    providerStatus: r.proxied === true ? "proxied" : r.proxied === false ? "dns_only" : null,
    region: null,
    url: `${CONSOLE}/${seg(zone.account.id)}/${seg(zone.name)}/dns/records`,
    createdAt: r.created_on ?? null,
    monthlyCostCents: null,
    currency: null,
    parentExternalId: zone.id,
    attributes: {
      domain: zone.name,
      type: r.type,
      recordName: r.name,
      data: r.content ?? "",
      // 1 is Cloudflare's "automatic".
      ttl: typeof r.ttl === "number" ? Math.round(r.ttl) : null,
      priority: typeof r.priority === "number" ? Math.round(r.priority) : null,
    },
  };
}

/** Script names are unique within an account only, and a dock may cover several accounts. */
export const workerExternalId = (accountId: string, name: string) => `${accountId}/workers/${name}`;

/** A listed script is deployed: the list has no state beyond that. */
export function normalizeWorkerScript(accountId: string, s: WorkerScript): NormalizedResource {
  return {
    kind: "web_service",
    externalId: workerExternalId(accountId, s.id),
    name: s.id,
    status: "running",
    providerStatus: null,
    region: null,
    url: `${CONSOLE}/${seg(accountId)}/workers/services/view/${seg(s.id)}/production`,
    createdAt: s.created_on ?? null,
    // Workers are billed by usage over the account, not per script.
    monthlyCostCents: null,
    currency: null,
    attributes: { framework: "Workers", repository: null, branch: null },
  };
}

function projectRepository(p: Pick<PagesProject, "source">): string | null {
  const config = p.source?.config;
  return config?.owner && config.repo_name ? `${config.owner}/${config.repo_name}` : null;
}

/** A project is what its latest deployment made it; one never deployed is unknown. */
export function normalizePagesProject(accountId: string, p: PagesProject): NormalizedResource {
  const latest = p.latest_deployment ?? null;
  const deployed = latest ? pagesStageStatus(latest.latest_stage, latest.is_skipped ?? false) : "unknown";
  return {
    kind: "web_service",
    externalId: p.id,
    name: p.name,
    status: deployed === "active" ? "running" : deployed,
    providerStatus: latest ? stageWord(latest.latest_stage) : null,
    region: null,
    url: `${CONSOLE}/${seg(accountId)}/pages/view/${seg(p.name)}`,
    createdAt: p.created_on ?? null,
    monthlyCostCents: null,
    currency: null,
    attributes: { framework: p.framework || null, repository: projectRepository(p), branch: p.production_branch ?? p.source?.config?.production_branch ?? null },
  };
}

/** A deployment belongs to its project (the project's id is its parent). */
export function normalizePagesDeployment(accountId: string, project: Pick<PagesProject, "id" | "name" | "source">, d: PagesDeployment): NormalizedResource {
  const meta = d.deployment_trigger?.metadata ?? null;
  return {
    kind: "deployment",
    externalId: d.id,
    name: meta?.commit_message?.split("\n")[0]?.slice(0, 200) || `Deployment ${d.short_id ?? d.id.slice(0, 8)}`,
    status: pagesStageStatus(d.latest_stage, d.is_skipped ?? false),
    providerStatus: stageWord(d.latest_stage),
    region: null,
    url: `${CONSOLE}/${seg(accountId)}/pages/view/${seg(project.name)}/${seg(d.id)}`,
    createdAt: d.created_on ?? null,
    monthlyCostCents: null,
    currency: null,
    parentExternalId: project.id,
    attributes: {
      repository: projectRepository(project) ?? project.name,
      environment: d.environment ?? null,
      ref: meta?.branch ?? null,
      sha: meta?.commit_hash ?? null,
      creator: d.deployment_trigger?.type ?? null,
      latestState: stageWord(d.latest_stage),
    },
  };
}

/** Bucket names are unique within an account (and jurisdiction) only. */
export function normalizeR2Bucket(accountId: string, b: R2Bucket): NormalizedResource {
  const jurisdiction = b.jurisdiction || "default";
  return {
    kind: "bucket",
    externalId: jurisdiction === "default" ? `${accountId}/r2/${b.name}` : `${accountId}/r2/${jurisdiction}/${b.name}`,
    name: b.name,
    status: "active",
    providerStatus: null,
    region: b.location ?? null,
    url: `${CONSOLE}/${seg(accountId)}/r2/${seg(jurisdiction)}/buckets/${seg(b.name)}`,
    createdAt: b.creation_date ?? null,
    // R2 bills storage and operations over the account; the list states neither.
    monthlyCostCents: null,
    currency: null,
    attributes: { storageBytes: null, objectCount: null },
  };
}

export function normalizeD1Database(accountId: string, d: D1Database): NormalizedResource {
  return {
    kind: "database",
    externalId: d.uuid,
    name: d.name,
    status: "active",
    providerStatus: null,
    region: d.jurisdiction ?? null,
    url: `${CONSOLE}/${seg(accountId)}/workers/d1/databases/${seg(d.uuid)}`,
    createdAt: d.created_at ?? null,
    monthlyCostCents: null,
    currency: null,
    attributes: { engine: "sqlite", version: d.version ?? null, nodes: null, size: null, storageMb: typeof d.file_size === "number" ? Math.round(d.file_size / 1_000_000) : null },
  };
}

type ZoneRef = Pick<Zone, "id" | "name" | "account">;

export function normalizeLoadBalancer(zone: ZoneRef, lb: LoadBalancer): NormalizedResource {
  const enabled = lb.enabled !== false;
  return {
    kind: "load_balancer",
    externalId: lb.id,
    name: lb.name,
    status: enabled ? "active" : "inactive",
    providerStatus: enabled ? "enabled" : "disabled",
    region: null,
    url: `${CONSOLE}/${seg(zone.account.id)}/${seg(zone.name)}/traffic/load-balancing`,
    createdAt: lb.created_on ?? null,
    // Load Balancing is an account subscription, not priced per balancer in the API.
    monthlyCostCents: null,
    currency: null,
    attributes: { ipv4: null, ipv6: null, algorithm: lb.steering_policy || null, type: lb.proxied ? "proxied" : "dns_only", targets: [...(lb.default_pools ?? [])] },
  };
}

/** A certificate pack's `status`, every documented word. */
export const CERTIFICATE_PACK_STATUS: Record<string, ResourceStatus> = {
  initializing: "starting",
  pending_validation: "starting",
  pending_issuance: "starting",
  pending_deployment: "starting",
  holding_deployment: "starting",
  staging_deployment: "starting",
  active: "active",
  staging_active: "active",
  backup_issued: "active",
  // Still served until it expires.
  pending_expiration: "active",
  expired: "error",
  initializing_timed_out: "error",
  validation_timed_out: "error",
  issuance_timed_out: "error",
  deployment_timed_out: "error",
  deletion_timed_out: "error",
  pending_deletion: "inactive",
  pending_cleanup: "inactive",
  deactivating: "inactive",
  inactive: "inactive",
  deleted: "inactive",
};

const AUTHORITY: Record<string, string> = { lets_encrypt: "Let's Encrypt", google: "Google Trust Services", ssl_com: "SSL.com", digicert: "DigiCert", sectigo: "Sectigo" };
const authorityName = (ca: string | null | undefined) => (ca ? (AUTHORITY[ca] ?? ca) : null);

/** The soonest expiry of the pack's certificates (one per signature algorithm). */
function soonest(dates: readonly (string | null | undefined)[]): string | null {
  const valid = dates.filter((d): d is string => typeof d === "string" && !Number.isNaN(Date.parse(d)));
  return valid.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

export function normalizeCertificatePack(zone: ZoneRef, pack: CertificatePack): NormalizedResource {
  const certificates = pack.certificates ?? [];
  return {
    kind: "certificate",
    externalId: pack.id,
    name: `${zone.name} (${pack.type ?? "edge"})`,
    status: CERTIFICATE_PACK_STATUS[pack.status] ?? "unknown",
    providerStatus: pack.status,
    region: null,
    url: `${CONSOLE}/${seg(zone.account.id)}/${seg(zone.name)}/ssl-tls/edge-certificates`,
    createdAt: null,
    monthlyCostCents: null,
    currency: null,
    attributes: {
      domains: [...(pack.hosts ?? [])],
      expiresAt: soonest(certificates.map((c) => c.expires_on)),
      // Universal and advanced packs are issued and renewed by Cloudflare; `custom` is uploaded.
      type: pack.type === "custom" ? "uploaded" : "managed",
      issuer: authorityName(pack.certificate_authority) ?? certificates.find((c) => c.issuer)?.issuer ?? null,
    },
  };
}

/** A custom hostname's certificate: `ssl.status` says whether it is issued; the hostname's own `status` says whether it is live. */
export const CUSTOM_HOSTNAME_SSL_STATUS: Record<string, ResourceStatus> = {
  initializing: "starting",
  pending_validation: "starting",
  pending_issuance: "starting",
  pending_deployment: "starting",
  active: "active",
  pending_expiration: "active",
  expired: "error",
  validation_timed_out: "error",
  issuance_timed_out: "error",
  deployment_timed_out: "error",
  pending_deletion: "inactive",
  deleted: "inactive",
};

export function normalizeCustomHostname(zone: ZoneRef, h: CustomHostname): NormalizedResource {
  const word = h.ssl?.status ?? h.status ?? null;
  return {
    kind: "certificate",
    externalId: h.id,
    name: h.hostname,
    status: word === null ? "unknown" : (CUSTOM_HOSTNAME_SSL_STATUS[word] ?? "unknown"),
    providerStatus: word,
    region: null,
    url: `${CONSOLE}/${seg(zone.account.id)}/${seg(zone.name)}/ssl-tls/custom-hostnames`,
    createdAt: h.created_at ?? null,
    monthlyCostCents: null,
    currency: null,
    attributes: {
      domains: [h.hostname],
      expiresAt: h.ssl?.expires_on ?? null,
      type: h.ssl?.type === "legacy_custom" || h.ssl?.type === "sni_custom" ? "uploaded" : "managed",
      issuer: authorityName(h.ssl?.certificate_authority) ?? h.ssl?.issuer ?? null,
    },
  };
}
