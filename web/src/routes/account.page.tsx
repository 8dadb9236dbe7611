import { useInfiniteQuery } from "@tanstack/react-query";
import { securityEventsQueryOptions, useMe } from "../api/queries";
import { SecurityEventTable } from "../components/account/SecurityEventTable";
import { ErrorAlert } from "../components/ErrorAlert";
import { EmptyState } from "../components/settings/EmptyState";
import { LoadMoreButton } from "../components/settings/LoadMoreButton";
import { Section } from "../components/settings/Section";
import { Skeleton } from "../components/Skeleton";

export function AccountPage() {
  const me = useMe();
  if (!me) return null;
  return (
    <div className="max-w-4xl space-y-8">
      <title>Your account · EdgeDock</title>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{me.user.name}</span> ({me.user.email}).
        </p>
      </div>
      <SecurityEvents />
    </div>
  );
}

/** Where the owner notices an attack: every log-in and failed attempt on their email, with address and time. */
function SecurityEvents() {
  const events = useInfiniteQuery(securityEventsQueryOptions);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section title="Sign-in activity">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Log-ins, failed attempts on your email and confirmations, newest first. Failed attempts from an address you do not
        recognise mean someone is guessing your password: they are slowed down and cannot lock you out, but use a password
        you use nowhere else.
      </p>
      {events.isPending ? (
        <Skeleton label="Loading sign-in activity" lines={4} lineClassName="h-10" card />
      ) : events.isError && items.length === 0 ? (
        <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No sign-in activity yet">Log-ins and failed attempts on your account will be listed here.</EmptyState>
      ) : (
        <SecurityEventTable events={items} />
      )}
      <LoadMoreButton query={events} label="Show older activity" />
    </Section>
  );
}
