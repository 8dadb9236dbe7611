/**
 * What is DigitalOcean's own: its example payloads through the schemas and normalizers (real values, each
 * kind), its status words and prices, GPU droplets behind `type=gpus`, backups read from the account's images,
 * the nested listings, and its custom scopes. What every adapter must do (paging, resuming, retries, 429s,
 * refused tokens, hints) is the conformance suite's (`test/conformance`), run against this adapter's test kit.
 */
import { describe, expect, it } from "vitest";
import { fakeToken, fakeUrl } from "../../test/helpers";
import type { NormalizedResource, ResourceKind } from "../../shared/resources";
import { ProviderError } from "../errors";
import { controlOk, inProcess } from "../test-kit";
import type { ProviderContext } from "../types";
import { digitalocean } from "./index";
import { credentialFields, READ_SCOPES } from "./credentials";
import { accountOf, createDigitalOceanFake, initialState, makeDroplet, makeGpuDroplet } from "./fake";
import {
  normalizeApp,
  normalizeAppDeployment,
  normalizeBackup,
  normalizeCdnEndpoint,
  normalizeCertificate,
  normalizeDomain,
  normalizeDomainRecord,
  normalizeDroplet,
  normalizeFirewall,
  normalizeKubernetesCluster,
  normalizeReservedIp,
  normalizeReservedIpv6,
  normalizeSnapshot,
  normalizeUptimeCheck,
  normalizeVpc,
} from "./normalize";
import {
  accountSchema,
  appDeploymentPhaseSchema,
  appDeploymentsPageSchema,
  appsPageSchema,
  cdnEndpointsPageSchema,
  certificateSchema,
  certificatesPageSchema,
  domainRecordsPageSchema,
  domainsPageSchema,
  dropletSchema,
  dropletsPageSchema,
  errorBodySchema,
  firewallSchema,
  firewallsPageSchema,
  imageSchema,
  imagesPageSchema,
  imageStatusSchema,
  kubernetesClusterSchema,
  kubernetesClustersPageSchema,
  reservedIpsPageSchema,
  reservedIpv6sPageSchema,
  snapshotsPageSchema,
  uptimeChecksPageSchema,
  vpcsPageSchema,
} from "./schemas";
import account from "./fixtures/account_get.json";
import appDeploymentsFixture from "./fixtures/app_deployments_list.json";
import appsFixture from "./fixtures/apps_list.json";
import backupsFixture from "./fixtures/droplet_backups_list.json";
import cdnEndpointsFixture from "./fixtures/cdn_endpoints_list.json";
import certificatesFixture from "./fixtures/certificates_list.json";
import domainRecordsFixture from "./fixtures/domain_records_list.json";
import domainsFixture from "./fixtures/domains_list.json";
import dropletsFixture from "./fixtures/droplets_list.json";
import error401 from "./fixtures/error_401.json";
import error404 from "./fixtures/error_404.json";
import error429 from "./fixtures/error_429.json";
import error500 from "./fixtures/error_500.json";
import firewallsFixture from "./fixtures/firewalls_list.json";
import imagesFixture from "./fixtures/images_list.json";
import kubernetesFixture from "./fixtures/kubernetes_clusters_list.json";
import loadBalancersFixture from "./fixtures/load_balancers_list.json";
import reservedIpsFixture from "./fixtures/reserved_ips_list.json";
import reservedIpv6Fixture from "./fixtures/reserved_ipv6_list.json";
import snapshotsFixture from "./fixtures/snapshots_list.json";
import uptimeChecksFixture from "./fixtures/uptime_checks_list.json";
import vpcsFixture from "./fixtures/vpcs_list.json";

const CONSOLE = "https://cloud.digitalocean.com";

