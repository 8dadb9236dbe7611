/**
 * What the fuzzer sends: arbitraries (fast-check) for path segments, query strings and bodies, derived from
 * an operation's OpenAPI schemas. Most inputs start from something the schema accepts and break one thing,
 * so they reach past the first check; the rest are plain garbage. Ids of the fixture are placeholders
 * (`Real`) resolved when the request is sent, because the fixture changes as the fuzzer deletes things.
 */
import fc from "fast-check";
import type { JsonSchema, Operation, OpenApiParameter } from "./openapi-operations";

/** A real id (or secret) of the fixture, looked up by pool name when the request is sent. */
export class Real {
  constructor(
    readonly pool: string,
    readonly pick: number,
  ) {}
  [fc.toStringMethod](): string {
    return `Real(${this.pool}#${this.pick})`;
  }
}

/** A path segment sent exactly as written, percent-escapes included (malformed ones on purpose). */
export class Raw {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `Raw(${JSON.stringify(this.text)})`;
  }
}

export type PathValue = string | Real | Raw;
export type QueryValue = string | Real;

export type BodySpec =
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array };

export interface FuzzRequest {
  path: Record<string, PathValue>;
  query: Partial<Record<string, QueryValue>>;
  extraQuery: [string, string][];
  body: BodySpec | null;
  contentType: string | null;
  auth: "cookie" | "token";
  foreignOrigin: boolean;
}

export interface InputHints {
  /** Valid-looking values for body and query fields by name (real ids, reachable base URLs, secrets). */
  fields: Record<string, fc.Arbitrary<unknown>>;
  /** Optional body fields to include whenever the schema has them (a base URL that answers fast). */
  include: string[];
}

// Strings that have broken parsers, databases, terminals and log viewers before. None of them looks like a
// stack trace or a project path, so an echo of one cannot be mistaken for a leak.
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[2J\u001b[31mred",
  "\r\nX-Injected: 1",
  "\u202Eevil\u202C",
  "\u2066isolate\u2069",
  "\u200F\u061C",
  "\u200B",
  "\uFEFFbom",
  "\uD800",
  "x\uDC00y",
  "tail\uD83D",
  "😀",
  "👩‍👩‍👧‍👦",
  "e\u0301\u0301\u0301",
  "\u0085\u2028\u2029",
  "İı ß ﬃ",
  "\u{10FFFF}\uFFFF\uFFFE",
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  "%",
  "_",
  "\\",
  "%00",
  "%ZZ",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as the literal text.
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "0x1F",
  "99999999999999999999999",
  "-1",
  "  padded  ",
];

const LONG_LENGTHS = [65, 129, 201, 257, 1_025, 4_097, 20_000, 70_000];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LONG_LENGTHS), fc.constantFrom("x", "é", "😀", "\u0000", "\u202E")).map(([n, c]) => c.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom("\uD800", "\uDFFF", "\u0000", "\u202E")).map(([s, c]) => s + c + s) },
);

const weirdNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53 + 2, -(2 ** 53) - 2, 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer(),
  // Non-finite values serialize to null, which is one more wrong type.
  fc.double(),
);

const nastyKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "", "a.b", "0", "$where"), fc.string({ maxLength: 12 }));

/** Any JSON value, biased to the shapes that break validation: wrong types, huge, odd strings, nesting. */
export const garbageValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    weirdNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(nastyKey, tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** A value nested `depth` levels deep, as arrays or objects. */
function nested(depth: number, asObject: boolean): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  return v;
}
const deepValue = fc.tuple(fc.integer({ min: 50, max: 600 }), fc.boolean()).map(([d, o]) => nested(d, o));

