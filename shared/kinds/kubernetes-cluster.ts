import { z } from "zod";
import { defineKind, nullableBoolean, nullableInt, nullableText } from "./define";

const nodePool = z
  .object({
    name: z.string(),
    /** The provider's machine size of the pool's nodes. */
    size: nullableText(),
    count: nullableInt(),
    autoscale: nullableBoolean(),
  })
  .strict();

/** A managed Kubernetes cluster (DigitalOcean DOKS, Linode LKE, Vultr VKE). */
export const kubernetesCluster = defineKind({
  id: "kubernetes_cluster",
  labels: { singular: "Kubernetes cluster", plural: "Kubernetes clusters" },
  group: "compute",
  area: "resources",
  attributes: z
    .object({
      version: nullableText(),
      /** Nodes across all pools. */
      nodeCount: nullableInt(),
      nodePools: z.array(nodePool),
      endpoint: nullableText(),
      highAvailability: nullableBoolean(),
    })
    .strict(),
  columns: [
    { key: "version", header: "Version", format: "text" },
    { key: "nodeCount", header: "Nodes", format: "number" },
  ],
});