describe("DigitalOcean response schemas", () => {
  it("accept the contract's official example payloads", () => {
    expect(accountSchema.parse(account).account.uuid).toBe("b6fr89dbf6d9156cace5f3c78dc9851d957381ef");
    for (const body of [error401, error404, error429, error500]) expect(errorBodySchema.safeParse(body).success).toBe(true);
    expect(firewallsPageSchema.parse(firewallsFixture).firewalls).toHaveLength(1);
    expect(snapshotsPageSchema.parse(snapshotsFixture).snapshots.map((s) => s.resource_type)).toEqual(["droplet", "volume"]);
    expect(vpcsPageSchema.parse(vpcsFixture).vpcs).toHaveLength(3);
    expect(reservedIpsPageSchema.parse(reservedIpsFixture).reserved_ips).toHaveLength(1);
    // The IPv6 example names no droplet at all: unassigned addresses.
    expect(reservedIpv6sPageSchema.parse(reservedIpv6Fixture).reserved_ipv6s).toHaveLength(2);
    expect(certificatesPageSchema.parse(certificatesFixture).certificates).toHaveLength(2);
    // This example has no `links` at all: one of the three last-page shapes the contract names.
    expect("links" in kubernetesFixture).toBe(false);
    expect(kubernetesClustersPageSchema.parse(kubernetesFixture).kubernetes_clusters).toHaveLength(1);
    expect(appsPageSchema.parse(appsFixture).apps).toHaveLength(1);
    expect(appDeploymentsPageSchema.parse(appDeploymentsFixture).deployments).toHaveLength(1);
    expect(cdnEndpointsPageSchema.parse(cdnEndpointsFixture).endpoints).toHaveLength(1);
    expect(uptimeChecksPageSchema.parse(uptimeChecksFixture).checks).toHaveLength(1);
  });

  it("read a droplet backup and the account's images as one image object, told apart by type", () => {
    expect(imagesPageSchema.parse(imagesFixture).images.map((i) => i.type)).toEqual(["snapshot", "snapshot", "snapshot", "custom", "snapshot", "snapshot"]);
    // `/v2/droplets/{id}/backups` answers the same object, without `status`.
    const backup = imageSchema.parse(backupsFixture.backups[0]);
    expect(backup).toMatchObject({ id: 67539192, type: "backup" });
    expect(backup.status).toBeUndefined();
    // The example droplet's `backup_ids` is what ties a backup image to it.
    expect(dropletsPageSchema.parse(dropletsFixture).droplets[0]!.backup_ids).toEqual([53893572]);
  });
});