/** Bodies that are not JSON, or JSON only at a glance. */
const textBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", "{", "{not json", '{"a":', "[1,2", "nul", "undefined", "NaN", "'single'", '{"a":1}{"a":2}', "\uFEFF{}", '{"name":"x","name":1}', "{\"a\":\"\\uD800\"}", "{\"a\":\"\\u0000\"}", "a=1&b=2", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--"),
  fc.string({ unit: "binary", maxLength: 200 }),
  // Deep nesting as text: under the 64 KB limit, far deeper than any schema.
  fc.tuple(fc.integer({ min: 1_000, max: 30_000 }), fc.boolean()).map(([d, o]) => (o ? `${'{"a":'.repeat(d)}1${"}".repeat(d)}` : "[".repeat(d) + "]".repeat(d))),
  fc.constantFrom(...LONG_LENGTHS).map((n) => JSON.stringify({ name: "x".repeat(n) })),
);

const CONTENT_TYPES = [
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/json-patch+json",
  "application/jsonx",
  "text/plain",
  "text/html",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/json; charset=utf-16",
];

/** Path segments that are not ids: odd text, ids of another organization, malformed percent escapes. */
function garbageSegment(name: string): fc.Arbitrary<PathValue> {
  return fc.oneof(
    { weight: 3, arbitrary: nastyString.filter((s) => s.length <= 4_097) },
    { weight: 2, arbitrary: fc.nat().map((n) => new Real(`foreign:${name}`, n)) },
    { weight: 1, arbitrary: fc.constantFrom("%ZZ", "%C0%AF", "%E0%A4%A", "%00", "%2e%2e", "%2F", "a%", "%FF%FE", "%uD800").map((t) => new Raw(t)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{3}_[A-Za-z0-9]{1,30}$/) },
  );
}

function types(schema: JsonSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/** A value the schema accepts (or nearly: zod refinements are not in the document). */
export function validFor(schema: JsonSchema | undefined, name: string | null, hints: InputHints, depth = 0): fc.Arbitrary<unknown> {
  const hint = name !== null ? hints.fields[name] : undefined;
  if (hint) return hint;
  if (!schema || depth > 6) return garbageValue;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants && variants.length > 0) return fc.oneof(...variants.map((v) => validFor(v, name, hints, depth + 1)));
  const t = types(schema);
  if (t.includes("null") && t.length > 1) {
    return fc.oneof(fc.constant(null), validFor({ ...schema, type: t.filter((x) => x !== "null") }, name, hints, depth + 1));
  }
  switch (t[0]) {
    case "string":
      return validString(schema);
    case "integer":
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, Number.MIN_SAFE_INTEGER), max: Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(validFor(schema.items, null, hints, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)) });
    case "object": {
      if (schema.properties) {
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, sub] of Object.entries(schema.properties)) model[key] = validFor(sub, key, hints, depth + 1);
        const required = new Set([...(schema.required ?? []), ...hints.include]);
        return fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)) });
      }
      const values = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validFor(values, null, hints, depth + 1), { maxKeys: 3 });
    }
    default:
      return garbageValue;
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, min + 40));
  switch (schema.format) {
    case "email":
      return fc.emailAddress();
    case "date-time":
      return fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString());
    case "uri":
      return fc.webUrl();
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
    } catch {
      // A pattern JavaScript cannot compile: plain strings will do.
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Real);

type Mutation =
  | { kind: "none" }
  | { kind: "replace"; path: number[]; value: unknown }
  | { kind: "drop"; path: number[] }
  | { kind: "extra"; path: number[]; key: string; value: unknown }
  | { kind: "whole"; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("replace" as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), value: fc.oneof(garbageValue, deepValue) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("drop" as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("extra" as const), path: fc.array(fc.nat(), { maxLength: 2 }), key: nastyKey, value: garbageValue }) },
  // Arrays where objects go, scalars, null.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("whole" as const), value: fc.oneof(fc.array(garbageValue, { maxLength: 2 }), nastyString, weirdNumber, fc.constant(null), deepValue) }) },
);

/** Applies a mutation to a copy of `value`; the path picks keys by index, so it is deterministic. */
function mutate(value: unknown, m: Mutation): unknown {
  if (m.kind === "none") return value;
  if (m.kind === "whole") return m.value;
  const root: unknown = structuredCloneJson(value);
  if (!isRecord(root)) return m.kind === "replace" ? m.value : root;
  let target: Record<string, unknown> = root;
  const steps = m.kind === "extra" ? m.path : m.path.slice(0, -1);
  for (const step of steps) {
    const keys = Object.keys(target);
    const next = keys.length > 0 ? target[keys[step % keys.length]!] : undefined;
    if (!isRecord(next)) break;
    target = next;
  }
  const keys = Object.keys(target);
  const last = m.kind === "extra" ? undefined : m.path[m.path.length - 1]!;
  if (m.kind === "extra") Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  else if (keys.length > 0 && last !== undefined) {
    const key = keys[last % keys.length]!;
    if (m.kind === "replace") target[key] = m.value;
    else delete target[key];
  }
  return root;
}

