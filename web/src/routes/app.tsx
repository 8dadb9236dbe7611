import { Outlet, createRoute, redirect } from "@tanstack/react-router";
import { meQueryOptions, useMe } from "../api/queries";
import { TopBar } from "../components/TopBar";
import { rootRoute } from "./root";

/** Every page below this route needs a signed-in user and shows the top bar. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions);
    if (!me) throw redirect({ to: "/login", search: { next: location.href } });
    return { me };
  },
  component: AppLayout,
});

function AppLayout() {
  const me = useMe();
  // Null only for the moment between the session ending and the redirect to /login.
  if (!me) return null;
  return (
    <div className="min-h-dvh">
      <TopBar me={me} />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 lg:px-8">
        <Outlet />
      </main>
    </div>
  );
}