describe("DigitalOcean normalization of each kind, from the official examples", () => {
  it("droplets: the size's price_monthly in cents of USD, the public and private addresses, a console link", () => {
    const droplet = dropletsPageSchema.parse(dropletsFixture).droplets[0]!;
    expect(normalizeDroplet(droplet)).toMatchObject({
      kind: "server",
      externalId: "3164444",
      name: "example.com",
      status: "running",
      providerStatus: "active",
      region: "nyc3",
      url: `${CONSOLE}/droplets/3164444`,
      monthlyCostCents: 500,
      currency: "USD",
      attributes: { ipv4: "192.241.165.154", privateIpv4: "10.128.192.124", vcpus: 1, memoryMb: 1024, diskGb: 25, size: "s-1vcpu-1gb" },
    });
    expect(normalizeDroplet({ ...droplet, size: undefined })).toMatchObject({ monthlyCostCents: null, currency: null });
  });

  it("firewalls: global, their rules counted, the droplets they cover", () => {
    expect(normalizeFirewall(firewallsPageSchema.parse(firewallsFixture).firewalls[0]!)).toEqual({
      kind: "firewall",
      externalId: "fb6045f1-cf1d-4ca3-bfac-18832663025b",
      name: "firewall",
      status: "active",
      providerStatus: "succeeded",
      region: null,
      url: `${CONSOLE}/networking/firewalls/fb6045f1-cf1d-4ca3-bfac-18832663025b/rules`,
      createdAt: "2017-05-23T21:23:59Z",
      monthlyCostCents: null,
      currency: null,
      attributes: { inboundRules: 2, outboundRules: 1, attachedTo: ["8043964"], appliesToTags: [] },
    });
  });

  it("snapshots: a droplet's belongs to that droplet, a volume's names its volume only", () => {
    const [ofDroplet, ofVolume] = snapshotsPageSchema.parse(snapshotsFixture).snapshots.map(normalizeSnapshot);
    expect(ofDroplet).toMatchObject({
      kind: "snapshot",
      externalId: "6372321",
      name: "web-01-1595954862243",
      region: "nyc3",
      url: `${CONSOLE}/images/snapshots/droplets`,
      createdAt: "2020-07-28T16:47:44Z",
      parentExternalId: "200776916",
      attributes: { source: "200776916", sizeGb: 2.34, type: "droplet" },
    });
    expect(ofVolume).toMatchObject({ externalId: "fbe805e8-866b-11e6-96bf-000f53315a41", region: "nyc1", url: `${CONSOLE}/images/snapshots/volumes`, attributes: { source: "89bcc42f-85cf-11e6-a004-000f53315871", sizeGb: 0.1008, type: "volume" } });
    // A snapshot's parent kind is a server: a volume is no parent of it.
    expect(JSON.stringify(ofVolume)).not.toContain("parentExternalId");
  });

  it("backups: an image of type backup, belonging to the droplet that claims it", () => {
    const image = imageSchema.parse(backupsFixture.backups[0]);
    expect(normalizeBackup(image, 3164444)).toEqual({
      kind: "backup",
      externalId: "67539192",
      name: "web-01- 2020-07-29",
      status: "active",
      providerStatus: null,
      region: "nyc3",
      url: `${CONSOLE}/droplets/3164444/backups`,
      createdAt: "2020-07-29T01:44:35Z",
      monthlyCostCents: null,
      currency: null,
      parentExternalId: "3164444",
      attributes: { source: "3164444", sizeGb: 2.34, type: "backup" },
    });
    // One that no droplet claims is still listed, without a parent.
    const orphan = normalizeBackup(image, null);
    expect(orphan).toMatchObject({ url: `${CONSOLE}/images/backups`, attributes: { source: null } });
    expect(JSON.stringify(orphan)).not.toContain("parentExternalId");
  });

  it("VPCs: the range, whether it is the region's default, the description", () => {
    const [prod, defaultNyc1] = vpcsPageSchema.parse(vpcsFixture).vpcs.map(normalizeVpc);
    expect(prod).toMatchObject({
      kind: "network",
      externalId: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
      name: "env.prod-vpc",
      region: "nyc1",
      url: `${CONSOLE}/networking/vpc/5a4981aa-9653-4bd1-bef5-d6bff52042e4`,
      attributes: { ipRange: "10.10.10.0/24", isDefault: false, description: "VPC for production environment" },
    });
    // An empty description is no description.
    expect(defaultNyc1).toMatchObject({ name: "default-nyc1", attributes: { ipRange: "10.102.0.0/20", isDefault: true, description: null } });
  });

  it("reserved IPv4 and IPv6: the address is the id, idle unless a droplet holds it", () => {
    const v4 = reservedIpsPageSchema.parse(reservedIpsFixture).reserved_ips[0]!;
    expect(normalizeReservedIp(v4)).toMatchObject({ kind: "ip_address", externalId: "45.55.96.47", status: "inactive", providerStatus: "unassigned", region: "nyc3", url: `${CONSOLE}/networking/reserved_ips`, attributes: { ip: "45.55.96.47", family: "ipv4", assignedTo: null } });
    expect(normalizeReservedIp({ ...v4, droplet: { id: 3164444 } })).toMatchObject({ status: "active", providerStatus: "assigned", attributes: { assignedTo: "3164444" } });
    const v6 = reservedIpv6sPageSchema.parse(reservedIpv6Fixture).reserved_ipv6s[0]!;
    expect(normalizeReservedIpv6(v6)).toMatchObject({ externalId: "fd53:616d:6d60::dc9:c001", region: "nyc3", createdAt: "2020-01-01T00:00:00Z", status: "inactive", attributes: { family: "ipv6", assignedTo: null } });
  });

  it("certificates: Let's Encrypt ones are managed, uploaded ones may name no domain", () => {
    const [custom, managed] = certificatesPageSchema.parse(certificatesFixture).certificates.map(normalizeCertificate);
    expect(custom).toMatchObject({ name: "web-cert-01", status: "active", providerStatus: "verified", attributes: { domains: [], type: "uploaded", issuer: null, expiresAt: "2017-02-22T00:23:00Z" } });
    expect(managed).toMatchObject({
      externalId: "ba9b9c18-6c59-46c2-99df-70da170a42ba",
      url: `${CONSOLE}/account/security`,
      attributes: { domains: ["www.example.com", "example.com"], type: "managed", issuer: "Let's Encrypt", expiresAt: "2018-06-07T17:44:12Z" },
    });
  });

  it("Kubernetes clusters: their node pools and node count", () => {
    expect(normalizeKubernetesCluster(kubernetesClustersPageSchema.parse(kubernetesFixture).kubernetes_clusters[0]!)).toMatchObject({
      kind: "kubernetes_cluster",
      externalId: "bd5f5959-5e1e-4205-a714-a914373942af",
      name: "prod-cluster-01",
      status: "starting",
      providerStatus: "provisioning",
      region: "nyc1",
      url: `${CONSOLE}/kubernetes/clusters/bd5f5959-5e1e-4205-a714-a914373942af`,
      attributes: {
        version: "1.18.6-do.0",
        nodeCount: 5,
        nodePools: [
          { name: "frontend-pool", size: "s-1vcpu-2gb", count: 3, autoscale: false },
          { name: "backend-pool", size: "g-4vcpu-16gb", count: 2, autoscale: true },
        ],
        endpoint: "https://bd5f5959-5e1e-4205-a714-a914373942af.k8s.ondigitalocean.com",
        highAvailability: false,
      },
    });
  });

  it("apps and their deployments: the deployment belongs to its app and carries the commit", () => {
    const app = appsPageSchema.parse(appsFixture).apps[0]!;
    expect(normalizeApp(app)).toMatchObject({
      kind: "web_service",
      externalId: "4f6c71e2-1e90-4762-9fee-6cc4a0a9f2cf",
      name: "sample-php",
      // Its pending deployment is the live one (the example names it twice): running, with no phase stated.
      status: "running",
      providerStatus: null,
      region: "fra",
      url: `${CONSOLE}/apps/4f6c71e2-1e90-4762-9fee-6cc4a0a9f2cf`,
      createdAt: "2020-11-19T20:27:18Z",
      attributes: { framework: "php", repository: "https://github.com/digitalocean/sample-php.git", branch: "main" },
    });
    const deployment = appDeploymentsPageSchema.parse(appDeploymentsFixture).deployments[0]!;
    expect(normalizeAppDeployment(app, deployment)).toMatchObject({
      kind: "deployment",
      externalId: "b6bdf840-2854-4f87-a36c-5f231c617c84",
      name: "commit 9a4df0b pushed to github/digitalocean/sample-golang",
      status: "starting",
      providerStatus: "PENDING_BUILD",
      url: `${CONSOLE}/apps/${app.id}/deployments/b6bdf840-2854-4f87-a36c-5f231c617c84`,
      parentExternalId: app.id,
      attributes: { sha: "9a4df0b8e161e323bc3cdf1dc71878080fe144fa", ref: "main", latestState: "PENDING_BUILD" },
    });
  });

  it("uptime checks are monitors of their target", () => {
    expect(normalizeUptimeCheck(uptimeChecksPageSchema.parse(uptimeChecksFixture).checks[0]!)).toMatchObject({
      kind: "monitor",
      externalId: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
      name: "Landing page check",
      status: "active",
      providerStatus: "enabled",
      url: `${CONSOLE}/monitors/uptime/checks/5a4981aa-9653-4bd1-bef5-d6bff52042e4`,
      attributes: { target: "https://www.landingpage.com", checkType: "https" },
    });
  });

  it("a CDN endpoint is a load balancer in front of its Spaces origin, named by its custom domain", () => {
    expect(normalizeCdnEndpoint(cdnEndpointsPageSchema.parse(cdnEndpointsFixture).endpoints[0]!)).toMatchObject({
      kind: "load_balancer",
      externalId: "19f06b6a-3ace-4315-b086-499a0e521b76",
      name: "static.example.com",
      createdAt: "2018-07-19T15:04:16Z",
      attributes: { type: "cdn", targets: ["static-images.nyc3.digitaloceanspaces.com"] },
    });
  });
});

