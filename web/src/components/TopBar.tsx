import { Link, useParams } from "@tanstack/react-router";
import type { Me } from "../../../shared/api";
import { useLiveConnection } from "../live/stores";
import { LiveIndicator } from "./LiveIndicator";
import { NewOrgDialog } from "./NewOrgDialog";
import { OrgNav } from "./OrgNav";
import { OrgSwitcher } from "./OrgSwitcher";
import { SignOutButton } from "./SignOutButton";
import { ThemeToggle } from "./ThemeToggle";

export function TopBar({ me }: { me: Me }) {
  const { orgId } = useParams({ strict: false });
  const membership = me.memberships.find((m) => m.orgId === orgId);
  // The channel itself runs in the organization layout; the bar only shows its state.
  const connection = useLiveConnection(membership?.orgId);
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:px-6 lg:px-8">
        <Link
          to="/"
          className="mr-1 text-base font-semibold tracking-tight text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-indigo-400"
        >
          EdgeDock
        </Link>
        {/* Without organizations the page itself is the creation form, so the controls would only repeat it. */}
        {me.memberships.length > 0 ? (
          // On phones the organization controls get their own row so the switcher is wide enough to read.
          <div className="order-last flex w-full items-center gap-2 sm:order-none sm:w-auto">
            <OrgSwitcher memberships={me.memberships} currentOrgId={orgId} />
            <NewOrgDialog />
          </div>
        ) : null}
        {/* On phones the sections get a row of their own, below the organization controls. */}
        {membership ? <OrgNav membership={membership} /> : null}
        {/* One unit that moves to a row of its own when the row is full; the name is capped so it cannot push
            the indicator and Sign out off screen. */}
        <div className="ml-auto flex shrink-0 items-center justify-end gap-x-3">
          {membership ? <LiveIndicator connection={connection} /> : null}
          {/* The way to the account page (sign-in activity). On small phones the name is too narrow to be useful,
              so the link is called Account there. */}
          <Link
            to="/account"
            className="max-w-40 truncate rounded text-sm text-slate-600 hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-slate-300 dark:hover:text-slate-100"
            title={`${me.user.email}: your account`}
          >
            <span className="hidden min-[420px]:inline">{me.user.name}</span>
            <span className="min-[420px]:hidden">Account</span>
          </Link>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
