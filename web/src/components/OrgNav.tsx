import { Link, useLocation } from "@tanstack/react-router";
import { useEffect, useId, useRef, useState } from "react";
import { allows } from "../../../shared/permissions";
import type { Membership } from "../api/queries";
import { KIND_GROUPS, KIND_LABELS, canReadKind } from "../lib/resource-kinds";

const linkClass =
  "rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 sm:px-3 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 data-[status=active]:bg-indigo-50 data-[status=active]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-100 dark:data-[status=active]:bg-indigo-500/15 dark:data-[status=active]:text-indigo-300";

/** The organization's sections; each appears only for a role that may read it, as the API would refuse the rest. */
export function OrgNav({ membership }: { membership: Membership }) {
  const { orgId, role } = membership;
  const showDocks = allows(role.permissions, "docks", "read");
  const groups = KIND_GROUPS.map((g) => ({ ...g, kinds: g.kinds.filter((k) => canReadKind(role.permissions, k)) })).filter(
    (g) => g.kinds.length > 0,
  );

  return (
    <nav aria-label={`${membership.orgName} sections`} className="order-last w-full sm:order-none sm:w-auto">
      <ul className="flex flex-wrap items-center gap-1">
        <li>
          <Link to="/orgs/$orgId/overview" params={{ orgId }} className={linkClass}>
            Overview
          </Link>
        </li>
        {groups.length > 0 ? (
          <li>
            <ResourcesMenu orgId={orgId} groups={groups} />
          </li>
        ) : null}
        <li>
          <Link to="/orgs/$orgId/activity" params={{ orgId }} className={linkClass}>
            Activity
          </Link>
        </li>
        {showDocks ? (
          <li>
            {/* Active on the docks pages below it too, such as "Connect a provider". */}
            <Link to="/orgs/$orgId/docks" params={{ orgId }} className={linkClass}>
              Docks
            </Link>
          </li>
        ) : null}
        <li>
          {/* Every member has settings of their own (API tokens); the settings pages show what the role allows. */}
          <Link to="/orgs/$orgId/settings" params={{ orgId }} className={linkClass}>
            Settings
          </Link>
        </li>
      </ul>
    </nav>
  );
}

/**
 * A disclosure button with grouped links: a dozen kinds would not fit a phone's width as tabs. Plain links inside,
 * so Tab moves through them; Escape closes and returns focus to the button.
 */
function ResourcesMenu({ orgId, groups }: { orgId: string; groups: typeof KIND_GROUPS }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const pathname = useLocation({ select: (l) => l.pathname });
  const active = pathname.startsWith(`/orgs/${orgId}/resources/`);

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        data-status={active ? "active" : undefined}
        className={`${linkClass} inline-flex items-center gap-1`}
        onClick={() => setOpen((o) => !o)}
      >
        Resources <span aria-hidden="true">▾</span>
      </button>
      <div
        id={menuId}
        hidden={!open}
        className="absolute left-0 z-30 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {groups.map((group) => (
          <div key={group.label} className="py-1">
            <p className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400" id={`${menuId}-${group.label}`}>
              {group.label}
            </p>
            <ul aria-labelledby={`${menuId}-${group.label}`}>
              {group.kinds.map((kind) => (
                <li key={kind}>
                  <Link
                    to="/orgs/$orgId/resources/$kind"
                    params={{ orgId, kind }}
                    className={`block ${linkClass}`}
                    onClick={() => setOpen(false)}
                  >
                    {KIND_LABELS[kind]}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