describe("DigitalOcean parents", () => {
  it("a DNS record belongs to its domain: the domain's external id, its name, in lower case", () => {
    const domain = normalizeDomain(domainsPageSchema.parse(domainsFixture).domains[0]!);
    const record = domainRecordsPageSchema.parse(domainRecordsFixture).domain_records[0]!;
    expect(normalizeDomainRecord(domain.name, record).parentExternalId).toBe(domain.externalId);
    // DNS names are case-blind: however a name is spelled, the record points at the one domain.
    expect(normalizeDomainRecord("Example.COM", record).parentExternalId).toBe("example.com");
  });

  it("a droplet has no parent and serializes without the field, so its content hash is what it was", () => {
    const droplet = normalizeDroplet(dropletsPageSchema.parse(dropletsFixture).droplets[0]!);
    expect(JSON.stringify(droplet)).not.toContain("parentExternalId");
  });
});

describe("DigitalOcean statuses: every documented word, kept as the provider's", () => {
  const droplet = dropletsPageSchema.parse(dropletsFixture).droplets[0]!;
  const firewall = firewallsPageSchema.parse(firewallsFixture).firewalls[0]!;
  const certificate = certificatesPageSchema.parse(certificatesFixture).certificates[1]!;
  const cluster = kubernetesClustersPageSchema.parse(kubernetesFixture).kubernetes_clusters[0]!;
  const app = appsPageSchema.parse(appsFixture).apps[0]!;
  const deployment = appDeploymentsPageSchema.parse(appDeploymentsFixture).deployments[0]!;
  const backup = imageSchema.parse(backupsFixture.backups[0]);

  it("droplets", () => {
    const mapped = Object.fromEntries(dropletSchema.shape.status.options.map((s) => [s, normalizeDroplet({ ...droplet, status: s }).status]));
    expect(mapped).toEqual({ new: "starting", active: "running", off: "stopped", archive: "inactive" });
    expect(normalizeDroplet({ ...droplet, status: "off" }).providerStatus).toBe("off");
  });

  it("firewalls: the state of the last change reaching the droplets", () => {
    const mapped = Object.fromEntries(firewallSchema.shape.status.options.map((s) => [s, normalizeFirewall({ ...firewall, status: s }).status]));
    expect(mapped).toEqual({ waiting: "starting", succeeded: "active", failed: "error" });
    expect(normalizeFirewall({ ...firewall, status: "failed" }).providerStatus).toBe("failed");
  });

  it("certificates", () => {
    const mapped = Object.fromEntries(certificateSchema.shape.state.options.map((s) => [s, normalizeCertificate({ ...certificate, state: s }).status]));
    expect(mapped).toEqual({ pending: "starting", verified: "active", error: "error" });
    expect(normalizeCertificate({ ...certificate, state: "pending" }).providerStatus).toBe("pending");
  });

  it("Kubernetes clusters", () => {
    const states = kubernetesClusterSchema.shape.status.shape.state.options;
    const mapped = Object.fromEntries(states.map((s) => [s, normalizeKubernetesCluster({ ...cluster, status: { state: s } }).status]));
    expect(mapped).toEqual({ running: "running", provisioning: "starting", upgrading: "starting", degraded: "error", error: "error", deleting: "inactive", deleted: "inactive" });
  });

  it("backup images", () => {
    const mapped = Object.fromEntries(imageStatusSchema.options.map((s) => [s, normalizeBackup({ ...backup, status: s }, 1).status]));
    expect(mapped).toEqual({ NEW: "starting", pending: "starting", available: "active", deleted: "inactive", retired: "inactive" });
    expect(normalizeBackup({ ...backup, status: "pending" }, 1).providerStatus).toBe("pending");
  });

  it("app deployments", () => {
    const mapped = Object.fromEntries(appDeploymentPhaseSchema.options.map((p) => [p, normalizeAppDeployment(app, { ...deployment, phase: p }).status]));
    expect(mapped).toEqual({
      UNKNOWN: "unknown",
      PENDING_BUILD: "starting",
      BUILDING: "starting",
      PENDING_DEPLOY: "starting",
      DEPLOYING: "starting",
      ACTIVE: "active",
      SUPERSEDED: "inactive",
      ERROR: "error",
      CANCELED: "stopped",
    });
    expect(normalizeAppDeployment(app, { ...deployment, phase: "BUILDING" }).providerStatus).toBe("BUILDING");
  });

  it("apps: what their deployments make them", () => {
    const live = { id: "d1", phase: "ACTIVE" as const };
    expect(normalizeApp({ ...app, active_deployment: live, in_progress_deployment: null, pending_deployment: null })).toMatchObject({ status: "running", providerStatus: "ACTIVE" });
    expect(normalizeApp({ ...app, active_deployment: live, in_progress_deployment: { id: "d2", phase: "BUILDING" } })).toMatchObject({ status: "starting", providerStatus: "BUILDING" });
    expect(normalizeApp({ ...app, active_deployment: live, in_progress_deployment: { id: "d2", phase: "ERROR" } }).status).toBe("error");
    expect(normalizeApp({ ...app, active_deployment: null, in_progress_deployment: null, pending_deployment: null })).toMatchObject({ status: "unknown", providerStatus: null });
  });

  it("uptime checks: enabled or not", () => {
    const check = uptimeChecksPageSchema.parse(uptimeChecksFixture).checks[0]!;
    expect(normalizeUptimeCheck({ ...check, enabled: false })).toMatchObject({ status: "inactive", providerStatus: "disabled" });
  });
});

