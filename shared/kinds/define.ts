/**
 * The shape of a resource kind's declaration. Each kind is declared once, in its own module beside this one,
 * and everything that differs by kind — the enum of kinds, the normalized schema, which permission area
 * reads it, the dashboard's navigation, table columns and activity wording, the parent relation — is read
 * from the declarations (`./index.ts`), so a new kind is one new module and one line in the index.
 *
 * This module imports nothing of the rest of `shared/`: `shared/resources.ts` builds on the declarations.
 */
import { z } from "zod";

/** The permission area a kind is read under (`shared/permissions.ts`): `monitoring` or, for everything else, `resources`. */
export const KIND_AREAS = ["resources", "monitoring"] as const;
export type KindArea = (typeof KIND_AREAS)[number];

/** Where a kind sits in the dashboard's navigation, in this order. */
export const KIND_GROUPS = [
  { id: "compute", label: "Compute" },
  { id: "apps", label: "Apps" },
  { id: "network", label: "Network" },
  { id: "data", label: "Data" },
  { id: "storage", label: "Storage" },
  { id: "monitoring", label: "Monitoring" },
  { id: "code", label: "Code" },
] as const;
export type KindGroupId = (typeof KIND_GROUPS)[number]["id"];

/**
 * How a table cell shows an attribute. Data only, so the dashboard renders every kind's columns with one
 * piece of code: `number` with an optional unit ("2 GB"), `bytes` scaled to a readable unit, `boolean` as
 * Yes/No, `date` as a time (an ISO string), `list` as comma-separated items, `text` as it is.
 */
export const COLUMN_FORMATS = ["text", "number", "bytes", "boolean", "date", "list"] as const;
export type ColumnFormat = (typeof COLUMN_FORMATS)[number];

export interface KindColumn<Key extends string = string> {
  /** The attribute shown. */
  key: Key;
  header: string;
  format: ColumnFormat;
  /** For `number`: what the value counts ("GB", "nodes"). */
  unit?: string;
}

/** The word for each change of a resource of this kind, where the generic one reads wrong ("Deployed", not "Created"). */
export interface ActivityWording {
  created: string;
  updated: string;
  deleted: string;
}

const GENERIC_WORDING: ActivityWording = { created: "Created", updated: "Updated", deleted: "Deleted" };

/** Attributes are always a strict object: a key an adapter should not send is its mistake, reported by name. */
export type AttributesSchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

export interface KindDeclaration<Id extends string = string, Attributes extends AttributesSchema = AttributesSchema, Parents extends readonly string[] = readonly string[]> {
  id: Id;
  labels: { singular: string; plural: string };
  group: KindGroupId;
  area: KindArea;
  attributes: Attributes;
  /** Two or three attributes worth a column in the kind's table; the resource drawer shows all of them. */
  columns: readonly KindColumn<Extract<keyof z.output<Attributes>, string>>[];
  /**
   * The kinds a resource of this kind may belong to (a DNS record to a domain; a deployment to a web service,
   * a repository or a project). Its `parentExternalId` is the provider's id of a resource of one of these
   * kinds in the same dock.
   */
  parents: Parents;
  activity: ActivityWording;
}

/** Any declaration, whatever its literal types. */
export type AnyKindDeclaration = KindDeclaration<string, AttributesSchema, readonly string[]>;

type DeclarationInput<Id extends string, Attributes extends AttributesSchema, Parents extends readonly string[]> = Omit<
  KindDeclaration<Id, Attributes, Parents>,
  "activity" | "parents"
> & { parents?: Parents; activity?: Partial<ActivityWording> };

/** Declares a kind, keeping its id, attribute schema and parents as literal types for the derived union. */
export function defineKind<const Id extends string, Attributes extends AttributesSchema, const Parents extends readonly string[] = readonly []>(
  input: DeclarationInput<Id, Attributes, Parents>,
): KindDeclaration<Id, Attributes, Parents> {
  return { ...input, parents: input.parents ?? ([] as unknown as Parents), activity: { ...GENERIC_WORDING, ...input.activity } };
}

/** Shorthands for attribute schemas: most of what a provider reports it may also leave out. */
export const nullableText = () => z.string().nullable();
export const nullableInt = () => z.number().int().nullable();
export const nullableNumber = () => z.number().nullable();
export const nullableBoolean = () => z.boolean().nullable();
export const textList = () => z.array(z.string());
