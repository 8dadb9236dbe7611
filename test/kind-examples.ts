/**
 * One valid set of attributes for every declared kind, as an adapter of issues 10–13 might send them: for
 * tests that need a resource of each kind. Typed by kind, so a declaration that changes breaks it here.
 */
import type { AttributesOf, ResourceKind } from "../shared/resources";

export const KIND_EXAMPLES: { [K in ResourceKind]: AttributesOf<K> } = {
  server: { ipv4: "203.0.113.1", ipv6: null, privateIpv4: null, vcpus: 1, memoryMb: 1024, diskGb: 25, image: "Ubuntu 24.04", size: "s-1vcpu-1gb", tags: [] },
  web_service: { framework: "nextjs", repository: "acme/site", branch: "main" },
  domain: { expiresAt: null, nameservers: ["ns1.digitalocean.com"], ttl: 1800 },
  dns_record: { domain: "example.com", type: "A", recordName: "www", data: "203.0.113.1", ttl: 300, priority: null },
  database: { engine: "pg", version: "16", nodes: 1, size: "db-s-1vcpu-1gb", storageMb: 10240 },
  block_volume: { sizeGb: 100, attachedTo: ["1"], filesystem: "ext4", description: null },
  bucket: { storageBytes: 1536, objectCount: 3 },
  load_balancer: { ipv4: "203.0.113.9", ipv6: null, algorithm: "round_robin", type: null, targets: ["1", "2"] },
  ip_address: { ip: "203.0.113.5", family: "ipv4", assignedTo: "1", blocked: false },
  monitor: { target: "https://example.com", checkType: "http", intervalSeconds: 60 },
  issue: { project: "api", level: "error", occurrences: 12, lastSeenAt: "2026-11-01T00:00:00Z" },
  repository: { fullName: "acme/api", defaultBranch: "main", private: true, language: "TypeScript", archived: false, fork: false, stars: 3, pushedAt: null },
  deployment: { repository: "acme/api", environment: "production", ref: "main", sha: "abc1234", creator: "octocat", latestState: "success" },
  backup: { source: "web-1", sizeGb: 2.5, type: "droplet" },
  firewall: { inboundRules: 2, outboundRules: 1, attachedTo: ["8043964"], appliesToTags: ["gateway"] },
  network: { ipRange: "10.110.0.0/20", attachedCount: 4, isDefault: true, description: null },
  kubernetes_cluster: { version: "1.31.1-do.0", nodeCount: 3, nodePools: [{ name: "pool-a", size: "s-2vcpu-4gb", count: 3, autoscale: false }], endpoint: null, highAvailability: null },
  certificate: { domains: ["example.com", "www.example.com"], expiresAt: "2027-01-01T00:00:00Z", type: "lets_encrypt", issuer: null },
  workflow_run: { repository: "octo-org/octo-repo", workflow: "Build", branch: "master", event: "push", conclusion: null, runNumber: 562, headSha: "acb5820", startedAt: "2020-01-22T19:33:08Z" },
  snapshot: { source: "200776916", sizeGb: 2.34, type: "droplet" },
  project: { description: null, platform: "nextjs", slug: "site" },
};