/** The fake listens on loopback, which only a development or test policy may reach. */
const overLoopback = (extra: Partial<ProviderContext> = {}): ProviderContext => ({ baseUrl: fakeUrl("digitalocean"), outbound: { allowPrivateHosts: true }, ...extra });

describe("DigitalOcean validate", () => {
  it("names the account by its team, over HTTP", async () => {
    const token = await fakeToken();
    expect(await digitalocean.validate({ token }, overLoopback())).toEqual({ id: account.account.uuid, name: "My Team" });
  });

  it("reads ratelimit-reset as epoch seconds", async () => {
    const token = await fakeToken();
    const states: { resetAt: string | null }[] = [];
    await digitalocean.validate({ token }, overLoopback({ onRateLimit: (s) => states.push(s) }));
    const reset = Date.parse(states[0]!.resetAt!);
    expect(reset).toBeGreaterThan(Date.now());
    expect(reset).toBeLessThan(Date.now() + 3_700_000);
  });

  it("refuses a locked account", async () => {
    const { state, ctx } = inProcessAccount("dop_v1_locked_locked_locked_locked");
    accountOf(state, "dop_v1_locked_locked_locked_locked").status = "locked";
    await expect(digitalocean.validate({ token: "dop_v1_locked_locked_locked_locked" }, ctx())).rejects.toMatchObject({ kind: "credentials_rejected", message: expect.stringMatching(/locked/) });
  });
});

