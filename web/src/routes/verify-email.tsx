import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "./root";

/**
 * `/verify-email#token=…`, the link in the confirmation mail. The token rides in the fragment, which browsers
 * never send, so it reaches neither our logs nor anyone else's; the page posts it in a request body.
 */
export const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "verify-email",
  component: lazyRouteComponent(() => import("./verify-email.page"), "VerifyEmailPage"),
});
