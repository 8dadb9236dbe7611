import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorEnvelope } from "../shared/api";
import type { AppEnv } from "./context";
import { createDb } from "../core/db/client";
import { configFrom } from "../core/config";
import { ApiError } from "./lib/errors";
import { invalidInput } from "./lib/validation";
import { authenticate } from "./middleware/authenticate";
import { sameOrigin } from "./middleware/same-origin";

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) throw invalidInput(result.error, result.target);
      void c;
    },
  });
}
export type Router = ReturnType<typeof createRouter>;

export function errorBody(code: string, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The single error handler: every failure leaves as the error envelope, and nothing internal leaks. */
export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) c.header("Retry-After", String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? "payload_too_large" : status === 400 ? "bad_request" : "http_error";
    // Hono's own messages (malformed JSON and the like) are safe to show.
    return c.json(errorBody(code, err.message || "request refused"), status);
  }
  console.error(JSON.stringify({ level: "error", msg: "unhandled error", path: new URL(c.req.url).pathname, error: err.message }));
  return c.json(errorBody("internal_error", "something went wrong on our side; the error was logged"), 500);
}

/**
 * API answers are data, never documents: should a browser ever render one (an error page opened in a tab, a
 * sniffed CSV), nothing in it may load, run or be framed. The dashboard's files keep their own, looser policy
 * (web/public/_headers), since they are served as static assets before the Worker runs.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
const apiContentSecurityPolicy = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
});

export function createApp(mount: (app: Router) => void) {
  const app = createRouter();
  app.use("*", secureHeaders({ crossOriginEmbedderPolicy: false }));
  app.use("/api/*", apiContentSecurityPolicy);
  app.use("/webhooks/*", apiContentSecurityPolicy);
  app.use("/api/*", async (c, next) => {
    c.header("Cache-Control", "no-store");
    c.set("db", createDb(c.env.DB));
    c.set("config", configFrom(c.env));
    await next();
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new ApiError("payload_too_large", "request body is larger than 64 KB");
      },
    }),
  );
  app.use("/api/*", sameOrigin);
  app.use("/api/*", authenticate);
  mount(app);
  app.notFound((c) => c.json(errorBody("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError(handleError);
  return app;
}