/** An in-process fake with one account, and a context whose requests are recorded (and may be tampered with first). */
function inProcessAccount(token: string, scopes?: string[]) {
  const state = initialState();
  state.tokens.add(token);
  if (scopes) state.grants.set(token, new Set(scopes));
  const account = accountOf(state, token);
  const app = createDigitalOceanFake(state);
  const control = inProcess(app);
  const urls: URL[] = [];
  const ctx = (before?: (url: URL) => void): ProviderContext => ({
    baseUrl: "https://api.digitalocean.com",
    sleep: async () => {},
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      urls.push(url);
      before?.(url);
      return app.fetch(request);
    }) as typeof fetch,
  });
  return { state, account, control, urls, ctx };
}

async function listAll(kind: ResourceKind, token: string, ctx: ProviderContext, cursor: string | null = null) {
  const resources: NormalizedResource[] = [];
  const cursors: (string | null)[] = [];
  for await (const page of digitalocean.list(kind, { token }, ctx, cursor)) {
    resources.push(...page.resources);
    cursors.push(page.next);
  }
  return { resources, cursors };
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);
const backupImage = (id: number) => ({ ...backupsFixture.backups[0]!, id, name: `backup-${id}` });

describe("DigitalOcean DNS records, while the domains move under the listing", () => {
  const TOKEN = "dop_v1_records_records_records_records";
  function accountWithDomains(names: string[]) {
    const { account, ctx } = inProcessAccount(TOKEN);
    const template = account.domains[0]!;
    account.domains = names.map((name, d) => ({
      domain: { ...template.domain, name },
      records: template.records.map((r, i) => ({ ...r, id: (d + 1) * 1000 + i })),
    }));
    return { account, ctx };
  }
  async function recordDomains(ctx: ProviderContext, cursor: string | null) {
    const domains = new Set<string>();
    for (const r of (await listAll("dns_record", TOKEN, ctx, cursor)).resources) if (r.kind === "dns_record") domains.add(r.attributes.domain);
    return [...domains].sort();
  }

  it("a resume cursor naming a domain deleted meanwhile starts again from the first domain, so no later domain's records are skipped", async () => {
    const { account, ctx } = accountWithDomains(["a.example", "b.example", "c.example"]);
    account.domains = account.domains.filter((d) => d.domain.name !== "b.example");
    expect(await recordDomains(ctx(), JSON.stringify({ domain: "b.example", page: 1 }))).toEqual(["a.example", "c.example"]);
  });

  it("a resume cursor naming a domain that still exists resumes there", async () => {
    const { ctx } = accountWithDomains(["a.example", "b.example", "c.example"]);
    expect(await recordDomains(ctx(), JSON.stringify({ domain: "b.example", page: 1 }))).toEqual(["b.example", "c.example"]);
  });

  it("a domain deleted between the domain list and its records is passed over, and the listing completes", async () => {
    const { account, ctx } = accountWithDomains(["a.example", "b.example", "c.example"]);
    const tampered = ctx((url) => {
      if (url.pathname === "/v2/domains/b.example/records") account.domains = account.domains.filter((d) => d.domain.name !== "b.example");
    });
    expect(await recordDomains(tampered, null)).toEqual(["a.example", "c.example"]);
  });
});

describe("DigitalOcean GPU droplets", () => {
  const TOKEN = "dop_v1_gpus_gpus_gpus_gpus_gpus_gpus";

  it("lists regular droplets, then asks for type=gpus and lists those too, each priced by its size", async () => {
    const { account, urls, ctx } = inProcessAccount(TOKEN);
    account.gpuDroplets = [makeGpuDroplet(0), makeGpuDroplet(1)];
    const { resources } = await listAll("server", TOKEN, ctx());
    expect(resources.map((r) => r.name)).toEqual([...dropletsFixture.droplets.map((d) => d.name), "gpu-droplet-0", "gpu-droplet-1"]);
    expect(urls.filter((u) => u.searchParams.get("type") === "gpus")).toHaveLength(1);
    expect(resources.at(-1)).toMatchObject({ monthlyCostCents: 252_245, currency: "USD", attributes: { size: "gpu-h100x1-80gb" } });
  });

  it("an account without GPU access lists its regular droplets and completes", async () => {
    const { account, ctx } = inProcessAccount(TOKEN);
    account.gpuAccess = false;
    const { resources, cursors } = await listAll("server", TOKEN, ctx());
    expect(resources).toHaveLength(dropletsFixture.droplets.length);
    expect(cursors.at(-1)).toBeNull();
  });

  it("a GPU listing that fails otherwise fails the kind, so the sweep cannot delete GPU droplets it did not see", async () => {
    const { state, account, ctx } = inProcessAccount(TOKEN);
    account.gpuDroplets = [makeGpuDroplet(0)];
    state.faults.push({ kind: "status", status: 500, path: "/v2/droplets", skip: 1 });
    expect(await failure(listAll("server", TOKEN, ctx()))).toBeInstanceOf(ProviderError);
  });

  it("resumes inside the GPU listing from its cursor, and a bare page cursor still resumes the regular one", async () => {
    const { account, ctx } = inProcessAccount(TOKEN);
    account.gpuDroplets = [makeGpuDroplet(0)];
    expect((await listAll("server", TOKEN, ctx(), "gpus")).resources.map((r) => r.name)).toEqual(["gpu-droplet-0"]);
    expect((await listAll("server", TOKEN, ctx(), "1")).resources).toHaveLength(dropletsFixture.droplets.length + 1);
  });
});

