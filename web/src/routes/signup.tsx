import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { redirectIfSignedIn } from "../api/session";
import { validateNextSearch } from "../lib/next-path";
import { rootRoute } from "./root";

export const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "signup",
  validateSearch: validateNextSearch,
  beforeLoad: redirectIfSignedIn,
  component: lazyRouteComponent(() => import("./signup.page"), "SignupPage"),
});
