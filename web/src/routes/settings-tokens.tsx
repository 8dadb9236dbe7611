import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { settingsRoute } from "./settings-layout";

export const tokensRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "tokens",
  component: lazyRouteComponent(() => import("./settings-tokens.page"), "TokensPage"),
});