describe("DigitalOcean backups, from the account's images", () => {
  const TOKEN = "dop_v1_backups_backups_backups_backups";

  it("cost a few requests for the whole account, never one per droplet: the images, then the droplets once", async () => {
    const { account, control, urls, ctx } = inProcessAccount(TOKEN);
    account.droplets = Array.from({ length: 450 }, (_, i) => makeDroplet(i));
    for (const index of [3, 250, 449]) await controlOk(control, "PUT", `/_fake/accounts/${TOKEN}/droplets/${100_000_000 + index}/backups`, [backupImage(9_000 + index)]);
    const { resources, cursors } = await listAll("backup", TOKEN, ctx());
    expect(resources.map((r) => [r.externalId, r.parentExternalId])).toEqual([
      ["9003", "100000003"],
      ["9250", "100000250"],
      ["9449", "100000449"],
    ]);
    expect(cursors.at(-1)).toBeNull();
    expect(urls.map((u) => `${u.pathname}${u.search}`)).toEqual([
      "/v2/images?private=true&page=1&per_page=200",
      "/v2/droplets?page=1&per_page=200",
      "/v2/droplets?page=2&per_page=200",
      "/v2/droplets?page=3&per_page=200",
      "/v2/droplets?type=gpus&page=1&per_page=200",
    ]);
  });

  it("keep only the images of type backup: snapshots and custom images are not backups", async () => {
    const { account, control, urls, ctx } = inProcessAccount(TOKEN);
    account.images = structuredClone(imagesFixture.images);
    await controlOk(control, "PUT", `/_fake/accounts/${TOKEN}/droplets/${dropletsFixture.droplets[1]!.id}/backups`, [backupImage(1)]);
    const { resources } = await listAll("backup", TOKEN, ctx());
    expect(resources).toEqual([expect.objectContaining({ externalId: "1", parentExternalId: String(dropletsFixture.droplets[1]!.id), status: "active" })]);
    expect(urls.filter((u) => u.pathname.includes("/backups"))).toEqual([]);
  });

  it("an account without backups reads no droplets", async () => {
    const { account, urls, ctx } = inProcessAccount(TOKEN);
    account.images = structuredClone(imagesFixture.images);
    expect((await listAll("backup", TOKEN, ctx())).resources).toEqual([]);
    expect(urls.map((u) => u.pathname)).toEqual(["/v2/images"]);
  });

  it("a GPU droplet's backups belong to it; one no droplet claims is kept, without a parent", async () => {
    const { account, control, ctx } = inProcessAccount(TOKEN);
    account.gpuDroplets = [makeGpuDroplet(0)];
    const gpuId = String(account.gpuDroplets[0]!.id);
    await controlOk(control, "PUT", `/_fake/accounts/${TOKEN}/droplets/${gpuId}/backups`, [backupImage(7)]);
    account.images.push(backupImage(8));
    const { resources } = await listAll("backup", TOKEN, ctx());
    expect(resources.map((r) => [r.externalId, r.parentExternalId ?? null])).toEqual([
      ["7", gpuId],
      ["8", null],
    ]);
  });

  it("without droplet:read, the kind is permission_missing naming droplet:read; without image:read, naming the kind's image:read", async () => {
    const { control, ctx } = inProcessAccount(TOKEN, READ_SCOPES.filter((s) => s !== "droplet:read"));
    await controlOk(control, "PUT", `/_fake/accounts/${TOKEN}/droplets/${dropletsFixture.droplets[0]!.id}/backups`, [backupImage(1)]);
    expect(await failure(listAll("backup", TOKEN, ctx()))).toMatchObject({ kind: "permission_missing", status: 403, scope: "droplet:read" });

    const refused = inProcessAccount(TOKEN, READ_SCOPES.filter((s) => s !== "image:read"));
    expect(await failure(listAll("backup", TOKEN, refused.ctx()))).toMatchObject({ kind: "permission_missing", status: 403, scope: undefined });
    expect(digitalocean.scopes?.backup).toBe("image:read");
  });
});

