/**
 * The API's routes as the tests see them: every operation of the generated OpenAPI document, plus the few
 * routes registered on the Hono app directly. Security tests enumerate routes from here, so a route added
 * to the app cannot escape them.
 */
import { z } from "zod";
import { api } from "../helpers";

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The subset of JSON Schema that zod's OpenAPI generator emits and the fuzzer understands. */
export interface JsonSchema {
  type?: string | string[] | undefined;
  properties?: Record<string, JsonSchema> | undefined;
  required?: string[] | undefined;
  items?: JsonSchema | undefined;
  enum?: unknown[] | undefined;
  const?: unknown;
  anyOf?: JsonSchema[] | undefined;
  oneOf?: JsonSchema[] | undefined;
  allOf?: JsonSchema[] | undefined;
  additionalProperties?: boolean | JsonSchema | undefined;
  propertyNames?: JsonSchema | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  exclusiveMinimum?: number | undefined;
  exclusiveMaximum?: number | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  minItems?: number | undefined;
  maxItems?: number | undefined;
  format?: string | undefined;
  pattern?: string | undefined;
  default?: unknown;
}

const jsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    properties: z.record(z.string(), jsonSchemaSchema).optional(),
    required: z.array(z.string()).optional(),
    items: jsonSchemaSchema.optional(),
    enum: z.array(z.unknown()).optional(),
    const: z.unknown().optional(),
    anyOf: z.array(jsonSchemaSchema).optional(),
    oneOf: z.array(jsonSchemaSchema).optional(),
    allOf: z.array(jsonSchemaSchema).optional(),
    additionalProperties: z.union([z.boolean(), jsonSchemaSchema]).optional(),
    propertyNames: jsonSchemaSchema.optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minItems: z.number().optional(),
    maxItems: z.number().optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    default: z.unknown().optional(),
  }),
);

const parameterSchema = z.looseObject({
  name: z.string(),
  in: z.enum(["path", "query", "header", "cookie"]),
  required: z.boolean().optional(),
  schema: jsonSchemaSchema.optional(),
});
export type OpenApiParameter = z.infer<typeof parameterSchema>;

const operationSchema = z.looseObject({
  summary: z.string().optional(),
  parameters: z.array(parameterSchema).optional(),
  requestBody: z
    .looseObject({
      required: z.boolean().optional(),
      content: z.record(z.string(), z.looseObject({ schema: jsonSchemaSchema.optional() })),
    })
    .optional(),
  responses: z.record(z.string(), z.looseObject({ content: z.record(z.string(), z.looseObject({ schema: jsonSchemaSchema.optional() })).optional() })),
});

const documentSchema = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.looseObject(Object.fromEntries(HTTP_METHODS.map((m) => [m, operationSchema.optional()])))),
});
export type OpenApiDocument = z.infer<typeof documentSchema>;

export interface Operation {
  method: HttpMethod;
  /** The OpenAPI path template, `{param}` style. */
  path: string;
  /** `"METHOD /path"`, the key every security expectation is filed under. */
  key: string;
  summary: string;
  pathParams: OpenApiParameter[];
  queryParams: OpenApiParameter[];
  /** The JSON request body's schema, when the operation takes one. */
  body: JsonSchema | null;
  /**
   * Top-level fields of a success response that hand the caller a secret on purpose (a new API token, a
   * webhook secret). Declared in the document, so a secret cannot turn up in an undeclared field unnoticed.
   */
  revealedFields: string[];
  /** The response statuses the document declares, e.g. "200", "404", "503". */
  statuses: string[];
}

/** Field names under which a success response may deliberately carry a secret. */
const REVEALING_FIELDS = ["secret", "token"];

export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/**
 * Routes registered on the app without going through the OpenAPI registry, and why: the live channel speaks
 * WebSocket, the webhook receiver authenticates by signature over raw bytes, and the document cannot describe
 * itself. Anything else registered directly fails `unlistedDirectRoutes`.
 */
export const DIRECT_ROUTES = ["GET /api/openapi.json", "GET /api/orgs/{orgId}/live", "POST /webhooks/{provider}/{dockId}", "POST /webhooks/{provider}/{dockId}/{urlToken}"] as const;

export async function loadOpenApiDocument(): Promise<OpenApiDocument> {
  const res = await api("GET", "/api/openapi.json");
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  return documentSchema.parse(res.body);
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const parsed = operationSchema.safeParse(item[method]);
      if (!parsed.success) continue;
      const op = parsed.data;
      const parameters = op.parameters ?? [];
      out.push({
        method,
        path,
        key: routeKey(method, path),
        summary: op.summary ?? "",
        pathParams: parameters.filter((p) => p.in === "path"),
        queryParams: parameters.filter((p) => p.in === "query"),
        body: op.requestBody?.content["application/json"]?.schema ?? null,
        revealedFields: revealedFieldsOf(op.responses),
        statuses: Object.keys(op.responses),
      });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

function revealedFieldsOf(responses: z.infer<typeof operationSchema>["responses"]): string[] {
  const fields = new Set<string>();
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const properties = response.content?.["application/json"]?.schema?.properties ?? {};
    for (const name of REVEALING_FIELDS) if (name in properties) fields.add(name);
  }
  return [...fields];
}

/** Hono's `:param` and `:param{regex}` become OpenAPI's `{param}`, so both lists compare. */
export function toTemplate(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
}

/**
 * The distinct endpoints of a Hono app's route table. `app.use` middleware shows up as `ALL /prefix/*`
 * and is left out; an `app.all` endpoint would stay in, as `ALL /path`.
 */
export function endpointsOf(routes: readonly { method: string; path: string }[]): string[] {
  const keys = new Set<string>();
  for (const r of routes) {
    if (r.method === "ALL" && r.path.endsWith("*")) continue;
    keys.add(routeKey(r.method, toTemplate(r.path)));
  }
  return [...keys].sort();
}

/** Endpoints of the app that are neither in the OpenAPI document nor in DIRECT_ROUTES. */
export function unlistedDirectRoutes(appEndpoints: readonly string[], operations: readonly Operation[]): string[] {
  const known = new Set<string>([...operations.map((o) => o.key), ...DIRECT_ROUTES]);
  return appEndpoints.filter((k) => !known.has(k));
}

/** Every route the security tests must cover: the document's operations and the direct routes. */
export function allRouteKeys(operations: readonly Operation[]): string[] {
  return [...new Set([...operations.map((o) => o.key), ...DIRECT_ROUTES])].sort();
}

/** Substitutes path parameters, percent-encoding each value so garbage stays inside its segment. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}
