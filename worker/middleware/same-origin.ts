import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../lib/errors";
import { readSessionCookie } from "../services/sessions";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/**
 * The API speaks JSON only, and a cookie-carrying mutation must come from our own origin: a form post from
 * another site can neither send application/json without a preflight nor forge the Origin header.
 */
export const sameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (UNSAFE.has(method)) {
    if (WITH_BODY.has(method)) {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/json\b/i.test(type)) {
        throw new ApiError("unsupported_media_type", "the request body must be JSON (Content-Type: application/json)");
      }
    }
    const origin = c.req.header("origin");
    const ownOrigin = new URL(c.req.url).origin;
    if (origin !== undefined && origin !== ownOrigin) {
      throw new ApiError("forbidden", "cross-origin request refused");
    }
    const usesCookie = c.req.header("authorization") === undefined && readSessionCookie(c) !== undefined;
    if (origin === undefined && usesCookie) {
      throw new ApiError("forbidden", "a cookie-authenticated request must carry an Origin header");
    }
  }
  await next();
});