describe("DigitalOcean app deployments, nested under their apps", () => {
  const TOKEN = "dop_v1_nested_nested_nested_nested_nested";

  it("an app deleted between the app list and its deployments is passed over, and the listing completes", async () => {
    const { account, ctx } = inProcessAccount(TOKEN);
    account.apps = ["a", "b", "c"].map((id) => ({ ...structuredClone(appsFixture.apps[0]!), id }));
    account.deployments = Object.fromEntries(["a", "b", "c"].map((id) => [id, [{ ...appDeploymentsFixture.deployments[0]!, id: `dep-${id}` }]]));
    const { resources, cursors } = await listAll(
      "deployment",
      TOKEN,
      ctx((url) => {
        if (url.pathname === "/v2/apps/b/deployments") account.apps = account.apps.filter((a) => a.id !== "b");
      }),
    );
    expect(resources.map((r) => [r.externalId, r.parentExternalId])).toEqual([
      ["dep-a", "a"],
      ["dep-c", "c"],
    ]);
    expect(cursors.at(-1)).toBeNull();
  });
});

describe("DigitalOcean custom-scoped tokens", () => {
  const TOKEN = "dop_v1_scoped_scoped_scoped_scoped_scoped";

  it("every kind names its read scope, and the credential help lists every scope the adapter uses", () => {
    for (const kind of digitalocean.resourceKinds) expect(digitalocean.scopes?.[kind], kind).toMatch(/^[a-z_]+:read$/);
    const kindScopes = digitalocean.resourceKinds.map((k) => digitalocean.scopes?.[k]);
    // Beside the kinds' own: the token check, and what two listings also read (CDN endpoints, backups' droplets).
    expect(new Set(READ_SCOPES)).toEqual(new Set([...kindScopes, "account:read", "cdn:read", "droplet:read"]));
    for (const scope of READ_SCOPES) expect(credentialFields[0]!.help).toContain(scope);
  });

  it("a token lacking one scope makes only that kind permission_missing", async () => {
    const { ctx } = inProcessAccount(TOKEN, READ_SCOPES.filter((s) => s !== "firewall:read"));
    expect(await failure(listAll("firewall", TOKEN, ctx()))).toMatchObject({ kind: "permission_missing", status: 403 });
    for (const kind of digitalocean.resourceKinds.filter((k) => k !== "firewall")) expect(await failure(listAll(kind, TOKEN, ctx())), kind).toBeNull();
  });

  it("reserved IPv4 and IPv6 both need reserved_ip:read; with it, both are listed", async () => {
    const { account, ctx } = inProcessAccount(TOKEN, ["reserved_ip:read"]);
    account.reservedIps = structuredClone(reservedIpsFixture.reserved_ips);
    account.reservedIpv6s = structuredClone(reservedIpv6Fixture.reserved_ipv6s);
    const { resources } = await listAll("ip_address", TOKEN, ctx());
    expect(resources.map((r) => r.kind === "ip_address" && r.attributes.family)).toEqual(["ipv4", "ipv6", "ipv6"]);
  });

  it("load balancers without cdn:read: the kind is permission_missing, naming cdn:read", async () => {
    const { ctx } = inProcessAccount(TOKEN, ["load_balancer:read"]);
    expect(await failure(listAll("load_balancer", TOKEN, ctx()))).toMatchObject({ kind: "permission_missing", scope: "cdn:read" });
  });

  it("load balancers and CDN endpoints are one kind, listed one after the other", async () => {
    const { account, ctx } = inProcessAccount(TOKEN, ["load_balancer:read", "cdn:read"]);
    account.cdnEndpoints = structuredClone(cdnEndpointsFixture.endpoints);
    const { resources } = await listAll("load_balancer", TOKEN, ctx());
    expect(resources.map((r) => r.externalId)).toEqual([...loadBalancersFixture.load_balancers.map((lb) => lb.id), cdnEndpointsFixture.endpoints[0]!.id]);
  });
});

describe("DigitalOcean's default fake account", () => {
  it("holds only the droplets, volumes, domain, records, database and load balancers it always held", async () => {
    const { ctx } = inProcessAccount("dop_v1_default_default_default_default");
    const counts: Record<string, number> = {};
    for (const kind of digitalocean.resourceKinds) {
      const n = (await listAll(kind, "dop_v1_default_default_default_default", ctx())).resources.length;
      if (n > 0) counts[kind] = n;
    }
    expect(counts).toEqual({ server: 3, block_volume: 2, domain: 1, dns_record: 4, database: 1, load_balancer: 2 });
  });
});
