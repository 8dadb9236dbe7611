/**
 * Writes the OpenAPI document that `GET /api/openapi.json` serves to a file (default
 * `.generated/openapi.json`), with neither workerd nor a server: the document is built from the route
 * definitions alone, so CI can lint it and generate a client from it before any test runs.
 *
 *   tsx scripts/openapi-document.ts [output path]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { dirname, resolve } from "node:path";

/**
 * `cloudflare:workers` exists only inside workerd. Building the document evaluates the route modules, and
 * one of their imports (partyserver, under the OrgHub client) extends its `DurableObject` class at load
 * time; nothing here calls into it. So it is answered with an inert stand-in, for this process only.
 */
const WORKERD_STAND_IN = `data:text/javascript,${encodeURIComponent(
  "export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }\n" +
    "export class WorkerEntrypoint {}\n" +
    "export const env = {};\n",
)}`;
registerHooks({
  resolve: (specifier, context, nextResolve) =>
    specifier === "cloudflare:workers" ? { url: WORKERD_STAND_IN, shortCircuit: true } : nextResolve(specifier, context),
});

// Imported after the hook is in place (static imports would be resolved before it), and by a computed
// specifier: the Worker's modules are type-checked under the Worker's tsconfig, with workerd's types, not
// this script's Node one. Here the document is only JSON to write.
const routes = new URL("../worker/routes/index.ts", import.meta.url).href;
const { openApiDocument } = (await import(routes)) as { openApiDocument: () => { paths?: Record<string, unknown> } };

const output = resolve(process.argv[2] ?? ".generated/openapi.json");
const document = openApiDocument();
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(document, null, 2)}\n`);
console.log(`[openapi] ${Object.keys(document.paths ?? {}).length} paths written to ${output}`);
