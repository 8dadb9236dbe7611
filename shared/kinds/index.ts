/**
 * Every resource kind EdgeDock knows, each declared once in its own module of this folder. What differs by
 * kind is read from here: the enum of kinds, the normalized schema (`shared/resources.ts`), the permission
 * area that reads a kind (API lists, summary, events, the live channel), the parent relation, and the
 * dashboard's navigation, columns and activity wording.
 *
 * To add a kind: a module beside the others (see `define.ts`), and one entry in `KIND_DECLARATIONS`.
 */
import { z } from "zod";
import { backup } from "./backup";
import { blockVolume } from "./block-volume";
import { bucket } from "./bucket";
import { certificate } from "./certificate";
import { database } from "./database";
import type { AnyKindDeclaration, KindArea, KindGroupId } from "./define";
import { KIND_GROUPS } from "./define";
import { deployment } from "./deployment";
import { dnsRecord } from "./dns-record";
import { domain } from "./domain";
import { firewall } from "./firewall";
import { ipAddress } from "./ip-address";
import { issue } from "./issue";
import { kubernetesCluster } from "./kubernetes-cluster";
import { loadBalancer } from "./load-balancer";
import { monitor } from "./monitor";
import { network } from "./network";
import { project } from "./project";
import { repository } from "./repository";
import { server } from "./server";
import { snapshot } from "./snapshot";
import { webService } from "./web-service";
import { workflowRun } from "./workflow-run";

export { COLUMN_FORMATS, KIND_AREAS, KIND_GROUPS } from "./define";
export type { ActivityWording, AnyKindDeclaration, ColumnFormat, KindArea, KindColumn, KindDeclaration, KindGroupId } from "./define";

/**
 * In the order the API's enum lists them and a kind's group shows them. The first fourteen keep the order
 * they always had (clients may have listed them in it); new kinds go at the end.
 */
export const KIND_DECLARATIONS = [
  server,
  webService,
  domain,
  dnsRecord,
  database,
  blockVolume,
  bucket,
  loadBalancer,
  ipAddress,
  monitor,
  issue,
  repository,
  deployment,
  backup,
  firewall,
  network,
  kubernetesCluster,
  certificate,
  workflowRun,
  snapshot,
  project,
] as const;

export type KindDeclarations = typeof KIND_DECLARATIONS;
export type ResourceKind = KindDeclarations[number]["id"];
export type KindDeclarationOf<K extends ResourceKind> = Extract<KindDeclarations[number], { id: K }>;

/** Generic, so that mapping a tuple type gives a tuple type (a mapped type over a concrete tuple would not). */
type IdsOf<T extends readonly unknown[]> = { readonly [I in keyof T]: T[I] extends { id: infer Id extends string } ? Id : never };

/** The ids, as a tuple of literals (what `z.enum` needs); `map` keeps their order, so the cast only restates it. */
export const RESOURCE_KINDS = KIND_DECLARATIONS.map((d) => d.id) as unknown as IdsOf<KindDeclarations>;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);

/** Fails to compile when a declaration names a parent kind that is not declared. */
type Assert<T extends true> = T;
export type ParentsAreDeclaredKinds = Assert<[KindDeclarations[number]["parents"][number]] extends [ResourceKind] ? true : false>;

const BY_ID: ReadonlyMap<string, AnyKindDeclaration> = new Map(KIND_DECLARATIONS.map((d): [string, AnyKindDeclaration] => [d.id, d]));

export function isResourceKind(value: string): value is ResourceKind {
  return BY_ID.has(value);
}

/** A kind's declaration, without its literal types: what code written for every kind reads. */
export function kindDeclaration(kind: ResourceKind): AnyKindDeclaration {
  const declaration = BY_ID.get(kind);
  // Unreachable for a value the type allows; a value that slipped past validation should fail loudly.
  if (!declaration) throw new Error(`unknown resource kind ${kind}`);
  return declaration;
}

export function areaOfKind(kind: ResourceKind): KindArea {
  return kindDeclaration(kind).area;
}

export function kindsInArea(area: KindArea): ResourceKind[] {
  return RESOURCE_KINDS.filter((kind) => areaOfKind(kind) === area);
}

export function kindsInGroup(group: KindGroupId): ResourceKind[] {
  return RESOURCE_KINDS.filter((kind) => kindDeclaration(kind).group === group);
}

/** The kinds a resource of `kind` may belong to; empty for a kind without parents. */
export function parentKindsOf(kind: ResourceKind): readonly ResourceKind[] {
  // Checked at compile time by ParentsAreDeclaredKinds, and at run time by the declarations' tests.
  return kindDeclaration(kind).parents as readonly ResourceKind[];
}

/** The kinds whose resources may belong to a resource of `kind` (a domain's DNS records). */
export function childKindsOf(kind: ResourceKind): ResourceKind[] {
  return RESOURCE_KINDS.filter((child) => parentKindsOf(child).includes(kind));
}

/** The navigation's groups with their kinds, in declaration order; a group without kinds is left out. */
export function kindGroups(): { id: KindGroupId; label: string; kinds: ResourceKind[] }[] {
  return KIND_GROUPS.map((g) => ({ id: g.id, label: g.label, kinds: kindsInGroup(g.id) })).filter((g) => g.kinds.length > 0);
}