/** A copy that keeps `Real` placeholders as they are (structuredClone would turn them into plain objects). */
function structuredCloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneJson(v)]));
  return value;
}

function bodyFor(op: Operation, hints: InputHints): fc.Arbitrary<BodySpec | null> {
  if (op.method === "get") return fc.constant(null);
  const junk: fc.Arbitrary<BodySpec> = fc.oneof(
    { weight: 2, arbitrary: garbageValue.map((value): BodySpec => ({ kind: "json", value })) },
    { weight: 1, arbitrary: deepValue.map((value): BodySpec => ({ kind: "json", value })) },
    { weight: 2, arbitrary: textBody.map((text): BodySpec => ({ kind: "text", text })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes): BodySpec => ({ kind: "bytes", bytes })) },
  );
  if (!op.body) return fc.option(junk, { freq: 2 });
  const schemaBody = fc.tuple(validFor(op.body, null, hints), mutation).map(([value, m]): BodySpec => ({ kind: "json", value: mutate(value, m) }));
  return fc.oneof({ weight: 6, arbitrary: schemaBody }, { weight: 3, arbitrary: junk });
}

function validQueryValue(param: OpenApiParameter, hints: InputHints): fc.Arbitrary<QueryValue> {
  return validFor(param.schema, param.name, hints).map((v): QueryValue => (typeof v === "string" || v instanceof Real ? v : (JSON.stringify(v) ?? "")));
}

/** Wrong for nearly any parameter: odd text, numbers out of range, cursors we never issued, very long ones. */
const malformedQueryValue: fc.Arbitrary<QueryValue> = fc.oneof(
  { weight: 3, arbitrary: nastyString.filter((s) => s.length <= 20_000) },
  { weight: 1, arbitrary: weirdNumber.map(String) },
  { weight: 2, arbitrary: fc.oneof(fc.nat().map(String), fc.stringMatching(/^[A-Za-z0-9+/=_-]{1,300}$/), fc.constantFrom("1".repeat(16), "-1", "1e5", "0x10", "1.5", "x".repeat(5_000))) },
);

export function requestFor(op: Operation, hints: InputHints): fc.Arbitrary<FuzzRequest> {
  const path: Record<string, fc.Arbitrary<PathValue>> = {};
  for (const p of op.pathParams) {
    // Mostly real ids, so requests get past the 404 into validation and the handler.
    path[p.name] = fc.oneof({ weight: 8, arbitrary: fc.nat().map((n) => new Real(p.name, n)) }, { weight: 2, arbitrary: garbageSegment(p.name) });
  }
  // A few valid parameters, and now and then one broken: most queries pass validation, so the handler runs.
  const valid: Record<string, fc.Arbitrary<QueryValue | undefined>> = {};
  for (const p of op.queryParams) {
    valid[p.name] = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: validQueryValue(p, hints) });
  }
  const broken = op.queryParams.length === 0 ? fc.constant(null) : fc.option(fc.tuple(fc.constantFrom(...op.queryParams), fc.nat()), { freq: 2 });
  const query = fc.tuple(fc.record(valid), broken, fc.array(malformedQueryValue, { minLength: 1, maxLength: 1 })).map(([q, b, [bad]]) => {
    const out: Partial<Record<string, QueryValue>> = {};
    for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = v;
    if (b && bad !== undefined) out[b[0].name] = bad;
    return out;
  });
  return fc.record({
    path: fc.record(path),
    query,
    extraQuery: fc.array(fc.tuple(nastyKey, nastyString.filter((s) => s.length <= 1_025)), { maxLength: 2 }),
    body: bodyFor(op, hints),
    contentType: fc.oneof({ weight: 8, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(null) }),
    auth: fc.oneof({ weight: 9, arbitrary: fc.constant("cookie" as const) }, { weight: 1, arbitrary: fc.constant("token" as const) }),
    foreignOrigin: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}
