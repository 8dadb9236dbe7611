import { createRoute } from "@tanstack/react-router";
import { orgRoute } from "./org";

export const activityRoute = createRoute({ getParentRoute: () => orgRoute, path: "activity" });
