import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { redirectIfSignedIn } from "../api/session";
import { validateNextSearch } from "../lib/next-path";
import { rootRoute } from "./root";

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: validateNextSearch,
  beforeLoad: redirectIfSignedIn,
  component: lazyRouteComponent(() => import("./login.page"), "LoginPage"),
});
