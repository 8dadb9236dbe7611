import { CreateOrgForm } from "../components/CreateOrgForm";
import { cardStyles } from "../components/styles";

export function FirstOrgPage() {
  return (
    <section className={`mx-auto max-w-md space-y-6 p-6 sm:p-8 ${cardStyles}`}>
      <title>Create an organization · EdgeDock</title>
      <div className="space-y-2">
        <h1 className="text-xl font-semibold tracking-tight">Create your organization</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Docks, members and roles all belong to an organization. If a teammate invited you, open the invitation link
          they sent instead.
        </p>
      </div>
      <CreateOrgForm />
    </section>
  );
}
